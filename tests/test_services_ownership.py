"""Ownership arithmetic and the 50% rule, on an in-memory store."""

from __future__ import annotations

import asyncio

import pytest

from graphsvc.services import ownership
from tests.fake_store import FakeStore


def report(store: FakeStore, target: str, **kw: bool) -> ownership.OwnershipReport:
    return asyncio.run(ownership.report(store, target, "2024-01-01", **kw))


def by_owner(r: ownership.OwnershipReport) -> dict[str, ownership.OwnerTotal]:
    return {t.owner: t for t in r.owners}


def test_a_direct_stake_is_its_share() -> None:
    store = FakeStore()
    store.owns(store.entity("a"), store.entity("t"), "60")
    owner = by_owner(report(store, "t"))["a"]
    assert owner.direct == pytest.approx(0.6)
    assert owner.total == pytest.approx(0.6)
    assert owner.arithmetic == "60%"


def test_an_indirect_chain_multiplies_its_shares() -> None:
    store = FakeStore()
    a, b, t = store.entity("a"), store.entity("b"), store.entity("t")
    store.owns(a, b, "50%")
    store.owns(b, t, "40,0")
    owners = by_owner(report(store, t))
    assert owners["a"].direct is None  # no stake of its own in t
    assert owners["a"].total == pytest.approx(0.2)
    (chain,) = owners["a"].chains
    assert chain.entities == ["a", "b", "t"]
    assert chain.arithmetic == "50% × 40% = 20%"
    assert chain.record_ids == ["rec-a-b", "rec-b-t"]


def test_several_chains_of_one_owner_add_up() -> None:
    store = FakeStore()
    a, b, t = store.entity("a"), store.entity("b"), store.entity("t")
    store.owns(a, t, "30")
    store.owns(a, b, "50")
    store.owns(b, t, "40")
    owner = by_owner(report(store, t))["a"]
    assert owner.direct == pytest.approx(0.3)
    assert owner.total == pytest.approx(0.5)
    assert owner.arithmetic == "30% + 20% = 50%"
    # owners come largest total first
    assert [o.owner for o in report(store, t).owners] == ["a", "b"]


def test_an_unstated_share_leaves_the_total_unknown() -> None:
    store = FakeStore()
    a, b, t = store.entity("a"), store.entity("b"), store.entity("t")
    store.owns(a, b, None)
    store.owns(b, t, "40")
    assert by_owner(report(store, t))["a"].total is None


def test_fifty_percent_rule_holds_for_sanctioned_owners_in_aggregate() -> None:
    store = FakeStore()
    t = store.entity("t")
    store.owns(store.entity("s1", listed_by=["US"]), t, "30")
    store.owns(store.entity("s2", listed_by=["EU"]), t, "25")
    store.owns(store.entity("clean"), t, "45")
    r = report(store, t)
    assert r.sanctioned_share == pytest.approx(0.55)
    assert r.fifty_percent_rule is True


def test_fifty_percent_rule_fails_below_half() -> None:
    store = FakeStore()
    t = store.entity("t")
    store.owns(store.entity("s1", listed_by=["US"]), t, "30")
    store.owns(store.entity("clean"), t, "70")
    r = report(store, t)
    assert r.sanctioned_share == pytest.approx(0.3)
    assert r.fifty_percent_rule is False


def test_sanctioned_parent_and_sanctioned_subsidiary_are_not_counted_twice() -> None:
    """P owns all of S; both are sanctioned. S holds 30% of T and P 15% more
    directly: T is 45% in sanctioned hands, not 75% (S's stake once through S
    and again through P's chain P → S → T)."""
    store = FakeStore()
    t = store.entity("t")
    p = store.entity("parent", listed_by=["US"])
    s = store.entity("subsidiary", listed_by=["US"])
    store.owns(p, s, "100")
    store.owns(s, t, "30")
    store.owns(p, t, "15")
    r = report(store, t)
    assert r.sanctioned_share == pytest.approx(0.45)
    assert r.fifty_percent_rule is False
    # the parent's own total still counts both its chains
    assert by_owner(r)["parent"].total == pytest.approx(0.45)


def test_a_sanctioned_owner_without_a_stated_share_leaves_the_rule_undecided() -> None:
    store = FakeStore()
    t = store.entity("t")
    store.owns(store.entity("s1", listed_by=["US"]), t, None)
    r = report(store, t)
    assert r.sanctioned_share is None
    assert r.fifty_percent_rule is None
    assert r.sanctioned_arithmetic == "a sanctioned owner's share is not stated"


def test_no_sanctioned_owner_is_a_zero_share() -> None:
    store = FakeStore()
    store.owns(store.entity("a"), store.entity("t"), "100")
    r = report(store, "t")
    assert (r.sanctioned_share, r.fifty_percent_rule) == (0.0, False)


def test_holdings_group_by_the_held_entity_and_read_top_down() -> None:
    store = FakeStore()
    a, b, t = store.entity("a"), store.entity("b"), store.entity("t")
    store.owns(a, b, "50")
    store.owns(b, t, "40")
    r = report(store, a, holdings=True)
    held = by_owner(r)
    assert set(held) == {"b", "t"}
    assert held["t"].total == pytest.approx(0.2)
    (chain,) = held["t"].chains_as_read()
    assert chain.entities == ["a", "b", "t"]
    assert r.fifty_percent_rule is None
    assert store.calls == ["holdings"]


def test_history_reads_every_stake_and_has_no_date() -> None:
    store = FakeStore()
    store.owns(store.entity("a"), store.entity("t"), "10")
    r = asyncio.run(ownership.report(store, "t", None, history=True))
    assert r.as_of is None


def test_a_report_defaults_to_today() -> None:
    store = FakeStore()
    store.entity("t")
    r = asyncio.run(ownership.report(store, "t"))
    assert r.as_of is not None and len(r.as_of) == 10
