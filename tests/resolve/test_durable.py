"""Durable entity ids: which id each cluster keeps as records join and leave."""

from __future__ import annotations

from graphsvc.resolve.cluster import canonical_id
from graphsvc.resolve.durable import Merge, Split, assign, contested, mint


def test_a_first_load_mints_the_ids_it_always_gave() -> None:
    out = assign([["b:2", "a:1"], ["c:3"]], former={}, minted={})
    assert out.ids == {
        "a:1": canonical_id(["a:1", "b:2"]),
        "b:2": canonical_id(["a:1", "b:2"]),
        "c:3": canonical_id(["c:3"]),
    }
    assert sorted(out.minted) == sorted({canonical_id(["a:1"]), canonical_id(["c:3"])})
    assert out.merges == [] and out.splits == []


def test_a_record_with_a_smaller_id_joining_keeps_the_entity_id() -> None:
    former = {"m:5": "gs-old", "m:6": "gs-old"}
    out = assign([["a:0", "m:5", "m:6"]], former, minted={"gs-old": "2026-01-01T00:00:00Z"})
    assert set(out.ids.values()) == {"gs-old"}
    assert out.minted == [] and out.merges == [] and out.splits == []


def test_when_two_entities_merge_the_older_id_survives() -> None:
    former = {"a:1": "gs-young", "b:2": "gs-old"}
    minted = {"gs-young": "2026-05-01T00:00:00Z", "gs-old": "2026-01-01T00:00:00Z"}
    out = assign([["a:1", "b:2"]], former, minted)
    assert set(out.ids.values()) == {"gs-old"}
    assert out.merges == [Merge("gs-young", "gs-old")]


def test_an_id_minted_before_times_were_kept_counts_as_oldest() -> None:
    former = {"a:1": "gs-b", "b:2": "gs-a"}
    out = assign([["a:1", "b:2"]], former, {"gs-b": None, "gs-a": "2026-01-01T00:00:00Z"})
    assert set(out.ids.values()) == {"gs-b"}


def test_a_split_keeps_the_id_with_the_larger_part_and_mints_one_for_the_other() -> None:
    former = {"a:1": "gs-x", "b:2": "gs-x", "c:3": "gs-x"}
    out = assign([["a:1"], ["b:2", "c:3"]], former, {"gs-x": "2026-01-01T00:00:00Z"})
    assert out.ids["b:2"] == out.ids["c:3"] == "gs-x"
    new = out.ids["a:1"]
    assert new != "gs-x" and out.minted == [new]
    assert out.splits == [Split("gs-x", new)]


def test_records_moving_between_entities_split_the_one_they_left() -> None:
    former = {"a:1": "gs-x", "b:2": "gs-x", "c:3": "gs-y"}
    minted = {"gs-x": "2026-01-01", "gs-y": "2026-02-01"}
    out = assign([["a:1"], ["b:2", "c:3"]], former, minted)
    # a tie for gs-x: it follows the cluster holding its smallest record
    assert out.ids["a:1"] == "gs-x" and out.ids["b:2"] == out.ids["c:3"] == "gs-y"
    assert out.splits == [Split("gs-x", "gs-y")]


def test_a_new_id_never_names_something_taken() -> None:
    natural = canonical_id(["a:1"])
    out = assign([["a:1"]], former={}, minted={}, taken=lambda i: i == natural)
    assert out.ids["a:1"] != natural and out.ids["a:1"].startswith("gs-")
    assert mint(["a:1"], lambda i: i == natural) == out.ids["a:1"]


def test_the_answer_does_not_depend_on_the_order_of_clusters() -> None:
    former = {"a:1": "gs-x", "b:2": "gs-x", "c:3": "gs-y", "d:4": "gs-y"}
    minted = {"gs-x": "2026-01-01", "gs-y": "2026-01-01"}
    clusters = [["d:4", "a:1"], ["b:2"], ["c:3"]]
    one = assign(clusters, former, minted)
    two = assign(list(reversed(clusters)), former, minted)
    assert one.ids == two.ids and one.splits == two.splits and one.merges == two.merges


def test_only_ids_that_compete_for_a_cluster_are_contested() -> None:
    former = {"a:1": "gs-x", "b:2": "gs-y", "c:3": "gs-z"}
    assert contested([["a:1", "b:2"], ["c:3"]], former) == {"gs-x", "gs-y"}
