"""Test programmes and prize challenges: who took part, and in what."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphsvc import sanctions
from graphsvc.graph import Store
from graphsvc.graph.rows import ProgrammeLinkRow
from graphsvc.services.dates import sanctions_day


@dataclass(frozen=True, slots=True)
class ProgrammeLink:
    """A submission to a test programme, or a prize won in one."""

    type: str  # PARTICIPATION or PRIZE_AWARD
    algorithm: list[str] | None
    start_date: str | None
    amount: str | None
    currency: str | None
    summary: str | None
    record_ids: list[str]
    properties: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Participant:
    entity_id: str
    caption: str
    listed_by: list[str]
    links: list[ProgrammeLink]


@dataclass(frozen=True, slots=True)
class Participation:
    programme_id: str
    caption: str
    links: list[ProgrammeLink]


@dataclass(frozen=True, slots=True)
class ProgrammeSummary:
    id: str
    caption: str
    participants: int


def ordered_links(rows: Sequence[ProgrammeLinkRow]) -> list[ProgrammeLink]:
    """Oldest first; undated last."""
    ordered = sorted(rows, key=lambda x: (x.start_date is None, x.start_date or "", x.id))
    return [
        ProgrammeLink(
            type=x.type,
            algorithm=x.algorithm,
            start_date=x.start_date,
            amount=x.amount,
            currency=x.currency,
            summary=x.summary,
            record_ids=list(x.record_ids),
            properties=json.loads(x.properties or "{}"),
        )
        for x in ordered
    ]


async def participants(
    store: Store,
    programme_id: str,
    sanctioned_by: str | None = None,
    not_sanctioned_by: str | None = None,
    day: str | None = None,
) -> list[Participant]:
    """A programme's participants, filtered by the authorities that list them
    on ``day`` (default: today)."""
    on = sanctions_day(day)
    out = []
    for r in await store.participants(programme_id):
        listed = sanctions.listed_by(r.participant.sanction_terms, on)
        if sanctioned_by is not None and sanctioned_by.upper() not in listed:
            continue
        if not_sanctioned_by is not None and not_sanctioned_by.upper() in listed:
            continue
        out.append(
            Participant(
                entity_id=r.participant.id,
                caption=r.participant.caption,
                listed_by=listed,
                links=ordered_links(r.links),
            )
        )
    return out


async def participation(store: Store, entity_id: str) -> list[Participation]:
    """The programmes an entity took part in, and its prizes."""
    return [
        Participation(
            programme_id=r.programme.id, caption=r.programme.caption, links=ordered_links(r.links)
        )
        for r in await store.programmes_of(entity_id)
    ]


async def programmes(store: Store) -> list[ProgrammeSummary]:
    return [
        ProgrammeSummary(
            id=r.programme.id, caption=r.programme.caption, participants=r.participants
        )
        for r in await store.programmes()
    ]
