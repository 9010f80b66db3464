"""Name search: the full-text index's candidates, re-ranked by name, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from graphsvc import search as names
from graphsvc.errors import BadRequest
from graphsvc.graph import Store
from graphsvc.services.dates import sanctions_day

# The full-text index's best candidates, re-ranked per query; pages are cut
# from these, so a search has at most this many hits (one page of the largest
# size). Decoding and ranking them is most of a search's time in the API, and
# fewer candidates served more searches without losing the right entity.
CANDIDATES = 100


@dataclass(frozen=True, slots=True)
class Hit:
    score: float  # name similarity, 0..1
    entity_id: str
    caption: str


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: list[Hit]  # every ranked hit; a page is a slice
    offset: int
    size: int

    @property
    def page(self) -> list[Hit]:
        return self.hits[self.offset : self.offset + self.size]

    @property
    def has_next_page(self) -> bool:
        return self.offset + self.size < len(self.hits)


async def search(
    store: Store,
    query: str,
    *,
    schema: str | None,
    country: str | None,
    topic: str | None,
    offset: int,
    size: int,
) -> SearchResult:
    """Entities whose names have every word of the query (as written or
    sounding alike; then one letter off), or when none has, any of them."""
    lucene = names.lucene_queries(query)
    if lucene is None:
        raise BadRequest("`query` has no letters or digits to search for")
    found = await store.search(
        lucene.every,
        lucene.every_near,
        lucene.any_near,
        schema,
        country.lower() if country else None,
        topic,
        sanctions_day(),
        CANDIDATES,
    )
    scores = names.scores(
        query, [c.folded or names.folded_names(c.names or [c.caption or ""]) for c in found]
    )
    ranked = sorted(
        zip(scores, found, strict=True), key=lambda p: (-p[0], p[1].caption or "", p[1].id)
    )
    hits = [Hit(score, c.id, c.caption or c.id) for score, c in ranked]
    return SearchResult(hits=hits, offset=offset, size=size)


def check_query(query: str) -> None:
    if len(query) > names.MAX_QUERY_CHARS:
        raise BadRequest(f"`query` is longer than {names.MAX_QUERY_CHARS} characters")
