"""Re-ranking search candidates: stored folded names rank exactly as names
folded at query time, across scripts."""

from __future__ import annotations

from typing import Any

from graphsvc.search import folded_names, rank

CANDIDATES = [
    {"id": "e1", "caption": "NtechLab", "names": ["NtechLab", "Н-Тех.Лаб", "ООО НтехЛаб"]},
    {"id": "e2", "caption": "VisionLabs", "names": ["VisionLabs", "ВижнЛабс"]},
    {"id": "e3", "caption": "Tevian", "names": ["Тевиан"]},
]


def test_stored_folded_names_rank_as_names_folded_now() -> None:
    stored = [
        {"id": c["id"], "caption": c["caption"], "folded": folded_names(c["names"])}
        for c in CANDIDATES
    ]
    for query in ("N-Tech Lab", "Н-Тех.Лаб", "vizhnlabs", "Tevian"):
        now = [(score, c["id"]) for score, c in rank(query, CANDIDATES)]
        kept = [(score, c["id"]) for score, c in rank(query, stored)]
        assert kept == now, query


def test_cross_script_query_ranks_the_right_entity_first() -> None:
    assert rank("Н-Тех.Лаб", CANDIDATES)[0][1]["id"] == "e1"
    assert rank("N-Tech Lab", CANDIDATES)[0][1]["id"] == "e1"
    assert rank("Tevian", CANDIDATES)[0][1]["id"] == "e3"
    assert folded_names(["ВижнЛабс", "Н-Тех.Лаб"]) == ["vizhnlabs", "n-tekh.lab"]


def test_each_candidate_scores_its_best_name_by_either_scorer() -> None:
    # The rule rank applies, one name and one scorer at a time.
    from rapidfuzz import fuzz

    from graphsvc.search import compact, compact_folded, fold

    candidates: list[dict[str, Any]] = [
        *CANDIDATES,
        {"id": "e4", "caption": "N Tech", "folded": ["n tech", "ntech lab llc", "lab n tech"]},
        {"id": "e5", "caption": "", "names": []},
        {"id": "e6", "caption": "Rostec", "folded": ["rostec", "state corporation rostec"]},
    ]
    for query in ("N-Tech Lab", "Н-Тех.Лаб", "NTK", "Ростех", "lab", "x"):
        q, qc = fold(query), compact(query)
        expected = {}
        for c in candidates:
            names = c.get("folded") or folded_names(c.get("names") or [c.get("caption") or ""])
            best = max(max(fuzz.WRatio(q, n), fuzz.ratio(qc, compact_folded(n))) for n in names)
            expected[c["id"]] = round(best / 100.0, 4)
        ranked = rank(query, candidates)
        assert {c["id"]: score for score, c in ranked} == expected, query
        assert [score for score, _ in ranked] == sorted(expected.values(), reverse=True)
    assert rank("anything", []) == []


def test_compact_form_keeps_letters_and_digits_only() -> None:
    import re

    from graphsvc.search import compact, compact_folded

    for folded in ("n-tech lab, ooo", 'ao "nii" 7/2', "  ", "x", "rostec (state corp.)"):
        assert compact_folded(folded) == re.sub(r"[^a-z0-9]", "", folded), folded
    assert compact("Н-Тех.Лаб") == "ntekhlab"
    # text that did not come from fold() keeps what is not ASCII
    assert compact_folded("ñ-tech lab") == "ñtechlab"


def test_lucene_queries_every_word_then_near_then_any() -> None:
    from graphsvc.search import LuceneQueries, lucene_queries

    # legal form out of the words, kept in the exact compact form; sound keys
    # from four letters, edits from five
    assert lucene_queries("OOO Vektor Tekhnologii") == LuceneQueries(
        "(+(vektor _vktr) +(tekhnologii _tknlg)) OR (ooovektortekhnologii)",
        "(+(vektor~1 _vktr) +(tekhnologii~1 _tknlg)) OR (ooovektortekhnologii)",
        "((vektor~1 _vktr) (tekhnologii~1 _tknlg)) OR (ooovektortekhnologii)",
    )
    # one word left, too short for edits, its key too short to say anything: one query
    assert lucene_queries("ZAO Volu") == LuceneQueries("(+volu) OR (zaovolu)", None, None)
    assert lucene_queries("N-Tech Lab") == LuceneQueries(
        "(+n +tech +lab) OR (ntechlab)", None, "(n tech lab) OR (ntechlab)"
    )
    # one word: no compact clause, nothing to ask for "any"
    assert lucene_queries("Нтехлаб") == LuceneQueries(
        "(+(ntekhlab _ntklb))", "(+(ntekhlab~1 _ntklb))", None
    )
    # operators are not words; an apostrophe does not split one
    assert lucene_queries("a+b:cd") == LuceneQueries(
        "(+a +b +cd) OR (abcd)", None, "(a b cd) OR (abcd)"
    )
    assert lucene_queries("Moscow's")[0] == "(+(moscows _mskvs))"  # type: ignore[index]
    assert lucene_queries("«»") is None


def test_sound_keys_join_the_latin_spellings_of_a_cyrillic_name() -> None:
    from graphsvc.search import fold, word_key

    for written, cyrillic in [
        ("Yevgeniy", "Евгений"),
        ("Fekiyov", "Фекиёв"),
        ("Lomoshuzhi", "Ломошужи"),
        ("Moshcheuk", "Мощеук"),
        ("Koseuk", "Кощеук"),
        ("Yurevich", "Юрьевич"),
        ("Rotsebo", "Роцебо"),
        ("Zechupachu", "Зечупачу"),
        ("Shatrou", "Шатров"),
        ("Rostec", "Ростех"),
    ]:
        assert word_key(fold(written)) == word_key(fold(cyrillic)), (written, cyrillic)
    assert word_key("fekiev") == "fkv"
    assert word_key("tech") is None  # a two-letter key would match too many words


def test_search_match_and_the_resolver_fold_and_key_names_alike() -> None:
    """One pipeline: search's folding and keys are the resolver's own, so a
    spelling the resolver joins, search finds."""
    from graphsvc import namefold
    from graphsvc.resolve.names import name_keys
    from graphsvc.search import fold, sound_keys
    from graphsvc.services.match_query import search_query

    for name in ("Шатров Александр Викторович", "Yevgeniy Koseuk", "Кощеук Евгений"):
        assert fold(name) == namefold.fold(name)
        keys = {k.removeprefix("_") for k in sound_keys(fold(name))}
        # the resolver's key of every name part is one of search's index keys
        assert set(name_keys(name, "Person").token_skeletons) <= keys, name
        # and /match asks the index for the same folded words
        assert all(w in search_query([name]) for w in namefold.clean(name).split())
    assert sound_keys(fold("Yevgeniy Koseuk")) == sound_keys(fold("Кощеук Евгений"))[::-1]


def test_search_text_has_words_as_a_query_splits_them_and_sound_keys() -> None:
    from graphsvc.store.derive import search_text

    assert search_text(["Н-Тех.Лаб"]) == "Н-Тех.Лаб | n-tekh.lab | ntekhlab | n tekh lab"
    # an apostrophe joins: "Moscow's" is one word, "moscows" as a query
    assert search_text(["Moscow's metro", "Юрьевич"]) == (
        "Moscow's metro | moscow's metro | moscowsmetro | moscows metro | Юрьевич | yurevich"
        " | _mskvs _mtr _arvk"
    )
    assert search_text(["N-Tech Lab"]) == "N-Tech Lab | n-tech lab | ntechlab"  # "-" splits
