"""Public contracts of an entity, as buyer or supplier."""

from __future__ import annotations

from dataclasses import dataclass

from graphsvc import sanctions
from graphsvc.graph import Store
from graphsvc.services.dates import sanctions_day


@dataclass(frozen=True, slots=True)
class Party:
    id: str
    caption: str
    listed_by: list[str]


@dataclass(frozen=True, slots=True)
class Contract:
    id: str
    caption: str
    role: str  # the entity's role: buyer or supplier
    title: str | None
    amount: str | None
    currency: str | None
    sign_date: str | None
    start_date: str | None
    summary: str | None
    buyers: list[Party]
    suppliers: list[Party]


async def contracts(store: Store, entity_id: str, day: str | None = None) -> list[Contract]:
    """Contracts where a canonical entity is buyer or supplier, oldest signed
    first; suppliers with the authorities that list them on ``day`` (default: today)."""
    on = sanctions_day(day)
    return [
        Contract(
            id=r.contract.id,
            caption=r.contract.caption or r.contract.id,
            role=r.role,
            title=r.contract.title,
            amount=r.contract.amount,
            currency=r.contract.currency,
            sign_date=r.contract.sign_date,
            start_date=r.contract.start_date,
            summary=r.contract.summary,
            # a buyer's sanctions are not part of the answer
            buyers=[Party(b.id, b.caption, []) for b in r.buyers],
            suppliers=[
                Party(s.id, s.caption, sanctions.listed_by(s.sanction_terms, on))
                for s in r.suppliers
            ],
        )
        for r in await store.contracts(entity_id)
    ]
