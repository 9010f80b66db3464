"""search(query, schema, country, topic, first, after): scored name search."""

from __future__ import annotations

import strawberry

from graphsvc.graphql.types.common import PageInfo, page_size
from graphsvc.graphql.types.entity import Entity, Info, load_entity
from graphsvc.pages import decode_offset, encode_cursor
from graphsvc.services import search as service
from graphsvc.services.search import CANDIDATES


@strawberry.type
class SearchHit:
    cursor: str
    score: float = strawberry.field(description="Name similarity, 0..1.")
    entity_id: strawberry.ID
    caption: str

    @strawberry.field
    async def node(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.entity_id))


@strawberry.type
class SearchConnection:
    edges: list[SearchHit]
    page_info: PageInfo
    total_count: int = strawberry.field(
        description=f"Hits: the name index's best {CANDIDATES} candidates at most, re-ranked."
    )


async def search(
    info: Info,
    query: str,
    schema: str | None = None,
    country: str | None = None,
    topic: str | None = None,
    first: int | None = 20,
    after: str | None = None,
) -> SearchConnection:
    service.check_query(query)
    size = page_size(first, info.context.settings)
    offset = decode_offset("search", after)
    found = await service.search(
        info.context.store,
        query,
        schema=schema,
        country=country,
        topic=topic,
        offset=offset,
        size=size,
    )
    edges = [
        SearchHit(
            cursor=encode_cursor("search", str(offset + i + 1)),
            score=hit.score,
            entity_id=strawberry.ID(hit.entity_id),
            caption=hit.caption,
        )
        for i, hit in enumerate(found.page)
    ]
    return SearchConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=found.has_next_page, end_cursor=edges[-1].cursor if edges else None
        ),
        total_count=len(found.hits),
    )


async def entity(info: Info, id: strawberry.ID) -> Entity | None:
    return await load_entity(info, str(id))
