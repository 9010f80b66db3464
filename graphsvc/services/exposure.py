"""Sanctioned entities near an entity, each with the path that reaches it."""

from __future__ import annotations

from dataclasses import dataclass

from graphsvc.errors import BadRequest
from graphsvc.graph import Store
from graphsvc.graph.rows import ExposureRow
from graphsvc.services.dates import sanctions_day
from graphsvc.services.paths import Path, build_path

EXPOSURE_LIMIT = 100  # targets in one answer, nearest first


@dataclass(frozen=True, slots=True)
class Exposure:
    target_id: str
    path: Path


def check_hops(max_hops: int) -> None:
    if not 1 <= max_hops <= 4:
        raise BadRequest("`maxHops` must be between 1 and 4 for exposure")


async def exposure(
    store: Store, entity_id: str, max_hops: int = 2, day: str | None = None
) -> list[Exposure]:
    """Entities sanctioned on ``day`` (default: today) within ``max_hops`` of
    a canonical entity, nearest first."""
    check_hops(max_hops)
    on = sanctions_day(day)
    # One hop further at a time: the answer is ordered by path length and cut
    # at EXPOSURE_LIMIT, so once a bound finds that many targets a deeper
    # search cannot change it. Next to a hub the deeper search reaches much
    # of the graph, where a shallower one already found enough targets.
    rows: list[ExposureRow] = []
    for hops in range(1, max_hops + 1):
        rows = await store.exposure(entity_id, hops, on, EXPOSURE_LIMIT)
        if len(rows) >= EXPOSURE_LIMIT:
            break
    return [
        Exposure(target_id=r.target, path=build_path(r.nodes, r.rels, r.score_merged)) for r in rows
    ]
