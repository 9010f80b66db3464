"""Gaps: who an authority does not list, and why it might, on an in-memory store."""

from __future__ import annotations

import asyncio

import pytest

from graphsvc.errors import BadRequest
from graphsvc.services import gaps as service
from tests.fake_store import FakeStore


def graph() -> FakeStore:
    store = FakeStore()
    store.entity("listed-elsewhere", listed_by=["US", "UK"])
    store.entity("listed-by-eu", listed_by=["EU"])
    store.entity("supplier")
    store.entity("operator")
    store.entity("bystander")
    store.link("SUPPLY", "supplier", "listed-elsewhere")
    store.link("USAGE", "operator", "listed-by-eu")
    store.link("USAGE", "operator", "listed-elsewhere")
    store.link("FAMILY", "bystander", "listed-elsewhere")  # not a gap link type
    return store


def gaps(store: FakeStore, authority: str, **kw: object) -> list[service.Gap]:
    args: dict[str, object] = {"first": 50, "after": None, "max_page_size": 100, **kw}
    return asyncio.run(service.gaps(store, authority, **args))  # type: ignore[arg-type]


def test_gaps_name_what_other_authorities_list_and_links_to_the_listed() -> None:
    found = {g.entity_id: g for g in gaps(graph(), "EU")}
    assert set(found) == {"listed-elsewhere", "operator", "supplier"}
    assert found["listed-elsewhere"].reasons == ["listed by UK, US but not by EU"]
    assert found["listed-elsewhere"].listed_by == ["UK", "US"]
    operator = found["operator"]
    assert [(x.type, x.other_id) for x in operator.links] == [
        ("USAGE", "listed-by-eu"),
        ("USAGE", "listed-elsewhere"),
    ]
    assert operator.reasons == [
        "usage link to Listed By Eu (listed by EU)",
        "usage link to Listed Elsewhere (listed by UK, US)",
    ]
    assert found["supplier"].reasons == ["supply link to Listed Elsewhere (listed by UK, US)"]


def test_an_entity_the_authority_lists_is_no_gap() -> None:
    found = {g.entity_id for g in gaps(graph(), "US")}
    assert "listed-elsewhere" not in found
    assert "listed-by-eu" in found


def test_an_authority_may_be_named() -> None:
    assert {g.entity_id for g in gaps(graph(), "OFAC")} == {
        g.entity_id for g in gaps(graph(), "us")
    }


def test_pages_follow_the_entity_id() -> None:
    store = graph()
    first = gaps(store, "EU", first=1)
    assert [g.entity_id for g in first] == ["listed-elsewhere"]
    rest = gaps(store, "EU", after=first[-1].entity_id)
    assert [g.entity_id for g in rest] == ["operator", "supplier"]


def test_an_unknown_authority_is_refused() -> None:
    with pytest.raises(BadRequest, match="unknown authority"):
        gaps(graph(), "XX")


@pytest.mark.parametrize("first", [0, 101])
def test_the_page_size_is_bounded(first: int) -> None:
    with pytest.raises(BadRequest, match="first"):
        gaps(graph(), "EU", first=first)
