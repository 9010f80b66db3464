"""caseFile(id): the case against an entity, structured, as Markdown and as FtM."""

from __future__ import annotations

import strawberry

from graphsvc.graphql.types.common import check_date
from graphsvc.graphql.types.contracts import ContractInfo, contracts
from graphsvc.graphql.types.entity import Entity, Info, Relationship, Sanction
from graphsvc.graphql.types.evidence import SourceRecord
from graphsvc.graphql.types.ownership import OwnershipReport, ownership_report
from graphsvc.graphql.types.programmes import ProgrammeParticipation, programmes_of
from graphsvc.services.casefile import build_case
from graphsvc.services.casefile_render import render_markdown, to_ftm


@strawberry.type(description="Everything that ties an entity to sanctions, owners, contracts "
                 "and programmes, with citations.")  # fmt: skip
class CaseFile:
    entity: Entity
    as_of: str
    sanctions: list[Sanction]
    relationships: list[Relationship]
    sources: list[SourceRecord] = strawberry.field(
        description="Every source record cited, with its citations."
    )
    markdown: str = strawberry.field(description="The case file as Markdown, with footnotes.")
    ftm: str = strawberry.field(
        description="The entity, sanctions, links and linked entities as FtM JSON lines."
    )
    notes: list[str]
    _id: strawberry.Private[str]

    @strawberry.field
    async def owners(self, info: Info) -> OwnershipReport:
        return await ownership_report(info, strawberry.ID(self._id), self.as_of)

    @strawberry.field
    async def contracts(self, info: Info) -> list[ContractInfo]:
        return await contracts(info, strawberry.ID(self._id))

    @strawberry.field
    async def participation(self, info: Info) -> list[ProgrammeParticipation]:
        return await programmes_of(info, self._id)


async def case_file(info: Info, id: strawberry.ID, as_of: str | None = None) -> CaseFile:
    if as_of is not None:
        check_date(as_of)
    case = await build_case(info.context.store, str(id), as_of)
    return CaseFile(
        entity=Entity.of(case.entity, str(id), case.day),
        as_of=case.as_of,
        sanctions=[Sanction.of(s.node, case.day) for s in case.sanctions],
        relationships=[
            Relationship.of(r.rel, r.other, r.outgoing, case.day) for r in case.relationships
        ],
        sources=[SourceRecord.of(r) for r in case.evidence.values()],
        markdown=render_markdown(case),
        ftm=to_ftm(case),
        notes=case.notes,
        _id=case.entity.id,
    )
