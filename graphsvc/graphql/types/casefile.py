"""caseFile(id): the case against an entity, structured, as Markdown and as FtM."""

from __future__ import annotations

import strawberry

from graphsvc import casefile
from graphsvc.graphql.types import investigate as inv
from graphsvc.graphql.types.common import check_date
from graphsvc.graphql.types.entity import Entity, Info, Relationship, Sanction
from graphsvc.graphql.types.evidence import SourceRecord


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
    async def owners(self, info: Info) -> inv.OwnershipReport:
        return await inv.ownership_report(info, strawberry.ID(self._id), self.as_of)

    @strawberry.field
    async def contracts(self, info: Info) -> list[inv.ContractInfo]:
        return await inv.contracts(info, strawberry.ID(self._id))

    @strawberry.field
    async def participation(self, info: Info) -> list[inv.ProgrammeParticipation]:
        return await inv.programmes_of(info, self._id)


async def case_file(info: Info, id: strawberry.ID, as_of: str | None = None) -> CaseFile:
    if as_of is not None:
        check_date(as_of)
    case = await casefile.build_case(info.context.repo, str(id), as_of)
    return CaseFile(
        entity=Entity.from_row(case.entity, str(id)),
        as_of=case.as_of,
        sanctions=[Sanction.from_row(s) for s in case.sanctions],
        relationships=[
            Relationship.from_row(r["rel"], r["other"], r["outgoing"]) for r in case.relationships
        ],
        sources=[SourceRecord.from_row(r) for r in case.evidence.values()],
        markdown=casefile.render_markdown(case),
        ftm=casefile.to_ftm(case),
        notes=case.notes,
        _id=case.entity["id"],
    )
