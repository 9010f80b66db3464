"""Exposure: sanctioned entities near an entity, on an in-memory store."""

from __future__ import annotations

import asyncio

import pytest

from graphsvc.errors import BadRequest
from graphsvc.services import exposure as service
from tests.fake_store import FakeStore


def graph() -> FakeStore:
    store = FakeStore()
    a, b = store.entity("a"), store.entity("b")
    near = store.entity("near", listed_by=["EU"])
    far = store.entity("far", listed_by=["US"])
    store.link("SUPPLY", a, near)
    store.link("USAGE", a, b)
    store.link("OWNERSHIP", far, b)
    store.entity("beyond", listed_by=["UK"])
    store.link("SUPPLY", "beyond", far)
    return store


def test_nearest_first_each_with_its_path() -> None:
    store = graph()
    found = asyncio.run(service.exposure(store, "a", max_hops=2))
    assert [e.target_id for e in found] == ["near", "far"]
    near, far = found
    assert near.path.entity_ids == ["a", "near"]
    assert far.path.entity_ids == ["a", "b", "far"]
    assert [h.type for h in far.path.hops] == ["USAGE", "OWNERSHIP"]
    assert far.path.length == 2
    assert far.path.hops[1].record_ids == ["rec-far-b"]
    assert not far.path.rests_on_score_merge


def test_the_search_goes_one_hop_further_at_a_time() -> None:
    store = graph()
    asyncio.run(service.exposure(store, "a", max_hops=3))
    assert store.calls == ["exposure:1", "exposure:2", "exposure:3"]


def test_a_full_answer_stops_the_deeper_search(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "EXPOSURE_LIMIT", 1)
    store = graph()
    found = asyncio.run(service.exposure(store, "a", max_hops=4))
    assert [e.target_id for e in found] == ["near"]
    assert store.calls == ["exposure:1"]


def test_an_entity_with_no_sanctioned_neighbour_has_no_exposure() -> None:
    store = FakeStore()
    store.link("USAGE", store.entity("a"), store.entity("b"))
    assert asyncio.run(service.exposure(store, "a", max_hops=2)) == []


@pytest.mark.parametrize("hops", [0, 5])
def test_hops_are_bounded(hops: int) -> None:
    with pytest.raises(BadRequest, match="maxHops"):
        asyncio.run(service.exposure(FakeStore(), "a", max_hops=hops))
