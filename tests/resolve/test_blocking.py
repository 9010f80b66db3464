from __future__ import annotations

import numpy as np

from graphsvc.resolve.blocking import BlockIndex, candidate_pairs, record_keys
from graphsvc.resolve.score import MatchInput, Prepared, prepare


def _prep(rows: list[dict[str, object]]) -> list[Prepared]:
    return [prepare(MatchInput.from_dict({"id": str(i), **r})) for i, r in enumerate(rows)]


def test_cross_script_variants_share_a_block() -> None:
    recs = _prep(
        [
            {"schema": "Company", "names": ["NtechLab"]},
            {"schema": "Company", "names": ["ООО «НТЕХЛАБ»"]},
            {"schema": "Company", "names": ["N-Tech Lab"]},
            {"schema": "Person", "names": ["Vladimir Yevtushenkov"]},
            {"schema": "Person", "names": ["Владимир Евтушенков"]},
            {"schema": "Person", "names": ["SHATROU, Aliaksandr"]},
            {"schema": "Person", "names": ["Alexander Shatrov"]},
            {"schema": "Company", "names": ["MTS"]},
            {"schema": "Company", "names": ["Mobile TeleSystems PJSC"]},
        ]
    )
    _ids, pairs = candidate_pairs(recs)
    got = {tuple(p) for p in pairs.tolist()}
    for pair in [(0, 1), (0, 2), (1, 2), (3, 4), (5, 6), (7, 8)]:
        assert pair in got, pair
    assert (0, 3) not in got


def test_pairs_are_unique_and_ordered() -> None:
    recs = _prep([{"schema": "Company", "names": ["Synesis", "Sinezis LLC"]}] * 5)
    _ids, pairs = candidate_pairs(recs)
    assert len(pairs) == 10
    assert np.all(pairs[:, 0] < pairs[:, 1])


def test_common_keys_are_capped() -> None:
    recs = _prep([{"schema": "Company", "names": ["Alpha Group"]}] * 50)
    _ids, pairs = candidate_pairs(recs, max_block=10)
    assert len(pairs) == 0


def test_identifier_blocks_are_stars_and_uncapped() -> None:
    recs = _prep(
        [
            {"schema": "Company", "names": [f"N{i}"], "identifiers": {"inn": "7704734000"}}
            for i in range(100)
        ]
    )
    ids, _pairs = candidate_pairs(recs, max_block=10)
    assert len(ids) == 99
    assert set(ids[:, 0].tolist()) == {0}


def test_invalid_identifiers_do_not_block() -> None:
    p = _prep([{"schema": "Company", "names": ["X"], "identifiers": {"inn": "7704734001"}}])[0]
    _names, ids = record_keys(p)
    assert ids == []


def test_index_counts_blocks() -> None:
    index = BlockIndex()
    index.add(0, ["o:abc"], [])
    index.add(1, ["o:abc"], ["inn:7704734000"])
    assert index.blocks() == 2
    pairs, skipped = index.name_pairs()
    assert pairs.tolist() == [[0, 1]] and skipped == 0
