from __future__ import annotations

import hashlib

from graphsvc.resolve.cluster import JudgedPair, Judgement, UnionFind, canonical_id, cluster


def test_canonical_id_is_stable() -> None:
    expected = "gs-" + hashlib.sha1(b"a:1").hexdigest()[:16]
    assert canonical_id(["b:2", "a:1", "c:3"]) == expected
    assert canonical_id(["c:3", "a:1"]) == expected


def test_components_and_priority() -> None:
    ids = ["r0", "r1", "r2", "r3", "r4"]
    out, _uf = cluster(
        ids,
        identifier_links=[(0, 1)],
        scored_links=[(1, 2, 0.95), (3, 4, 0.8)],  # 0.8 is below AUTO_MATCH
    )
    assert out["r0"] == out["r1"] == out["r2"] == canonical_id(["r0"])
    assert out["r3"] != out["r4"]


def test_negative_judgement_blocks_transitive_merge() -> None:
    ids = ["a", "b", "c"]
    neg = [JudgedPair.of("a", "c", "negative")]
    out, uf = cluster(ids, neg, scored_links=[(0, 1, 0.99), (1, 2, 0.95)])
    assert out["a"] == out["b"]
    assert out["c"] != out["a"]
    assert uf.rejected == 1


def test_negative_judgement_beats_identifier() -> None:
    out, _ = cluster(["a", "b"], [JudgedPair.of("a", "b", "negative")], identifier_links=[(0, 1)])
    assert out["a"] != out["b"]


def test_positive_judgement_merges_and_unsure_does_nothing() -> None:
    ids = ["a", "b", "c", "d"]
    out, _ = cluster(
        ids, [JudgedPair.of("a", "b", "positive"), JudgedPair("c", "d", Judgement.UNSURE)]
    )
    assert out["a"] == out["b"]
    assert out["c"] != out["d"]


def test_unknown_ids_in_judgements_are_ignored() -> None:
    out, _ = cluster(["a"], [JudgedPair.of("a", "zz", "positive")])
    assert out == {"a": canonical_id(["a"])}


def test_union_find_negative_survives_unions() -> None:
    uf = UnionFind(4)
    uf.forbid(0, 3)
    assert uf.union(0, 1)
    assert uf.union(2, 3)
    assert not uf.union(1, 2)
    assert uf.find(0) != uf.find(3)


INN_A = {"inn": frozenset({"inn:7707083893"})}
INN_C = {"inn": frozenset({"inn:7736050003"})}


def test_chain_through_a_record_without_inn_does_not_join_two_inns() -> None:
    # a~b and b~c each agree (b has no INN), but a and c are two companies.
    ids = ["a", "b", "c"]
    out, uf = cluster(ids, scored_links=[(0, 1, 0.99), (1, 2, 0.95)], keys=[INN_A, None, INN_C])
    assert out["a"] == out["b"]
    assert out["c"] != out["a"]
    assert uf.rejected_by_identifier == 1


def test_identifier_conflict_is_checked_against_the_whole_cluster() -> None:
    # b joins c first (higher score); then a~b would bring INN_A into INN_C's cluster.
    ids = ["a", "b", "c", "d"]
    out, uf = cluster(
        ids,
        identifier_links=[(2, 3)],
        scored_links=[(1, 2, 0.99), (0, 1, 0.95)],
        keys=[INN_A, None, INN_C, None],
    )
    assert out["b"] == out["c"] == out["d"]
    assert out["a"] != out["b"]
    assert uf.rejected_by_identifier == 1


def test_same_inn_and_other_schemes_do_not_conflict() -> None:
    lei = {"lei": frozenset({"lei:253400JT3MQWNDKMJE44"})}
    both = {**INN_A, **lei}
    out, uf = cluster(
        ["a", "b", "c"], scored_links=[(0, 1, 0.99), (1, 2, 0.95)], keys=[INN_A, lei, both]
    )
    assert out["a"] == out["b"] == out["c"]
    assert uf.rejected_by_identifier == 0


def test_positive_judgement_joins_despite_an_identifier_conflict() -> None:
    # A person decided: one company re-registered under a new INN.
    out, uf = cluster(["a", "b"], [JudgedPair.of("a", "b", "positive")], keys=[INN_A, INN_C])
    assert out["a"] == out["b"]
    assert uf.rejected_by_identifier == 0
