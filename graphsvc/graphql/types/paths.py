"""paths(fromId, toId): shortest paths, each hop with its evidence."""

from __future__ import annotations

import asyncio

import strawberry
from strawberry.scalars import JSON

from graphsvc.graphql.types.common import check_date
from graphsvc.graphql.types.entity import (
    Entity,
    Info,
    check_types,
    load_entities,
    load_entity,
    require_entity,
)
from graphsvc.graphql.types.evidence import SourceRecord, records
from graphsvc.services import paths as service


@strawberry.type(description="One step of a path, with the records that support it.")
class Hop:
    type: str
    schema: str | None
    from_id: strawberry.ID = strawberry.field(description="Start of the relationship.")
    to_id: strawberry.ID = strawberry.field(description="End of the relationship.")
    start_date: str | None
    end_date: str | None
    summary: str | None
    percentage: str | None
    role: str | None
    record_ids: list[strawberry.ID]
    rests_on_score_merge: bool = strawberry.field(
        description="An entity at either end was merged on name similarity alone."
    )
    properties: JSON
    day: strawberry.Private[str | None]

    @classmethod
    def of(cls, hop: service.Hop, day: str | None = None) -> Hop:
        return cls(
            type=hop.type,
            schema=hop.schema,
            from_id=strawberry.ID(hop.from_id),
            to_id=strawberry.ID(hop.to_id),
            start_date=hop.start_date,
            end_date=hop.end_date,
            summary=hop.summary,
            percentage=hop.percentage,
            role=hop.role,
            record_ids=[strawberry.ID(r) for r in hop.record_ids],
            rests_on_score_merge=hop.rests_on_score_merge,
            properties=JSON(hop.properties),
            day=day,
        )

    @strawberry.field
    async def source(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.from_id), self.day)

    @strawberry.field
    async def target(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.to_id), self.day)

    @strawberry.field(description="The source records that assert this step.")
    async def evidence(self, info: Info) -> list[SourceRecord]:
        return await records(info, self.record_ids)


@strawberry.type
class Path:
    length: int
    entity_ids: list[strawberry.ID]
    hops: list[Hop]
    rests_on_score_merge: bool
    day: strawberry.Private[str | None]  # the query's asOf, that entities are read on

    @classmethod
    def of(cls, path: service.Path, day: str | None = None) -> Path:
        return cls(
            length=path.length,
            entity_ids=[strawberry.ID(e) for e in path.entity_ids],
            hops=[Hop.of(h, day) for h in path.hops],
            rests_on_score_merge=path.rests_on_score_merge,
            day=day,
        )

    @strawberry.field
    async def entities(self, info: Info) -> list[Entity]:
        return await load_entities(info, [str(e) for e in self.entity_ids], self.day)


async def paths(
    info: Info,
    from_id: strawberry.ID,
    to_id: strawberry.ID,
    max_hops: int = 4,
    types: list[str] | None = None,
    as_of: str | None = None,
    confirmed_only: bool = False,
    first: int = 5,
) -> list[Path]:
    service.check_bounds(max_hops, first)
    # together: one lookup for both ends
    a, b = await asyncio.gather(
        require_entity(info, str(from_id)), require_entity(info, str(to_id))
    )
    day = check_date(as_of)
    found = await service.find_paths(
        info.context.store,
        str(a.id),
        str(b.id),
        max_hops=max_hops,
        types=check_types(types),
        as_of=day,
        confirmed_only=confirmed_only,
        first=first,
    )
    return [Path.of(p, day) for p in found]
