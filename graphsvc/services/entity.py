"""An entity's relationships: a page at a time, and how many of each kind."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graphsvc.graph import Store
from graphsvc.graph.rows import RelationshipCountRow, RelationshipRow


@dataclass(frozen=True, slots=True)
class RelationshipPage:
    rows: list[RelationshipRow]
    has_next_page: bool


async def relationships(
    store: Store,
    entity_id: str,
    *,
    types: Sequence[str] | None,
    outgoing: bool | None,
    as_of: str | None,
    after: str | None,
    size: int,
) -> RelationshipPage:
    """One page after the edge id ``after``; one row more than the page
    tells whether another follows."""
    direction = None if outgoing is None else ("OUT" if outgoing else "IN")
    rows = await store.relationships(entity_id, types, direction, as_of, after, size + 1)
    return RelationshipPage(rows=rows[:size], has_next_page=len(rows) > size)


async def counts(store: Store, entity_id: str, as_of: str | None) -> list[RelationshipCountRow]:
    """Relationship counts by type and direction; without a date, from the
    degree store (see entity/relationship_counts_all)."""
    if as_of is None:
        return await store.relationship_counts_all(entity_id)
    return await store.relationship_counts(entity_id, as_of)


async def total(
    store: Store,
    entity_id: str,
    *,
    types: Sequence[str] | None,
    outgoing: bool | None,
    as_of: str | None,
) -> int:
    """How many relationships a page through ``relationships`` would list in all."""
    return sum(
        c.count
        for c in await counts(store, entity_id, as_of)
        if (types is None or c.type in types) and (outgoing is None or c.outgoing == outgoing)
    )
