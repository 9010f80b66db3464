"""owners(entityId) and holdings(entityId): chains, shares and the 50% rule."""

from __future__ import annotations

import strawberry

from graphsvc.graphql.types.common import check_date
from graphsvc.graphql.types.entity import Entity, Info, load_entities, load_entity, require_entity
from graphsvc.services import ownership as service


@strawberry.type(description="One chain of ownership, top owner first.")
class OwnershipChain:
    entity_ids: list[strawberry.ID]
    percentages: list[str | None]
    share: float | None = strawberry.field(description="Product of the shares (0..1).")
    arithmetic: str
    record_ids: list[strawberry.ID]
    day: strawberry.Private[str]

    @classmethod
    def of(cls, chain: service.Chain, day: str) -> OwnershipChain:
        return cls(
            entity_ids=[strawberry.ID(e) for e in chain.entities],
            percentages=[link.percentage for link in chain.links],
            share=chain.share,
            arithmetic=chain.arithmetic,
            record_ids=[strawberry.ID(r) for r in chain.record_ids],
            day=day,
        )

    @strawberry.field
    async def entities(self, info: Info) -> list[Entity]:
        return await load_entities(info, [str(e) for e in self.entity_ids], self.day)


@strawberry.type(description="An owner (or holding) and its combined share.")
class OwnerShare:
    """Its figures are worked out when asked for: an owners query that names
    only the owners would otherwise spend most of its time writing out the
    arithmetic of chains nobody read."""

    entity_id: strawberry.ID
    _total: strawberry.Private[service.OwnerTotal]
    _day: strawberry.Private[str]  # sanctions are read on the report's day

    @strawberry.field
    def direct(self) -> float | None:
        return self._total.direct

    @strawberry.field(description="Direct and indirect, combined (0..1).")
    def total(self) -> float | None:
        return self._total.total

    @strawberry.field
    def arithmetic(self) -> str:
        return self._total.arithmetic

    @strawberry.field
    def chains(self) -> list[OwnershipChain]:
        return [OwnershipChain.of(c, self._day) for c in self._total.chains_as_read()]

    @strawberry.field
    async def entity(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.entity_id), self._day)


@strawberry.type
class OwnershipReport:
    as_of: str | None
    owners: list[OwnerShare]
    sanctioned_share: float | None = strawberry.field(
        description="Share held by sanctioned owners, directly or indirectly (0..1)."
    )
    sanctioned_arithmetic: str
    fifty_percent_rule: bool | None = strawberry.field(
        description="Sanctioned owners hold 50% or more in aggregate; null when a "
        "sanctioned owner's share is not stated, so the rule cannot be decided."
    )

    @classmethod
    def of(cls, report: service.OwnershipReport) -> OwnershipReport:
        return cls(
            as_of=report.as_of,
            owners=[
                OwnerShare(entity_id=strawberry.ID(t.owner), _total=t, _day=report.day)
                for t in report.owners
            ],
            sanctioned_share=report.sanctioned_share,
            sanctioned_arithmetic=report.sanctioned_arithmetic,
            fifty_percent_rule=report.fifty_percent_rule,
        )


async def ownership_report(
    info: Info,
    entity_id: strawberry.ID,
    as_of: str | None = None,
    history: bool = False,
    holdings: bool = False,
) -> OwnershipReport:
    """Owners as of ``as_of`` (default: today); ``history`` includes every stake ever
    recorded, ended ones too."""
    check_date(as_of)  # before any read, and with history too
    entity = await require_entity(info, str(entity_id))
    report = await service.report(
        info.context.store, str(entity.id), as_of, history=history, holdings=holdings
    )
    return OwnershipReport.of(report)
