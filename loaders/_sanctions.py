"""Record builders shared by the sanctions-list loaders.

Every list maps the same way (see docs/loaders.md): one party record per
listed person or entity, one ``Sanction`` record per listing (per programme),
and relationship records for links the list states. Keeping the id and
property conventions here means OFAC, EU, UK and UN records line up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graphsvc.model import Record, derived_id
from loaders.countries import country_code, country_codes

ACTIVE = "active"


def sanction(
    subject: Record,
    authority: str,
    program: str,
    *,
    listing_date: str | None = None,
    end_date: str | None = None,
    reason: str | None = None,
    status: str = ACTIVE,
    source_url: str | None = None,
    extra: dict[str, Iterable[str | None]] | None = None,
) -> Record:
    """The listing of ``subject`` under one programme of one authority."""
    rec = Record(
        id=derived_id(subject.id, "sanction", authority, program),
        schema="Sanction",
        dataset=subject.dataset,
        source_id=f"{subject.source_id}/sanction/{program}",
        source_url=subject.source_url,
        published=subject.published,
        origin=subject.origin,
        raw={"authority": authority, "program": program},
    )
    rec.add("entity", subject.id)
    rec.add("authority", authority)
    rec.add("program", program)
    rec.add("listingDate", listing_date)
    rec.add("endDate", end_date)
    rec.add("status", status)
    rec.add("reason", reason)
    rec.add("sourceUrl", source_url or subject.source_url)
    for prop, values in (extra or {}).items():
        rec.add(prop, *values)
    return rec


# Relationship schema -> (property for the stating party, property for the other).
_ENDS = {
    "UnknownLink": ("subject", "object"),
    "Ownership": ("asset", "owner"),  # "X owned or controlled by Y": X is the asset
    "Directorship": ("director", "organization"),
}


def link(
    subject: Record,
    *,
    object_id: str | None = None,
    object_name: str | None = None,
    role: str = "linked to",
    schema: str = "UnknownLink",
    key: str | None = None,
) -> Record:
    """A relationship stated on ``subject``'s entry. Without a resolvable
    ``object_id`` the link is still kept, naming the other side in ``objectName``."""
    this_end, other_end = _ENDS[schema]
    rec = Record(
        id=derived_id(subject.id, "link", schema, role, key or object_id or object_name or ""),
        schema=schema,
        dataset=subject.dataset,
        source_id=f"{subject.source_id}/link/{key or object_id or object_name}",
        source_url=subject.source_url,
        published=subject.published,
        origin=subject.origin,
        raw={"role": role, "object_id": object_id, "object_name": object_name},
    )
    rec.add(this_end, subject.id)
    rec.add(other_end, object_id)
    rec.add("objectName", object_name)
    rec.add("role", role)
    return rec


def add_country(rec: Record, prop: str, text: str | None) -> None:
    """Add the codes for a country field; several countries may be listed."""
    if text is None:
        return
    code = country_code(text)
    rec.add(prop, *([code] if code else country_codes(text)))


def one_line(*parts: str | None) -> str | None:
    """Address parts as one line, empty parts dropped."""
    cleaned = [p.strip().rstrip(",") for p in parts if p and p.strip()]
    return ", ".join(cleaned) or None


def split(text: str | None, sep: str = ";") -> list[str]:
    if not text:
        return []
    return [p.strip() for p in text.split(sep) if p.strip()]


_GENDERS = {"m": "male", "male": "male", "f": "female", "female": "female"}


def gender(text: str | None) -> str | None:
    if not text:
        return None
    return _GENDERS.get(text.strip().lower(), text.strip().lower())


_INN = re.compile(r"^\d{10}$|^\d{12}$")
_OGRN = re.compile(r"^\d{13}$|^\d{15}$")


def add_russian_ids(rec: Record, number: str, country: str | None) -> None:
    """Russian tax and registration numbers have schemes of their own: an INN
    is 10/12 digits, an OGRN 13/15; lists file both under generic headings."""
    if country_code(country) != "ru":
        return
    value = number.strip()
    if _INN.match(value):
        rec.add("innCode", value)
    elif _OGRN.match(value):
        rec.add("ogrnCode", value)


def trailing_parenthesis(value: str) -> tuple[str, str] | None:
    """'7718852163 (Russia)' -> ('7718852163', 'Russia'): the text before a
    closing parenthesis (which holds none) and what it holds; None if the value
    does not end so or nothing comes before it. Written out rather than as a
    regular expression, which takes quadratic time over a long run of spaces."""
    text = value.rstrip()
    if not text.endswith(")"):
        return None
    opening = text.rfind("(", 0, len(text) - 1)
    inner = text[opening + 1 : -1]
    before = text[:opening].strip()
    if opening < 0 or ")" in inner or not before or "\n" in text[:opening].rstrip():
        return None
    return before, inner
