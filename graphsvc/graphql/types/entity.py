"""Entities, their relationships and sanctions, each with its evidence."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry
from strawberry.scalars import JSON

from graphsvc import sanctions as terms
from graphsvc.errors import BadRequest, NotFound
from graphsvc.graph import decode
from graphsvc.graph.nodes import EntityNode, RelNode, SanctionNode
from graphsvc.graphql.context import Context
from graphsvc.graphql.types.common import (
    Direction,
    PageInfo,
    PropertyValue,
    Shared,
    check_date,
    page_size,
)
from graphsvc.graphql.types.evidence import SourceRecord
from graphsvc.graphql.types.merge import MergeExplanation
from graphsvc.model import EDGE_TYPES
from graphsvc.pages import decode_cursor, encode_cursor
from graphsvc.services import entity as entity_service
from graphsvc.services.dates import sanctions_day

Info = strawberry.Info[Context, None]


@strawberry.type(description="A sanction on an entity (FtM Sanction).")
class Sanction:
    id: strawberry.ID
    authority: str | None
    authority_code: str | None = strawberry.field(description="EU, UK, US or UN where known.")
    program: str | None
    listing_date: str | None
    end_date: str | None
    status: str | None = strawberry.field(
        description="On asOf (default: today): active, ended (delisted or expired), pending "
        "(in force from a later date), or a status the list states (suspended, ...)."
    )
    reason: str | None
    source_url: str | None

    @classmethod
    def of(cls, node: SanctionNode, day: str) -> Sanction:
        return cls(
            id=strawberry.ID(node.id),
            authority=node.authority,
            authority_code=node.authority_code,
            program=node.program,
            listing_date=node.listing_date or node.start_date,
            end_date=node.end_date,
            status=terms.status(node.start_key, node.end_key, node.stated_status, day),
            reason=node.reason,
            source_url=node.source_url,
        )

    @strawberry.field(description="The source records that state this sanction.")
    async def evidence(self, info: Info) -> list[SourceRecord]:
        rows = await info.context.loaders.records_of.load(str(self.id))
        return [SourceRecord.of(r) for r in rows]


@strawberry.type(description="A relationship between two entities, with its evidence.")
class Relationship:
    id: strawberry.ID
    type: str = strawberry.field(description="OWNERSHIP, SUPPLY, USAGE, SANCTIONS, ...")
    schema: str | None = strawberry.field(description="FtM (or graphsvc) schema of the link.")
    direction: Direction = strawberry.field(description="OUT: from this entity to the other.")
    start_date: str | None
    end_date: str | None
    percentage: str | None
    role: str | None
    summary: str | None
    amount: str | None
    currency: str | None
    algorithm: list[str] | None
    datasets: list[str]
    record_ids: list[strawberry.ID]
    first_seen: str | None
    last_seen: str | None
    properties: JSON
    other_id: strawberry.Private[str]
    day: strawberry.Private[str | None]

    @classmethod
    def of(cls, rel: RelNode, other: str, outgoing: bool, day: str | None = None) -> Relationship:
        return cls(
            id=strawberry.ID(rel.id),
            type=rel.type,
            schema=rel.schema,
            direction=Direction.OUT if outgoing else Direction.IN,
            start_date=rel.start_date,
            end_date=rel.end_date,
            percentage=rel.percentage,
            role=rel.role,
            summary=rel.summary,
            amount=rel.amount,
            currency=rel.currency,
            algorithm=rel.algorithm,
            datasets=rel.datasets,
            record_ids=[strawberry.ID(r) for r in rel.record_ids],
            first_seen=rel.first_seen,
            last_seen=rel.last_seen,
            properties=decode.json_object(rel.properties),
            other_id=other,
            day=day,
        )

    @strawberry.field(description="The entity at the other end.")
    async def other(self, info: Info) -> Entity | None:
        return await load_entity(info, self.other_id, self.day)

    @strawberry.field(description="The source records that assert this relationship.")
    async def evidence(self, info: Info) -> list[SourceRecord]:
        rows = await info.context.loaders.record.load_many([str(r) for r in self.record_ids])
        return [SourceRecord.of(r) for r in rows if r is not None]


@strawberry.type
class RelationshipEdge:
    cursor: str
    node: Relationship


@strawberry.type
class RelationshipConnection:
    """A page of relationships. The page and the count are separate queries,
    each run only when the query selects what it answers, and both at once
    when it selects both: on an entity with 30,000 links the count is a
    third of the work."""

    _page: strawberry.Private[Shared[tuple[list[RelationshipEdge], bool]]]
    _total: strawberry.Private[Shared[int]]

    @strawberry.field
    async def edges(self) -> list[RelationshipEdge]:
        return (await self._page.get())[0]

    @strawberry.field
    async def page_info(self) -> PageInfo:
        edges, more = await self._page.get()
        return PageInfo(has_next_page=more, end_cursor=edges[-1].cursor if edges else None)

    @strawberry.field
    async def total_count(self) -> int:
        return await self._total.get()


@strawberry.type
class RelationshipCount:
    type: str
    direction: Direction
    count: int


@strawberry.type(description="How the id asked for led to this entity.")
class EntityRedirect:
    from_id: strawberry.ID = strawberry.field(description="The id asked for.")
    reason: str = strawberry.field(description="merged: it was merged into this entity.")
    at: str | None = strawberry.field(description="When (ISO datetime).")


@strawberry.type(description="A merge or split in an entity's history.")
class LineageEvent:
    event: str = strawberry.field(
        description="merged (other was merged into this entity), split (records left it "
        "for other), split_from (it took records from other)."
    )
    other_id: strawberry.ID
    at: str | None


@strawberry.type(description="A canonical entity: one real company, person, body, product...")
class Entity:
    id: strawberry.ID
    requested_id: strawberry.ID = strawberry.field(
        description="The id asked for; differs from `id` when it named a merged record."
    )
    schema: str
    caption: str
    names: list[str]
    countries: list[str]
    identifiers: list[str] = strawberry.field(description='Valid identifiers, "inn:7704734000".')
    datasets: list[str]
    topics: list[str]
    first_seen: str | None
    last_seen: str | None
    record_count: int
    resolution: str = strawberry.field(
        description="single (one record), confirmed (ids or human judgements), or score "
        "(rests on name similarity)."
    )
    redirect: EntityRedirect | None = strawberry.field(
        description="Set when the id asked for was an entity's that was merged into this one; "
        "an entity's id otherwise stays while records join or leave it."
    )
    _node: strawberry.Private[EntityNode]
    # The day of the query that led here (its asOf), else None: today.
    _day: strawberry.Private[str | None]

    @classmethod
    def of(cls, node: EntityNode, requested: str | None = None, day: str | None = None) -> Entity:
        return cls(
            id=strawberry.ID(node.id),
            requested_id=strawberry.ID(requested or node.id),
            schema=node.schema,
            caption=node.caption,
            names=node.names,
            countries=node.countries,
            identifiers=node.identifiers,
            datasets=node.datasets,
            topics=node.topics,
            first_seen=node.first_seen,
            last_seen=node.last_seen,
            record_count=node.record_count,
            resolution=node.resolution,
            redirect=None
            if node.redirect is None
            else EntityRedirect(
                from_id=strawberry.ID(requested or node.id),
                reason=node.redirect.reason,
                at=node.redirect.at,
            ),
            _node=node,
            _day=day,
        )

    def _on(self, as_of: str | None) -> str:
        return sanctions_day(check_date(as_of) or self._day)

    @strawberry.field(
        description="A sanction is in force on asOf (default: the asOf of the query that "
        "led here, else today)."
    )
    def sanctioned(self, as_of: str | None = None) -> bool:
        return terms.sanctioned(self._node.sanction_terms, self._on(as_of))

    @strawberry.field(
        description="Authorities with a sanction in force on asOf (default: the asOf of the "
        "query that led here, else today)."
    )
    def listed_by(self, as_of: str | None = None) -> list[str]:
        return terms.listed_by(self._node.sanction_terms, self._on(as_of))

    @strawberry.field(description="Merges and splits of this entity, oldest first.")
    def lineage(self) -> list[LineageEvent]:
        return [
            LineageEvent(event=e.event, other_id=strawberry.ID(e.other), at=e.at)
            for e in decode.lineage(self._node.lineage)
        ]

    @strawberry.field(description="Every property value with the records that state it.")
    def properties(self, name: str | None = None) -> list[PropertyValue]:
        return [
            PropertyValue(
                name=v.name, value=v.value, record_ids=[strawberry.ID(r) for r in v.record_ids]
            )
            for v in decode.property_values(self._node.properties)
            if name is None or v.name == name
        ]

    @strawberry.field(
        description="Why these records are one entity: every link that joined them, with "
        "its kind and evidence, and the links refused because the records conflict."
    )
    def merge(self) -> MergeExplanation:
        return MergeExplanation.of(self._node)

    @strawberry.field(description="The source records merged into this entity, as read.")
    async def records(self, info: Info) -> list[SourceRecord]:
        rows = await info.context.loaders.records_of.load(str(self.id))
        return [SourceRecord.of(r) for r in rows]

    @strawberry.field(
        description="Sanctions on this entity: with asOf, those in force on that date; "
        "without, all, with their status on the asOf of the query that led here, else today."
    )
    async def sanctions(self, info: Info, as_of: str | None = None) -> list[Sanction]:
        key = check_date(as_of)
        rows = await info.context.loaders.sanctions_of.load((str(self.id), key))
        day = sanctions_day(key or self._day)
        return [Sanction.of(r, day) for r in rows]

    @strawberry.field(description="Relationships by type and direction, a page at a time.")
    async def relationships(
        self,
        info: Info,
        types: list[str] | None = None,
        direction: Direction | None = None,
        as_of: str | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> RelationshipConnection:
        size = page_size(first, info.context.settings)
        wanted = check_types(types)
        day = check_date(as_of)
        cursor = decode_cursor("rel", after)
        store = info.context.store
        outgoing = None if direction is None else direction is Direction.OUT

        async def page() -> tuple[list[RelationshipEdge], bool]:
            found = await entity_service.relationships(
                store,
                str(self.id),
                types=wanted,
                outgoing=outgoing,
                as_of=day,
                after=cursor,
                size=size,
            )
            edges = []
            for r in found.rows:
                node = Relationship.of(r.rel, r.other, r.outgoing, day)
                edges.append(RelationshipEdge(cursor=encode_cursor("rel", node.id), node=node))
            return edges, found.has_next_page

        async def total() -> int:
            return await entity_service.total(
                store, str(self.id), types=wanted, outgoing=outgoing, as_of=day
            )

        return RelationshipConnection(_page=Shared(page), _total=Shared(total))

    @strawberry.field(description="How many relationships of each type and direction.")
    async def relationship_counts(
        self, info: Info, as_of: str | None = None
    ) -> list[RelationshipCount]:
        rows = await entity_service.counts(info.context.store, str(self.id), check_date(as_of))
        return [
            RelationshipCount(
                type=r.type, direction=Direction.OUT if r.outgoing else Direction.IN, count=r.count
            )
            for r in rows
        ]


def check_types(types: list[str] | None) -> list[str] | None:
    """Relationship types come from the allowlist; say which are unknown."""
    if types is None:
        return None
    wanted = [t.upper() for t in types]
    unknown = sorted(set(wanted) - EDGE_TYPES)
    if unknown:
        known = ", ".join(sorted(EDGE_TYPES))
        raise BadRequest(f"unknown relationship type(s) {', '.join(unknown)}; known: {known}")
    return wanted


async def require_entity(info: Info, entity_id: str) -> Entity:
    entity = await load_entity(info, entity_id)
    if entity is None:
        raise NotFound(f"no entity or record with id {entity_id!r}")
    return entity


async def load_entity(info: Info, entity_id: str, day: str | None = None) -> Entity | None:
    """The entity of an id; ``day`` is the date key of the query's asOf, if any."""
    row = await info.context.loaders.entity.load(entity_id)
    return None if row is None else Entity.of(row, entity_id, day)


async def load_entities(
    info: Info, entity_ids: Sequence[str], day: str | None = None
) -> list[Entity]:
    """The entities of several ids in one batch, in order, leaving out ids
    that lead nowhere. Awaiting load_entity in a loop would send one batch,
    and so one query, per id."""
    rows = await info.context.loaders.entity.load_many(list(entity_ids))
    return [
        Entity.of(row, eid, day)
        for row, eid in zip(rows, entity_ids, strict=True)
        if row is not None
    ]
