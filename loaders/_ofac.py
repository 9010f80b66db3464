"""What the three OFAC SDN formats share: the vocabulary of identifier types
(the legacy XML ``idType``, the CSV remarks and the advanced XML feature and
document types all use the same labels), dates, and "Linked To" links."""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphsvc.model import Record
from loaders import _sanctions as s
from loaders.dates import parse_date

DATASET = "us_ofac_sdn"
AUTHORITY = "US Treasury OFAC"
SOURCE_URL = "https://sanctionslist.ofac.treas.gov/Home/SdnList"

# OFAC's sdnType / SDN_Type / party type -> FtM schema. OFAC does not say
# whether an entity is a company or another organisation, so LegalEntity.
SCHEMATA = {
    "individual": "Person",
    "entity": "LegalEntity",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}

# Identifier label (lower case, without "alt. ") -> property.
_ID_PROPS = {
    "passport": "passportNumber",
    "diplomatic passport": "passportNumber",
    "national id no.": "idNumber",
    "identification number": "idNumber",
    "cedula no.": "idNumber",
    "c.u.r.p.": "idNumber",
    "d.n.i.": "idNumber",
    "ssn": "idNumber",
    "tax id no.": "taxNumber",
    "registration number": "registrationNumber",
    "business registration number": "registrationNumber",
    "registration id": "registrationNumber",
    "company number": "registrationNumber",
    "commercial registry number": "registrationNumber",
    "legal entity number": "leiCode",
    "swift/bic": "swiftBic",
    "email address": "email",
    "website": "website",
    "phone number": "phone",
    "telephone": "phone",
    "mmsi": "mmsi",
    "gender": "gender",
    "organization established date": "incorporationDate",
    "vessel registration identification": "imoNumber",
    "nationality of registration": "jurisdiction",
    "vessel flag": "flag",
    "vessel type": "type",
    "title": "title",
    "nationality country": "nationality",
    "citizenship country": "citizenship",
}
_COUNTRY_PROPS = {"jurisdiction", "flag", "nationality", "citizenship"}
_IMO = re.compile(r"IMO\s*(\d{7})", re.IGNORECASE)


def dates(text: str | None) -> list[str]:
    """OFAC dates are month-first; "1960 to 1962" gives both ends, "circa
    1960" the year, "Jun 1975" the month."""
    if not text:
        return []
    out: list[str] = []
    for part in re.split(r"\s+to\s+", text.strip()):
        value = parse_date(part, day_first=False)
        if value is None:
            m = re.match(r"^(?:circa\s+)?([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$", part.strip())
            if m:
                value = parse_date(f"01 {m.group(1)} {m.group(2)}")
                value = value[:7] if value else None
        if value is not None:
            out.append(value)
    return out


def add_identifier(rec: Record, label: str, value: str, country: str | None = None) -> bool:
    """File one labelled identifier on ``rec``; False if the label is not known
    (the caller then keeps it in ``notes``)."""
    key = label.strip().lower()
    if key.startswith("alt. "):
        key = key[5:]
    prop = _ID_PROPS.get(key)
    if prop is None:
        return False
    value = value.strip()
    if prop == "gender":
        rec.add("gender", s.gender(value))
    elif prop == "incorporationDate":
        rec.add(prop, *dates(value))
    elif prop == "imoNumber":
        m = _IMO.search(value)
        rec.add(prop, f"IMO{m.group(1)}" if m else value)
    elif prop in _COUNTRY_PROPS:
        s.add_country(rec, prop, value)
    else:
        rec.add(prop, value)
        if prop in {"taxNumber", "registrationNumber"}:
            s.add_russian_ids(rec, value, country)
    return True


def split_country(value: str) -> tuple[str, str | None]:
    """'7718852163 (Russia)' -> ('7718852163', 'Russia')."""
    split = s.trailing_parenthesis(value)
    if split is not None:
        return split[0], split[1].strip()
    return value.strip(), None


def listing_name(first: str | None, last: str | None) -> str:
    """The name as OFAC writes it in 'Linked To:' remarks: 'LAST, First'."""
    return f"{last}, {first}" if first and last else (last or first or "")


def display_name(first: str | None, last: str | None) -> str:
    """'First LAST', the order the EU and UK lists use, so names compare."""
    return " ".join(p for p in (first, last) if p)


def invert(listed: str, schema: str) -> str:
    """'CHEMEZOV, Sergey Viktorovich' -> 'Sergey Viktorovich CHEMEZOV' for people."""
    if schema == "Person" and listed.count(",") == 1:
        last, first = (p.strip() for p in listed.split(","))
        return display_name(first, last)
    return listed


_LINKED = re.compile(r"Linked To:\s*([^;]+?)\s*(?:[;)]|\.?\s*$)")


def linked_names(remarks: str | None) -> list[str]:
    """Names after 'Linked To:' in remarks; the final full stop is not part of the name."""
    if not remarks:
        return []
    return [m.group(1).rstrip(".").strip() for m in _LINKED.finditer(remarks)]


def program_sanctions(
    rec: Record, programs: list[str], *, reason: str | None = None
) -> Iterator[Record]:
    """One Sanction per programme: an entry under three programmes is three listings."""
    for program in programs:
        yield s.sanction(rec, AUTHORITY, program, reason=reason, source_url=SOURCE_URL)


class LinkResolver:
    """Resolves 'Linked To: NAME' to a record id by exact listing name.

    Links often point forward in the file, so they are held back and emitted
    after the last entry; only (subject, name) pairs and a name -> id index
    are kept, a few MB for the full list, never the entries themselves.
    A name shared by two entries is ambiguous and stays unresolved.
    """

    def __init__(self) -> None:
        self._ids: dict[str, str | None] = {}
        self._pending: list[tuple[Record, str]] = []

    @staticmethod
    def _key(name: str) -> str:
        return " ".join(name.upper().rstrip(".").split())

    def known(self, name: str, rec_id: str) -> None:
        key = self._key(name)
        if key in self._ids and self._ids[key] != rec_id:
            self._ids[key] = None  # ambiguous
        else:
            self._ids[key] = rec_id

    def defer(self, subject: Record, name: str) -> None:
        # Keep a light stub, not the record with all its properties.
        stub = Record(
            id=subject.id,
            schema=subject.schema,
            dataset=subject.dataset,
            source_id=subject.source_id,
            source_url=subject.source_url,
            published=subject.published,
            origin=subject.origin,
        )
        self._pending.append((stub, name))

    def links(self) -> Iterator[Record]:
        for subject, name in self._pending:
            target = self._ids.get(self._key(name))
            yield s.link(subject, object_id=target, object_name=name, key=self._key(name))
        self._pending.clear()


# Remark labels whose value is a date, place or country, not an identifier.
_REMARK_FIELDS = {
    "dob": "birthDate",
    "pob": "birthPlace",
    "nationality": "nationality",
    "citizen": "citizenship",
}
_AKA = re.compile(r"^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s+'(.+)'$", re.IGNORECASE)
# Remark labels, longest first so "Business Registration Number" wins over "Registration ...".
_LABELS = sorted([*_ID_PROPS, *_REMARK_FIELDS], key=len, reverse=True)
_LISTING_NOTE = re.compile(r"sanction|directive|executive order|caatsa|ifca", re.IGNORECASE)


def split_remarks(remarks: str | None) -> list[str]:
    if not remarks:
        return []
    text = remarks.strip()
    if text.endswith("."):
        text = text[:-1]
    return [p.strip() for p in text.split("; ") if p.strip()]


def apply_remarks(rec: Record, remarks: str | None) -> tuple[list[str], list[str]]:
    """Read the CSV-style remarks into ``rec``: dates, places, weak akas,
    identifiers. Returns (linked names, notes about the listing); anything
    else is kept in ``notes``."""
    links: list[str] = []
    listing: list[str] = []
    for item in split_remarks(remarks):
        if item.lower().startswith("linked to:"):
            links.append(item.split(":", 1)[1].strip().rstrip("."))
            continue
        m = _AKA.match(item)
        if m:
            kind = m.group(1).lower()
            prop = {"a.k.a.": "weakAlias", "f.k.a.": "previousName"}.get(kind, "alias")
            rec.add(prop, m.group(2))
            continue
        if _LISTING_NOTE.search(item):
            listing.append(item)
            continue
        if not _apply_labelled(rec, item):
            rec.add("notes", item)
    return links, listing


def _apply_labelled(rec: Record, item: str) -> bool:
    body = item[5:] if item.lower().startswith("alt. ") else item
    lowered = body.lower()
    for label in _LABELS:
        if lowered.startswith(label + " "):
            value = body[len(label) + 1 :].strip()
            break
    else:
        return False
    if label in _REMARK_FIELDS:
        prop = _REMARK_FIELDS[label]
        if prop == "birthDate":
            rec.add(prop, *dates(value))
        elif prop == "birthPlace":
            rec.add(prop, value)
        else:
            s.add_country(rec, prop, value)
        return True
    if label == "identification number" and _IMO.search(value):
        return add_identifier(rec, "vessel registration identification", value)
    number, country = split_country(value)
    if label in {"gender", "website", "email address", "organization established date"}:
        number, country = value, None
    return add_identifier(rec, label, number, country)
