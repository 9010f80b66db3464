"""Paths between entities, each hop with the records that support it."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphsvc import pages
from graphsvc.errors import BadRequest
from graphsvc.graph import ProcedureMissing, Store
from graphsvc.graph.rows import Link, PathRow
from graphsvc.model import PATH_TYPES

SHORTEST_PATH = "graphsvc.shortestPath"


@dataclass(frozen=True, slots=True)
class Hop:
    type: str
    schema: str | None
    from_id: str
    to_id: str
    start_date: str | None
    end_date: str | None
    summary: str | None
    percentage: str | None
    role: str | None
    record_ids: list[str]
    rests_on_score_merge: bool  # an entity at either end was merged on name similarity alone
    properties: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Path:
    entity_ids: list[str]
    hops: list[Hop]

    @property
    def length(self) -> int:
        return len(self.hops)

    @property
    def rests_on_score_merge(self) -> bool:
        return any(h.rests_on_score_merge for h in self.hops)


def _hop(link: Link, score_merged: set[str]) -> Hop:
    return Hop(
        type=link.type,
        schema=link.schema,
        from_id=link.from_id,
        to_id=link.to_id,
        start_date=link.start_date,
        end_date=link.end_date,
        summary=link.summary,
        percentage=link.percentage,
        role=link.role,
        record_ids=list(link.record_ids),
        rests_on_score_merge=link.from_id in score_merged or link.to_id in score_merged,
        properties=json.loads(link.properties or "{}"),
    )


def build_path(nodes: list[str], rels: Sequence[Link], score_merged: Sequence[str]) -> Path:
    """A path from the rows of paths/* or sanctions/exposure, which name the
    entities on it that were merged on name similarity alone."""
    merged = set(score_merged)
    return Path(entity_ids=list(nodes), hops=[_hop(r, merged) for r in rels])


MAX_PATHS = 50  # paths are enumerated whole before the first page is cut


def check_bounds(max_hops: int, first: int) -> None:
    if not 1 <= max_hops <= 6:
        raise BadRequest("`maxHops` must be between 1 and 6")
    pages.page_size(first, MAX_PATHS, setting=None)


async def shortest_one(
    store: Store,
    from_id: str,
    to_id: str,
    max_hops: int,
    types: Sequence[str] | None,
    as_of: str | None,
    confirmed_only: bool,
) -> list[PathRow]:
    """One shortest path: a single search that stops at the first path found,
    where paths/shortest enumerates every equally short path to order them.
    The local runtime's graphsvc.shortestPath reads a fraction of the links
    Cypher's shortestPath reads around hubs; other servers run the Cypher."""
    if await store.has_procedure(SHORTEST_PATH):
        follow = list(PATH_TYPES) if types is None else [t for t in PATH_TYPES if t in types]
        with contextlib.suppress(ProcedureMissing):
            return await store.shortest_path_procedure(
                from_id, to_id, max_hops, follow, as_of, confirmed_only
            )
    if types is None and as_of is None and not confirmed_only:
        # without the filters' per-link predicates
        return await store.shortest_path_unfiltered(from_id, to_id, max_hops)
    return await store.shortest_path(from_id, to_id, max_hops, types, as_of, confirmed_only)


async def find_paths(
    store: Store,
    from_id: str,
    to_id: str,
    *,
    max_hops: int = 4,
    types: Sequence[str] | None = None,
    as_of: str | None = None,
    confirmed_only: bool = False,
    first: int = 5,
) -> list[Path]:
    """Shortest paths between two canonical entities, shortest first.
    ``as_of`` is a date key (the last day a partial date can mean)."""
    check_bounds(max_hops, first)
    if from_id == to_id:
        # two ids of one entity (say, two of its records): Cypher's searches
        # refuse a path from a node to itself; the answer is no link at all
        return [Path(entity_ids=[from_id], hops=[])]
    if first == 1:
        rows = await shortest_one(store, from_id, to_id, max_hops, types, as_of, confirmed_only)
    else:
        rows = await store.shortest_paths(
            from_id, to_id, max_hops, types, as_of, confirmed_only, first
        )
    return [build_path(r.nodes, r.rels, r.score_merged) for r in rows]
