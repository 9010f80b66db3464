"""search(query, schema, country, topic, first, after): scored name search."""

from __future__ import annotations

import strawberry

from graphsvc import search as name_search
from graphsvc.errors import BadRequest
from graphsvc.graphql.types.common import PageInfo, decode_offset, encode_cursor, page_size
from graphsvc.graphql.types.entity import Entity, Info, load_entity

# The full-text index's best candidates, re-ranked per query; pages are cut
# from these, so a search has at most this many hits (one page of the largest
# size). Decoding and ranking them is most of a search's time in the API: on
# the generated 1M graph, 100 instead of 200 served 55% more searches a second
# at 16 clients, and the bench's search names found their entity as often.
CANDIDATES = 100


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
    if len(query) > name_search.MAX_QUERY_CHARS:
        raise BadRequest(f"`query` is longer than {name_search.MAX_QUERY_CHARS} characters")
    size = page_size(first, info.context.settings)
    offset = decode_offset("search", after)
    lucene = name_search.lucene_queries(query)
    if lucene is None:
        raise BadRequest("`query` has no letters or digits to search for")
    rows = await info.context.repo.read(
        "search/fulltext",
        every=lucene.every,
        every_near=lucene.every_near,
        any_near=lucene.any_near,
        schema=schema,
        country=country.lower() if country else None,
        topic=topic,
        limit=CANDIDATES,
    )
    ranked = name_search.rank(query, rows[0]["hits"] if rows else [])
    page = ranked[offset : offset + size]
    edges = [
        SearchHit(
            cursor=encode_cursor("search", str(offset + i + 1)),
            score=score,
            entity_id=strawberry.ID(entity["id"]),
            caption=entity.get("caption") or entity["id"],
        )
        for i, (score, entity) in enumerate(page)
    ]
    return SearchConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=offset + size < len(ranked),
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=len(ranked),
    )


async def entity(info: Info, id: strawberry.ID) -> Entity | None:
    return await load_entity(info, str(id))
