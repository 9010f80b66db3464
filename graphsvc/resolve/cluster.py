"""Clustering: canonical entities are connected components of positive links.

Invariant: two records share a canonical id only through a chain of positive links
(judgement, shared valid identifier, or score >= AUTO_MATCH), applied in that priority
order. No link but a person's positive judgement joins two clusters that conflict as
wholes (``consistency.conflict``: identifiers, birth dates, genders, countries), and no
link at all crosses a negative judgement. Every applied link is kept, and for every
pair of clusters a link was refused between, the first such link with its reason, so
that an entity can say why its records are together and a person can judge the rest.
A cluster's id is "gs-" + sha1(smallest member record id)[:16]: the same on every run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from graphsvc.resolve.consistency import Profile, conflict


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


class LinkKind(Enum):
    JUDGEMENT = "judgement"
    IDENTIFIER = "identifier"
    SCORE = "score"


@dataclass(frozen=True, slots=True)
class Link:
    """One link between two record numbers, as applied or refused.

    ``note`` is the conflict a judgement overrode (applied links) or the reason the
    link was refused (refused links).
    """

    a: int
    b: int
    kind: LinkKind
    score: float
    note: str | None = None


def canonical_id(member_ids: Iterable[str]) -> str:
    """Deterministic, stable id of a cluster: from its smallest member record id."""
    smallest = min(member_ids)
    return "gs-" + hashlib.sha1(smallest.encode("utf-8")).hexdigest()[:16]


class UnionFind:
    """Union-find over record numbers 0..n-1 with negative constraints and, when given
    each record's ``Profile``, a consistency check of the two whole clusters."""

    __slots__ = (
        "_blocked",
        "_parent",
        "_profiles",
        "_refused_pairs",
        "_size",
        "applied",
        "refused",
        "refused_again",
        "rejected",
    )

    def __init__(self, n: int, profiles: Sequence[Profile | None] | None = None) -> None:
        self._parent = list(range(n))
        self._size = [1] * n
        # root -> record numbers that must never join its cluster
        self._blocked: dict[int, set[int]] = {}
        # root -> the profile of its whole cluster (None: nothing known)
        self._profiles: list[Profile | None] = (
            [p if p is not None and not p.is_empty() else None for p in profiles]
            if profiles is not None
            else [None] * n
        )
        self.rejected = 0  # links refused by a negative judgement
        self.applied: list[Link] = []
        self.refused: list[Link] = []  # links refused by a conflict
        # Two namesakes' clusters refuse a link for every pair of their records; the
        # first (best) link stands for the pair of clusters, the rest are counted.
        self._refused_pairs: set[tuple[int, int]] = set()
        self.refused_again = 0

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

    def conflict(self, a: int, b: int, *, by_identifier: bool = False) -> str | None:
        """Why a's and b's clusters cannot be one entity, or None."""
        pa, pb = self._profiles[self.find(a)], self._profiles[self.find(b)]
        if pa is None or pb is None:
            return None
        return conflict(pa, pb, by_identifier=by_identifier)

    def union(self, a: int, b: int, kind: LinkKind = LinkKind.SCORE, score: float = 1.0) -> bool:
        """Join a's and b's clusters; False if already joined, a negative judgement
        spans them, or (for any link but a judgement) the clusters conflict."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self._blocked and self._spans_negative(ra, rb):
            self.rejected += 1
            return False
        reason = self.conflict(a, b, by_identifier=kind is LinkKind.IDENTIFIER)
        if reason is not None and kind is not LinkKind.JUDGEMENT:
            pair = (ra, rb) if ra < rb else (rb, ra)
            if pair in self._refused_pairs:
                self.refused_again += 1
            else:
                self._refused_pairs.add(pair)
                self.refused.append(Link(a, b, kind, score, reason))
            return False
        self.applied.append(Link(a, b, kind, score, reason))
        if self._size[ra] < self._size[rb]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._size[ra] += self._size[rb]
        moved = self._blocked.pop(rb, None)
        if moved:
            self._blocked.setdefault(ra, set()).update(moved)
        pb = self._profiles[rb]
        if pb is not None:
            pa = self._profiles[ra]
            self._profiles[ra] = pb if pa is None else pa.join(pb)
            self._profiles[rb] = None
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
    profiles: Sequence[Profile | None] | None = None,
) -> tuple[dict[str, str], UnionFind]:
    """Record id -> canonical id. Links are record numbers (positions in ``ids``).

    Order: positive judgements, identifier links, then scored links by score
    descending (those below ``auto_match`` are ignored). Negative judgements are
    registered first so that no later link can cross them. ``profiles`` gives what
    each record says of its entity: identifier and scored links never join clusters
    that conflict; a person's positive judgement does, and the link says so.
    """
    from graphsvc.resolve.score import AUTO_MATCH

    threshold = AUTO_MATCH if auto_match is None else auto_match
    uf = UnionFind(len(ids), profiles)
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
        uf.union(a, b, LinkKind.JUDGEMENT)
    for a, b in identifier_links:
        uf.union(a, b, LinkKind.IDENTIFIER)
    for a, b, s in sorted(
        (link for link in scored_links if link[2] >= threshold), key=lambda t: (-t[2], t[0], t[1])
    ):
        uf.union(a, b, LinkKind.SCORE, s)
    out: dict[str, str] = {}
    for members in uf.components().values():
        cid = canonical_id(ids[m] for m in members)
        for m in members:
            out[ids[m]] = cid
    return out, uf
