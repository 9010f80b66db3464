"""contracts(party): public contracts of an entity, as buyer or supplier."""

from __future__ import annotations

import strawberry

from graphsvc.graphql.types.entity import Info, require_entity
from graphsvc.graphql.types.evidence import SourceRecord
from graphsvc.services import contracts as contract_service


@strawberry.type
class PartyRef:
    id: strawberry.ID
    caption: str
    listed_by: list[str]

    @classmethod
    def of(cls, party: contract_service.Party) -> PartyRef:
        return cls(id=strawberry.ID(party.id), caption=party.caption, listed_by=party.listed_by)


@strawberry.type
class ContractInfo:
    id: strawberry.ID
    caption: str
    role: str = strawberry.field(description="The entity's role: buyer or supplier.")
    title: str | None
    amount: str | None
    currency: str | None
    sign_date: str | None
    start_date: str | None
    summary: str | None
    buyers: list[PartyRef]
    suppliers: list[PartyRef]

    @classmethod
    def of(cls, c: contract_service.Contract) -> ContractInfo:
        return cls(
            id=strawberry.ID(c.id),
            caption=c.caption,
            role=c.role,
            title=c.title,
            amount=c.amount,
            currency=c.currency,
            sign_date=c.sign_date,
            start_date=c.start_date,
            summary=c.summary,
            buyers=[PartyRef.of(p) for p in c.buyers],
            suppliers=[PartyRef.of(p) for p in c.suppliers],
        )

    @strawberry.field
    async def evidence(self, info: Info) -> list[SourceRecord]:
        rows = await info.context.loaders.records_of.load(str(self.id))
        return [SourceRecord.of(r) for r in rows]


async def contracts(info: Info, party: strawberry.ID) -> list[ContractInfo]:
    entity = await require_entity(info, str(party))
    return [
        ContractInfo.of(c)
        for c in await contract_service.contracts(info.context.store, str(entity.id))
    ]
