"""The root types. Each field delegates to a resolver module."""

from __future__ import annotations

import strawberry

from graphsvc.graphql.types.stats import GraphStats, graph_stats
from graphsvc.settings import Settings


@strawberry.type
class Query:
    stats: GraphStats = strawberry.field(
        resolver=graph_stats, description="Node counts by label and relationship counts by type."
    )


def build_schema(settings: Settings) -> strawberry.Schema:
    from graphsvc.graphql.limits import extensions

    return strawberry.Schema(query=Query, extensions=extensions(settings))  # type: ignore[arg-type]
