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
    assert folded_names(["ВижнЛабс", "Н-Тех.Лаб"]) == ["viznlabs", "n-teh.lab"]


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
    assert compact("Н-Тех.Лаб") == "ntehlab"
    # text that did not come from fold() keeps what is not ASCII
    assert compact_folded("ñ-tech lab") == "ñtechlab"


def test_lucene_queries_every_word_then_any_fuzzy_only_on_long_words() -> None:
    from graphsvc.search import lucene_queries

    # legal form out of the words, kept in the exact compact form
    assert lucene_queries("OOO Vektor Tekhnologii") == (
        "(+vektor~1 +tekhnologii~1) OR (ooovektortekhnologii)",
        "(vektor~1 tekhnologii~1) OR (ooovektortekhnologii)",
    )
    assert lucene_queries("ZAO Volu") == ("(+volu) OR (zaovolu)", None)  # one word left
    assert lucene_queries("N-Tech Lab") == (
        "(+n +tech +lab) OR (ntechlab)",
        "(n tech lab) OR (ntechlab)",
    )
    assert lucene_queries("Нтехлаб") == ("(+ntehlab~1)", None)  # one word: no compact clause
    # operators are not words
    assert lucene_queries("a+b:cd") == ("(+a +b +cd) OR (abcd)", "(a b cd) OR (abcd)")
    assert lucene_queries("«»") is None


def test_search_text_splits_the_words_the_tokenizer_keeps_joined() -> None:
    from graphsvc.store.derive import search_text

    assert search_text(["Н-Тех.Лаб"]) == "Н-Тех.Лаб | N-Teh.Lab | ntehlab | n teh lab"
    assert search_text(["Moscow's metro"]) == "Moscow's metro | moscowsmetro | moscow s metro"
    assert search_text(["N-Tech Lab"]) == "N-Tech Lab | ntechlab"  # the tokenizer splits "-"
