"""Counts of what is in the graph."""

from __future__ import annotations

import strawberry

from graphsvc.graphql.context import Context


@strawberry.type
class Count:
    name: str
    count: int


@strawberry.type
class GraphStats:
    labels: list[Count]
    relationships: list[Count]


async def graph_stats(info: strawberry.Info[Context, None]) -> GraphStats:
    rows = await info.context.repo.read("stats/counts")
    labels = [Count(name=r["name"], count=r["count"]) for r in rows if r["kind"] == "label"]
    types = [Count(name=r["name"], count=r["count"]) for r in rows if r["kind"] == "type"]
    return GraphStats(
        labels=sorted(labels, key=lambda c: c.name),
        relationships=sorted(types, key=lambda c: c.name),
    )
