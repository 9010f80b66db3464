"""Paths between entities, on an in-memory store."""

from __future__ import annotations

import asyncio

import pytest

from graphsvc.errors import BadRequest
from graphsvc.graph.rows import Link, PathRow
from graphsvc.services import paths as service
from tests.fake_store import FakeStore


def graph() -> FakeStore:
    store = FakeStore()
    for e in ("a", "b", "c"):
        store.entity(e)
    store.owns("a", "b", "51")
    store.link("SUPPLY", "c", "b")
    return store


def test_a_path_lists_its_entities_and_each_hop_with_its_records() -> None:
    (path,) = asyncio.run(service.find_paths(graph(), "a", "c", first=1))
    assert path.entity_ids == ["a", "b", "c"]
    assert path.length == 2
    first, second = path.hops
    assert (first.type, first.from_id, first.to_id, first.percentage) == (
        "OWNERSHIP",
        "a",
        "b",
        "51",
    )
    assert (second.type, second.from_id, second.to_id) == ("SUPPLY", "c", "b")
    assert second.record_ids == ["rec-c-b"]
    assert first.properties == {}


def test_two_ids_of_one_entity_are_a_path_without_hops() -> None:
    (path,) = asyncio.run(service.find_paths(FakeStore(), "a", "a"))
    assert (path.entity_ids, path.hops, path.length) == (["a"], [], 0)


def test_a_hop_rests_on_a_score_merge_when_either_end_was_merged_by_name() -> None:
    row = PathRow(
        nodes=["a", "b", "c"],
        rels=[Link("SUPPLY", "a", "b"), Link("USAGE", "b", "c")],
        score_merged=["c"],
    )
    path = service.build_path(row.nodes, row.rels, row.score_merged)
    assert [h.rests_on_score_merge for h in path.hops] == [False, True]
    assert path.rests_on_score_merge


@pytest.mark.parametrize(("hops", "first"), [(0, 5), (7, 5), (4, 0), (4, 51)])
def test_bounds_are_checked(hops: int, first: int) -> None:
    with pytest.raises(BadRequest):
        asyncio.run(service.find_paths(FakeStore(), "a", "b", max_hops=hops, first=first))
