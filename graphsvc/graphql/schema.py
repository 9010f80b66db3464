"""The root types. Each field delegates to a resolver in graphsvc.graphql.types."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graphsvc.graphql.types import contracts as con
from graphsvc.graphql.types import exposure as exp
from graphsvc.graphql.types import gaps as gap
from graphsvc.graphql.types import mutations as mut
from graphsvc.graphql.types import ownership as own
from graphsvc.graphql.types import paths as pth
from graphsvc.graphql.types import programmes as prg
from graphsvc.graphql.types import suppliers as sup
from graphsvc.graphql.types.casefile import CaseFile, case_file
from graphsvc.graphql.types.entity import Entity, Info, load_entity
from graphsvc.graphql.types.match import MatchResult, match
from graphsvc.graphql.types.search import SearchConnection, search
from graphsvc.graphql.types.stats import GraphStats, graph_stats
from graphsvc.settings import Settings


@strawberry.type(description="No entity or record has this id.")
class EntityNotFound:
    id: strawberry.ID
    message: str


EntityResult = Annotated[Entity | EntityNotFound, strawberry.union("EntityResult")]


@strawberry.type
class Query:
    stats: GraphStats = strawberry.field(
        resolver=graph_stats, description="Node counts by label and relationship counts by type."
    )
    search: SearchConnection = strawberry.field(
        resolver=search,
        description="Cross-script fuzzy name search, scored: the entities whose names have "
        "every word of the query (as written or sounding alike; then one letter off), or "
        "when none has (after the filters), any of them.",
    )

    @strawberry.field(
        description="An entity by its id or the id of any record merged into it. "
        "Returns EntityNotFound when neither exists."
    )
    async def entity(self, info: Info, id: strawberry.ID) -> EntityResult:
        found = await load_entity(info, str(id))
        if found is None:
            return EntityNotFound(id=id, message=f"no entity or record with id {id!r}")
        return found

    paths: list[pth.Path] = strawberry.field(
        resolver=pth.paths,
        description="Shortest paths between two entities (maxHops <= 6), each hop with its "
        "evidence and a flag where it rests on a merge by name score.",
    )
    owners: own.OwnershipReport = strawberry.field(
        resolver=own.ownership_report,
        description="Direct and indirect owners as of a date, the indirect share computed "
        "along each chain, and the 50% rule for sanctioned owners.",
    )

    @strawberry.field(description="What an entity holds, directly and indirectly.")
    async def holdings(
        self, info: Info, entity_id: strawberry.ID, as_of: str | None = None, history: bool = False
    ) -> own.OwnershipReport:
        return await own.ownership_report(info, entity_id, as_of, history, holdings=True)

    exposure: list[exp.Exposure] = strawberry.field(
        resolver=exp.exposure,
        description="Entities sanctioned on asOf (default: today) within maxHops, with paths.",
    )
    gaps: list[gap.Gap] = strawberry.field(
        resolver=gap.gaps,
        description="Entities an authority (EU, UK, US, UN) does not list although others do, "
        "or although they are linked to sanctioned entities, as the lists stand on asOf "
        "(default: today).",
    )
    programmes: list[prg.ProgrammeSummary] = strawberry.field(
        resolver=prg.programmes, description="Test programmes and prize challenges."
    )
    participants: list[prg.Participant] = strawberry.field(
        resolver=prg.participants,
        description="Participants of a programme, filtered by who sanctions them.",
    )

    @strawberry.field(description="An entity's participation in test programmes and its prizes.")
    async def participation(
        self, info: Info, entity_id: strawberry.ID
    ) -> list[prg.ProgrammeParticipation]:
        return await prg.participation(info, entity_id)

    contracts: list[con.ContractInfo] = strawberry.field(
        resolver=con.contracts, description="Contracts where an entity is buyer or supplier."
    )
    match: list[MatchResult] = strawberry.field(
        resolver=match,
        description="Screen an FtM-shaped example (schema and properties) against the graph, "
        "as POST /match does; best first, with feature scores.",
    )
    review_queue: mut.ReviewConnection = strawberry.field(
        resolver=mut.review_queue,
        description="Candidate pairs the resolver could not decide, most useful first.",
    )
    case_file: CaseFile = strawberry.field(
        resolver=case_file,
        description="The case file of an entity: sanctions, owners, relationships, programmes "
        "and contracts with citations; also as Markdown and FtM JSON lines.",
    )
    suppliers: list[sup.Supplier] = strawberry.field(
        resolver=sup.suppliers,
        description="Suppliers of a system or public body: developers of what it uses, "
        "contract suppliers and hardware suppliers.",
    )


@strawberry.type
class Mutation:
    judge: mut.JudgementOutcome = strawberry.mutation(
        resolver=mut.judge,
        description="Judge two records (or entities): positive merges their entities, "
        "negative keeps them apart for good. Needs a writer API key.",
    )
    add_claim: mut.ClaimOutcome = strawberry.mutation(
        resolver=mut.add_claim,
        description="Add an entity or relationship with its citation. Needs a writer API key.",
    )


def build_schema(settings: Settings) -> strawberry.Schema:
    from graphsvc.graphql.limits import extensions

    return strawberry.Schema(query=Query, mutation=Mutation, extensions=extensions(settings))  # type: ignore[arg-type]
