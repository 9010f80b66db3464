"""Who supplies a system or a public body, and how."""

from __future__ import annotations

from dataclasses import dataclass

from graphsvc.graph import Store


@dataclass(frozen=True, slots=True)
class Supplier:
    entity_id: str
    caption: str
    schema: str
    listed_by: list[str]
    how: list[str]
    via_ids: list[str]


async def suppliers(store: Store, entity_id: str) -> list[Supplier]:
    """Developers of what a canonical entity uses, its contract suppliers and
    its hardware suppliers."""
    return [
        Supplier(
            entity_id=r.supplier.id,
            caption=r.supplier.caption,
            schema=r.supplier.schema or "Thing",
            listed_by=r.supplier.sanction_authorities,
            how=sorted(r.how),
            via_ids=sorted(r.via),
        )
        for r in await store.suppliers(entity_id)
    ]
