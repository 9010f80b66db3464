"""Counts of what is in the graph."""

from __future__ import annotations

import strawberry

from graphsvc.graphql.context import Context
from graphsvc.services import stats


@strawberry.type
class Count:
    name: str
    count: int


@strawberry.type
class GraphStats:
    labels: list[Count]
    relationships: list[Count]


async def graph_stats(info: strawberry.Info[Context, None]) -> GraphStats:
    found = await stats.counts(info.context.store)
    return GraphStats(
        labels=[Count(name=n, count=c) for n, c in found.labels.items()],
        relationships=[Count(name=n, count=c) for n, c in found.relationships.items()],
    )
