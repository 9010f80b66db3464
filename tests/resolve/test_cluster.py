from __future__ import annotations

import hashlib

from graphsvc.resolve.cluster import (
    JudgedPair,
    Judgement,
    LinkKind,
    UnionFind,
    canonical_id,
    cluster,
)
from graphsvc.resolve.consistency import Profile, conflict, date_parts


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


INN_A = Profile(conflict_ids={"inn": frozenset({"inn:7707083893"})})
INN_C = Profile(conflict_ids={"inn": frozenset({"inn:7736050003"})})


def test_chain_through_a_record_without_inn_does_not_join_two_inns() -> None:
    # a~b and b~c each agree (b has no INN), but a and c are two companies.
    ids = ["a", "b", "c"]
    out, uf = cluster(ids, scored_links=[(0, 1, 0.99), (1, 2, 0.95)], profiles=[INN_A, None, INN_C])
    assert out["a"] == out["b"]
    assert out["c"] != out["a"]
    assert len(uf.refused) == 1


def test_identifier_conflict_is_checked_against_the_whole_cluster() -> None:
    # b joins c first (higher score); then a~b would bring INN_A into INN_C's cluster.
    ids = ["a", "b", "c", "d"]
    out, uf = cluster(
        ids,
        identifier_links=[(2, 3)],
        scored_links=[(1, 2, 0.99), (0, 1, 0.95)],
        profiles=[INN_A, None, INN_C, None],
    )
    assert out["b"] == out["c"] == out["d"]
    assert out["a"] != out["b"]
    assert len(uf.refused) == 1


def test_same_inn_and_other_schemes_do_not_conflict() -> None:
    lei = Profile(conflict_ids={"lei": frozenset({"lei:253400JT3MQWNDKMJE44"})})
    both = INN_A.join(lei)
    out, uf = cluster(
        ["a", "b", "c"], scored_links=[(0, 1, 0.99), (1, 2, 0.95)], profiles=[INN_A, lei, both]
    )
    assert out["a"] == out["b"] == out["c"]
    assert not uf.refused


def test_positive_judgement_joins_despite_an_identifier_conflict() -> None:
    # A person decided: one company re-registered under a new INN.
    out, uf = cluster(["a", "b"], [JudgedPair.of("a", "b", "positive")], profiles=[INN_A, INN_C])
    assert out["a"] == out["b"]
    assert not uf.refused
    assert uf.applied[0].kind is LinkKind.JUDGEMENT
    assert uf.applied[0].note is not None and "different inn" in uf.applied[0].note


def _person(*born: str, countries: tuple[str, ...] = (), genders: tuple[str, ...] = ()) -> Profile:
    return Profile(
        person=True,
        born=tuple(date_parts(d) for d in born),
        countries=frozenset(countries),
        genders=genders,
    )


def test_a_name_only_record_does_not_chain_two_birth_dates() -> None:
    # a (born 1952) ~ c (no date) ~ b (born 1985): c may join one of them, never both.
    ids = ["a", "b", "c"]
    profiles = [_person("1952-03-01"), _person("1985"), _person()]
    out, uf = cluster(ids, scored_links=[(0, 2, 1.0), (1, 2, 1.0)], profiles=profiles)
    assert out["a"] != out["b"]
    assert len(uf.refused) == 1
    refused = uf.refused[0]
    assert refused.note in (
        "birth dates differ: 1952-03-01 vs 1985",
        "birth dates differ: 1985 vs 1952-03-01",
    )


def test_birth_dates_agree_at_their_common_precision() -> None:
    assert conflict(_person("1952"), _person("1952-03-01")) is None
    assert conflict(_person("1952-03"), _person("1952-04-01")) is not None
    # Lists give alternative birth dates; one that agrees is enough.
    assert conflict(_person("1952", "1953"), _person("1953-07-01")) is None


def test_genders_and_nationalities_conflict_for_whole_clusters() -> None:
    assert conflict(_person(genders=("male",)), _person(genders=("female",))) is not None
    assert conflict(_person(countries=("iq",)), _person(countries=("sy",))) is not None
    # A birth date that agrees outweighs a nationality one list gives and one does not.
    both = conflict(_person("1960-01-01", countries=("iq",)), _person("1960", countries=("jo",)))
    assert both is None


def test_organisations_of_two_jurisdictions_join_only_on_a_shared_identifier() -> None:
    nl = Profile(countries=frozenset({"nl"}))
    us = Profile(countries=frozenset({"us"}))
    assert conflict(nl, us) == "jurisdictions differ: nl vs us"
    assert conflict(nl, us, by_identifier=True) is None
    out, _uf = cluster(["nl", "us"], scored_links=[(0, 1, 0.97)], profiles=[nl, us])
    assert out["nl"] != out["us"]
    out, _uf = cluster(["nl", "us"], identifier_links=[(0, 1)], profiles=[nl, us])
    assert out["nl"] == out["us"]


def test_identifier_link_never_joins_two_birth_dates() -> None:
    out, uf = cluster(
        ["a", "b"], identifier_links=[(0, 1)], profiles=[_person("1952"), _person("1985")]
    )
    assert out["a"] != out["b"]
    assert uf.refused[0].kind is LinkKind.IDENTIFIER


def test_every_applied_link_is_kept() -> None:
    _out, uf = cluster(
        ["a", "b", "c"], [JudgedPair.of("a", "b", "positive")], scored_links=[(1, 2, 0.95)]
    )
    assert [(x.a, x.b, x.kind) for x in uf.applied] == [
        (0, 1, LinkKind.JUDGEMENT),
        (1, 2, LinkKind.SCORE),
    ]
