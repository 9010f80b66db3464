"""match(schema, properties): screening in GraphQL, the same matcher as /match."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from graphsvc.errors import BadRequest
from graphsvc.graphql.types.entity import Entity, Info, load_entity
from graphsvc.resolve.score import AUTO_MATCH
from graphsvc.services import matching


@strawberry.type(description="A candidate for a screened example, scored with explanations.")
class MatchResult:
    entity_id: strawberry.ID
    caption: str
    schema: str
    score: float
    match: bool = strawberry.field(description="score >= threshold")
    target: bool = strawberry.field(description="The entity is under an active sanction.")
    datasets: list[str]
    features: JSON
    explanation: list[str]

    @strawberry.field
    async def entity(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.entity_id))


def _properties(properties: Any) -> dict[str, list[Any]]:
    """FtM properties from the JSON argument, a single string standing for a
    one-item list as in /match; anything else is refused here, since the
    matcher would take a string or a mapping apart into its characters or keys."""
    if not isinstance(properties, dict):
        raise BadRequest("`properties` must be an object of lists of strings")
    out: dict[str, list[Any]] = {}
    for prop, values in properties.items():
        if not isinstance(values, str | list):
            raise BadRequest(f"property {prop!r} must be a list of strings")
        out[prop] = [values] if isinstance(values, str) else values
    return out


async def match(
    info: Info,
    schema: str,
    properties: JSON,
    limit: int = 5,
    threshold: float = AUTO_MATCH,
    dataset: str | None = None,
) -> list[MatchResult]:
    hits = await matching.match_entities(
        info.context.store,
        schema,
        _properties(properties),
        limit=limit,
        threshold=threshold,
        dataset=dataset,
    )
    return [
        MatchResult(
            entity_id=strawberry.ID(h.id),
            caption=h.caption,
            schema=h.schema,
            score=h.score,
            match=h.match,
            target=h.target,
            datasets=h.datasets,
            features=dict(h.features),  # type: ignore[arg-type]  # JSON scalar
            explanation=h.explanation,
        )
        for h in hits
    ]
