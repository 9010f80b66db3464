from __future__ import annotations

import random
from typing import Any

from graphsvc.resolve.cluster import JudgedPair
from graphsvc.resolve.pipeline import resolve
from graphsvc.resolve.score import AUTO_MATCH, REVIEW, MatchInput

SYNESIS = {"inn": "7704734000"}
BORN = "1978-11-09"
ROWS: list[dict[str, Any]] = [
    {"id": "eu:18", "schema": "Company", "names": ["NtechLab"], "countries": ["ru"]},
    {"id": "ru:1", "schema": "Company", "names": ["ООО «НТЕХЛАБ»"], "countries": ["ru"]},
    {"id": "nist:3", "schema": "Organization", "names": ["N-Tech Lab"]},
    {"id": "eu:5", "schema": "Company", "names": ["Synesis LLC"], "identifiers": SYNESIS},
    {"id": "egr:9", "schema": "Company", "names": ["СООО «Синезис»"], "identifiers": SYNESIS},
    {"id": "ofac:1", "schema": "Person", "names": ["SHATROU, Aliaksandr"], "birth_dates": [BORN]},
    {"id": "eu:123", "schema": "Person", "names": ["Alexander Shatrov"], "birth_dates": ["1978"]},
    {"id": "x:1", "schema": "Person", "names": ["Anton Konushin"]},
    {"id": "x:2", "schema": "Person", "names": ["Sergey Konushin"]},
    {"id": "x:3", "schema": "Company", "names": ["Rostec"]},
    {"id": "x:4", "schema": "Company", "names": ["Rostelecom"]},
    {"id": "x:5", "schema": "Person", "names": ["Alexander Shatunov"]},
]  # fmt: skip


def inputs() -> list[MatchInput]:
    return [MatchInput.from_dict(r) for r in ROWS]


def test_resolve_clusters_the_case() -> None:
    res = resolve(inputs(), workers=1)
    c = res.clusters
    assert c["eu:18"] == c["ru:1"] == c["nist:3"]
    assert c["eu:5"] == c["egr:9"]
    assert c["ofac:1"] == c["eu:123"]
    assert c["x:1"] != c["x:2"]
    assert c["x:3"] != c["x:4"]
    assert c["eu:123"] != c["x:5"]
    assert res.stats.records == len(ROWS)
    assert res.stats.pairs_scored >= 5
    for r in res.review:
        assert REVIEW <= r.result.score < AUTO_MATCH
    assert any({r.left, r.right} == {"eu:123", "x:5"} for r in res.review)


def test_resolve_is_deterministic_and_order_independent() -> None:
    first = resolve(inputs(), workers=1).clusters
    shuffled = inputs()
    random.Random(3).shuffle(shuffled)
    assert resolve(shuffled, workers=1).clusters == first


def test_judgements_win_and_leave_review() -> None:
    judged = [
        JudgedPair.of("eu:18", "nist:3", "negative"),
        JudgedPair.of("eu:123", "x:5", "unsure"),
        JudgedPair.of("x:3", "x:4", "positive"),
    ]
    res = resolve(inputs(), judged, workers=1)
    c = res.clusters
    assert c["eu:18"] != c["nist:3"]
    assert c["x:3"] == c["x:4"]
    assert not any({r.left, r.right} == {"eu:123", "x:5"} for r in res.review)


def test_parallel_scoring_matches_serial(monkeypatch: Any) -> None:
    import graphsvc.resolve.pipeline as pipeline

    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 1)
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    rows = inputs() * 1
    assert resolve(rows, workers=2).clusters == resolve(rows, workers=1).clusters
