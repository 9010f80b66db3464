"""Re-ranking search candidates: stored folded names rank exactly as names
folded at query time, across scripts."""

from __future__ import annotations

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
