"""Test programmes and prize challenges: programmes, participants, participation."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from graphsvc.graphql.types.entity import Entity, Info, load_entity, require_entity
from graphsvc.graphql.types.evidence import SourceRecord, records
from graphsvc.services import programmes as service


@strawberry.type(description="A submission to a test programme, or a prize won in one.")
class ProgrammeLink:
    type: str = strawberry.field(description="PARTICIPATION or PRIZE_AWARD.")
    algorithm: list[str] | None
    start_date: str | None
    amount: str | None
    currency: str | None
    summary: str | None
    record_ids: list[strawberry.ID]
    properties: JSON

    @classmethod
    def of(cls, link: service.ProgrammeLink) -> ProgrammeLink:
        return cls(
            type=link.type,
            algorithm=link.algorithm,
            start_date=link.start_date,
            amount=link.amount,
            currency=link.currency,
            summary=link.summary,
            record_ids=[strawberry.ID(r) for r in link.record_ids],
            properties=JSON(link.properties),
        )

    @strawberry.field
    async def evidence(self, info: Info) -> list[SourceRecord]:
        return await records(info, self.record_ids)


@strawberry.type
class Participant:
    entity_id: strawberry.ID
    caption: str
    listed_by: list[str]
    links: list[ProgrammeLink]

    @strawberry.field
    async def entity(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.entity_id))


@strawberry.type
class ProgrammeParticipation:
    programme_id: strawberry.ID
    caption: str
    links: list[ProgrammeLink]


@strawberry.type
class ProgrammeSummary:
    id: strawberry.ID
    caption: str
    participants: int


async def participants(
    info: Info,
    programme: strawberry.ID,
    sanctioned_by: str | None = None,
    not_sanctioned_by: str | None = None,
) -> list[Participant]:
    entity = await require_entity(info, str(programme))
    found = await service.participants(
        info.context.store, str(entity.id), sanctioned_by, not_sanctioned_by
    )
    return [
        Participant(
            entity_id=strawberry.ID(p.entity_id),
            caption=p.caption,
            listed_by=p.listed_by,
            links=[ProgrammeLink.of(x) for x in p.links],
        )
        for p in found
    ]


async def programmes_of(info: Info, entity_id: str) -> list[ProgrammeParticipation]:
    return [
        ProgrammeParticipation(
            programme_id=strawberry.ID(p.programme_id),
            caption=p.caption,
            links=[ProgrammeLink.of(x) for x in p.links],
        )
        for p in await service.participation(info.context.store, entity_id)
    ]


async def participation(info: Info, entity_id: strawberry.ID) -> list[ProgrammeParticipation]:
    entity = await require_entity(info, str(entity_id))
    return await programmes_of(info, str(entity.id))


async def programmes(info: Info) -> list[ProgrammeSummary]:
    return [
        ProgrammeSummary(id=strawberry.ID(p.id), caption=p.caption, participants=p.participants)
        for p in await service.programmes(info.context.store)
    ]
