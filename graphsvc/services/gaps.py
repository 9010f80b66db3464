"""Gaps: entities an authority does not list, and why it might."""

from __future__ import annotations

from dataclasses import dataclass

from graphsvc import pages, sanctions
from graphsvc.errors import BadRequest
from graphsvc.graph import Store
from graphsvc.services.dates import sanctions_day
from graphsvc.store.derive import authority_code

# The codes graphsvc.store.derive.authority_code gives the authorities it knows.
AUTHORITIES = ("EU", "UK", "US", "UN")


@dataclass(frozen=True, slots=True)
class GapLink:
    type: str
    other_id: str
    other_caption: str
    other_listed_by: list[str]


@dataclass(frozen=True, slots=True)
class Gap:
    entity_id: str
    caption: str
    schema: str
    listed_by: list[str]  # authorities that do list it
    links: list[GapLink]  # links to sanctioned entities
    reasons: list[str]


def authority(name: str) -> str:
    """An authority's code from its code or its name ("OFAC", "HM Treasury")."""
    code = name.strip().upper()
    if code not in AUTHORITIES:
        code = authority_code(name)
    if code not in AUTHORITIES:
        raise BadRequest(f"unknown authority {name[:40]!r}; known: {', '.join(AUTHORITIES)}")
    return code


async def gaps(
    store: Store,
    authority_name: str,
    *,
    first: int,
    after: str | None,
    max_page_size: int,
    day: str | None = None,
) -> list[Gap]:
    """Gaps as the lists stand on ``day`` (default: today)."""
    pages.page_size(first, max_page_size)
    code = authority(authority_name)
    on = sanctions_day(day)
    out = []
    for r in await store.gaps(code, on, after, first):
        links = sorted(
            (
                GapLink(x.type, x.other, x.other_caption, sanctions.listed_by(x.other_terms, on))
                for x in r.links
            ),
            key=lambda link: (link.type, link.other_caption),
        )
        listed_by = sanctions.listed_by(r.entity.sanction_terms, on)
        reasons = []
        if listed_by:
            reasons.append(f"listed by {', '.join(listed_by)} but not by {code}")
        reasons.extend(
            f"{link.type.lower()} link to {link.other_caption} "
            f"(listed by {', '.join(sorted(link.other_listed_by))})"
            for link in links
        )
        out.append(
            Gap(
                entity_id=r.entity.id,
                caption=r.entity.caption,
                schema=r.entity.schema or "Thing",
                listed_by=listed_by,
                links=links,
                reasons=reasons,
            )
        )
    return out
