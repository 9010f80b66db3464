"""Clustering: canonical entities are connected components of positive links.

Invariant: two records share a canonical id only through a chain of positive links
(judgement, shared valid identifier, or score >= AUTO_MATCH), applied in that priority
order, and never when a negative judgement spans the two clusters at union time. A
link other than a positive judgement never joins two clusters whose identifiers of a
conflict scheme (INN, OGRN, LEI, ...) differ: each pair on a chain can agree while
its ends are two registered companies (A~B~C where only A and C have an INN).
A cluster's id is "gs-" + sha1(smallest member record id)[:16]: the same on every run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum


class Judgement(Enum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    UNSURE = "unsure"


@dataclass(frozen=True, slots=True)
class JudgedPair:
    """A person's decision about two record ids; judgements win over scores."""

    left: str
    right: str
    judgement: Judgement

    @classmethod
    def of(cls, left: str, right: str, judgement: str | Judgement) -> JudgedPair:
        return cls(left, right, Judgement(judgement))


def canonical_id(member_ids: Iterable[str]) -> str:
    """Deterministic, stable id of a cluster: from its smallest member record id."""
    smallest = min(member_ids)
    return "gs-" + hashlib.sha1(smallest.encode("utf-8")).hexdigest()[:16]


Keys = Mapping[str, frozenset[str]]  # scheme -> identifier keys of a conflict scheme


class UnionFind:
    """Union-find over record numbers 0..n-1 with negative constraints and, when
    given each record's conflict-scheme identifiers, identifier conflicts."""

    __slots__ = ("_blocked", "_keys", "_parent", "_size", "rejected", "rejected_by_identifier")

    def __init__(self, n: int, keys: Sequence[Keys | None] | None = None) -> None:
        self._parent = list(range(n))
        self._size = [1] * n
        # root -> record numbers that must never join its cluster
        self._blocked: dict[int, set[int]] = {}
        # root -> the conflict-scheme identifiers of its whole cluster
        self._keys: list[Keys | None] = list(keys) if keys is not None else [None] * n
        self.rejected = 0
        self.rejected_by_identifier = 0

    def find(self, x: int) -> int:
        parent = self._parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def forbid(self, a: int, b: int) -> None:
        """A negative judgement: a's and b's clusters may never be joined."""
        self._blocked.setdefault(self.find(a), set()).add(b)
        self._blocked.setdefault(self.find(b), set()).add(a)

    def _spans_negative(self, ra: int, rb: int) -> bool:
        for root, other in ((ra, rb), (rb, ra)):
            blocked = self._blocked.get(root)
            if blocked and any(self.find(x) == other for x in blocked):
                return True
        return False

    def _identifiers_conflict(self, ra: int, rb: int) -> bool:
        ka, kb = self._keys[ra], self._keys[rb]
        if not ka or not kb:
            return False
        return any(scheme in kb and keys.isdisjoint(kb[scheme]) for scheme, keys in ka.items())

    def union(self, a: int, b: int, *, check_identifiers: bool = True) -> bool:
        """Join a's and b's clusters; False if already joined, a negative spans
        them or (with ``check_identifiers``) their identifiers conflict."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self._blocked and self._spans_negative(ra, rb):
            self.rejected += 1
            return False
        if check_identifiers and self._identifiers_conflict(ra, rb):
            self.rejected_by_identifier += 1
            return False
        if self._size[ra] < self._size[rb]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._size[ra] += self._size[rb]
        moved = self._blocked.pop(rb, None)
        if moved:
            self._blocked.setdefault(ra, set()).update(moved)
        kb = self._keys[rb]
        if kb:
            ka = self._keys[ra]
            self._keys[ra] = (
                {s: ka.get(s, frozenset()) | kb.get(s, frozenset()) for s in ka.keys() | kb.keys()}
                if ka
                else kb
            )
            self._keys[rb] = None
        return True

    def components(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for x in range(len(self._parent)):
            out.setdefault(self.find(x), []).append(x)
        return out


def cluster(
    ids: Sequence[str],
    judgements: Iterable[JudgedPair] = (),
    identifier_links: Iterable[tuple[int, int]] = (),
    scored_links: Iterable[tuple[int, int, float]] = (),
    auto_match: float | None = None,
    keys: Sequence[Keys | None] | None = None,
) -> tuple[dict[str, str], UnionFind]:
    """Record id -> canonical id. Links are record numbers (positions in ``ids``).

    Order: positive judgements, identifier links, then scored links by score
    descending (those below ``auto_match`` are ignored). Negative judgements are
    registered first so that no later link can cross them. ``keys`` gives each
    record's conflict-scheme identifiers: identifier and scored links never join
    clusters where they differ; a person's positive judgement does.
    """
    from graphsvc.resolve.score import AUTO_MATCH

    threshold = AUTO_MATCH if auto_match is None else auto_match
    uf = UnionFind(len(ids), keys)
    pos = {rid: i for i, rid in enumerate(ids)}
    positives: list[tuple[int, int]] = []
    for j in judgements:
        a, b = pos.get(j.left), pos.get(j.right)
        if a is None or b is None:
            continue
        if j.judgement is Judgement.NEGATIVE:
            uf.forbid(a, b)
        elif j.judgement is Judgement.POSITIVE:
            positives.append((a, b))
    for a, b in positives:
        uf.union(a, b, check_identifiers=False)
    for a, b in identifier_links:
        uf.union(a, b)
    for a, b, _s in sorted(
        (link for link in scored_links if link[2] >= threshold), key=lambda t: -t[2]
    ):
        uf.union(a, b)
    out: dict[str, str] = {}
    for members in uf.components().values():
        cid = canonical_id(ids[m] for m in members)
        for m in members:
            out[ids[m]] = cid
    return out, uf
