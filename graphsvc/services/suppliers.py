"""Who supplies a system or a public body, and how."""

from __future__ import annotations

from dataclasses import dataclass

from graphsvc import sanctions
from graphsvc.graph import Store
from graphsvc.services.dates import sanctions_day


@dataclass(frozen=True, slots=True)
class Supplier:
    entity_id: str
    caption: str
    schema: str
    listed_by: list[str]
    how: list[str]
    via_ids: list[str]


async def suppliers(store: Store, entity_id: str, day: str | None = None) -> list[Supplier]:
    """Developers of what a canonical entity uses, its contract suppliers and
    its hardware suppliers, with the authorities that list them on ``day``
    (default: today)."""
    on = sanctions_day(day)
    return [
        Supplier(
            entity_id=r.supplier.id,
            caption=r.supplier.caption,
            schema=r.supplier.schema or "Thing",
            listed_by=sanctions.listed_by(r.supplier.sanction_terms, on),
            how=sorted(r.how),
            via_ids=sorted(r.via),
        )
        for r in await store.suppliers(entity_id)
    ]
