"""Durable entity ids: once minted, an entity's id stays while records join
or leave it, because investigators keep entity ids in notes and case files.

The resolver groups records into clusters; this module says which id each
cluster carries. Every former entity follows the cluster that holds most of
its records (its successor). A cluster that several former entities follow
keeps the id of the oldest (first minted) and the others are merged into it;
a cluster that none follows is split off, or new, and gets a freshly minted
id. The result depends only on the clusters and the former ids of their
records, so resolving part of the graph gives the ids a full run gives.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Merge:
    former: str  # the id that stops naming an entity of its own
    survivor: str


@dataclass(frozen=True, slots=True)
class Split:
    source: str  # the former entity that some records left
    new: str  # the entity they now belong to


@dataclass(slots=True)
class Succession:
    ids: dict[str, str] = field(default_factory=dict)  # record id -> entity id
    minted: list[str] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    splits: list[Split] = field(default_factory=list)

    def within(self, entities: set[str]) -> Succession:
        """The merges into, and splits to, these entities."""
        return Succession(
            merges=[m for m in self.merges if m.survivor in entities],
            splits=[s for s in self.splits if s.new in entities],
        )


def mint(members: Iterable[str], taken: Callable[[str], bool]) -> str:
    """A new entity id from the smallest member record id: the id a first
    load of these records has always given; another one if that is taken."""
    smallest = min(members)
    salt = 0
    while True:
        seed = smallest if salt == 0 else f"{smallest}\x00{salt}"
        candidate = "gs-" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:16]
        if not taken(candidate):
            return candidate
        salt += 1


@dataclass(slots=True)
class _Following:
    groups: list[list[str]]  # clusters, sorted members, in order of their first member
    shares: dict[str, dict[int, int]]  # former id -> cluster number -> records there
    successor: dict[str, int]  # former id -> the cluster it follows
    followers: dict[int, list[str]]  # cluster number -> former ids following it


def _follow(clusters: Iterable[Sequence[str]], former: Mapping[str, str | None]) -> _Following:
    groups = [sorted(c) for c in clusters if c]
    groups.sort(key=lambda members: members[0])  # an order independent of the caller's
    shares: dict[str, dict[int, int]] = {}
    first_record: dict[tuple[str, int], str] = {}
    for n, members in enumerate(groups):
        for rid in members:
            old = former.get(rid)
            if old is None:
                continue
            per = shares.setdefault(old, {})
            per[n] = per.get(n, 0) + 1
            first_record.setdefault((old, n), rid)
    # A former entity follows the cluster with most of its records; on a tie,
    # the one holding the smallest of its records there.
    successor: dict[str, int] = {}
    followers: dict[int, list[str]] = {}
    for old, per in shares.items():
        n = min(per, key=lambda k: (-per[k], first_record[(old, k)]))
        successor[old] = n
        followers.setdefault(n, []).append(old)
    return _Following(groups, shares, successor, followers)


def contested(clusters: Iterable[Sequence[str]], former: Mapping[str, str | None]) -> set[str]:
    """The former ids that follow the same cluster as another: only for these
    does ``assign`` need to know when they were minted."""
    following = _follow(clusters, former)
    return {old for olds in following.followers.values() if len(olds) > 1 for old in olds}


def assign(
    clusters: Iterable[Sequence[str]],
    former: Mapping[str, str | None],
    minted: Mapping[str, str | None],
    taken: Callable[[str], bool] = lambda _id: False,
) -> Succession:
    """The id of every cluster.

    ``clusters``: the member record ids of each cluster; ``former``: the
    entity each record belonged to (None: a new record); ``minted``: when each
    former entity was first minted (missing or None: before graphsvc kept the
    time, and so older than any that has one); ``taken``: whether an entity
    outside these clusters holds an id, so that a new id never names two.
    """
    following = _follow(clusters, former)
    out = Succession()
    used: set[str] = set()
    for n, members in enumerate(following.groups):
        claimants = sorted(
            following.followers.get(n, ()), key=lambda old: (minted.get(old) or "", old)
        )
        if claimants:
            eid = claimants[0]
            out.merges.extend(Merge(old, eid) for old in claimants[1:])
        else:
            eid = mint(members, lambda c: c in used or c in following.shares or taken(c))
            out.minted.append(eid)
        # Records that left an entity continuing elsewhere: that entity split.
        left = {
            o
            for rid in members
            if (o := former.get(rid)) is not None and following.successor[o] != n
        }
        out.splits.extend(Split(source, eid) for source in sorted(left))
        used.add(eid)
        for rid in members:
            out.ids[rid] = eid
    return out
