"""Beneficial Ownership Data Standard statements (0.4, and 0.2/0.3), JSON array or JSON lines.

BODS 0.4 statements carry ``recordId``/``recordType``/``recordDetails``: the
record id stays the same across statements about the same entity, person or
relationship, so it is the source id (a later statement updates the record).
Older statements (``statementType`` ``entityStatement`` ...) are named by
``statementId`` and refer to each other with ``describedBy...Statement``.

entity -> Company/PublicBody/Organization/LegalEntity, person -> Person,
relationship -> Ownership (owner = interested party, asset = subject).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from graphsvc.model import Record, record_id
from loaders._jsonstream import iter_json
from loaders._orgid import add_identifier
from loaders.base import Loader
from loaders.dates import parse_date

_HEAD = re.compile(rb'"(?:recordType|statementType)"\s*:\s*"')
_ENTITY_SCHEMA = {
    "registeredEntity": "Company",
    "state": "PublicBody",
    "stateBody": "PublicBody",
    "arrangement": "Organization",
}
_OLD_TYPES = {
    "entityStatement": "entity",
    "personStatement": "person",
    "ownershipOrControlStatement": "relationship",
}
_PRIMARY_NAMES = {"individual", "legal"}


def _str(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    return str(value).strip() or None


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class BodsLoader(Loader):
    format: ClassVar[str] = "bods"
    dataset: ClassVar[str] = "bods"
    title: ClassVar[str] = "Beneficial Ownership Data Standard statements (JSON or JSON lines)"
    # a BODS 0.4 record is restated by each later statement about it
    restates: ClassVar[bool] = True

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return (
            b'"statementId"' in head
            and _HEAD.search(head) is not None
            and head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{")
        )

    def read(self) -> Iterator[Record]:
        count = 0
        for item in iter_json(self.path):
            count += 1
            rec = self.statement(item.line, item.value)
            if rec is not None:
                yield rec
        if count == 0:
            raise self.error(None, "no statements")

    def statement(self, line: int, st: Any) -> Record | None:
        if not isinstance(st, dict):
            raise self.error(line, "a BODS statement must be a JSON object")
        statement_id = _str(st.get("statementId"))
        if statement_id is None:
            raise self.error(line, "a statement without statementId")
        if "recordType" in st:  # BODS 0.4
            kind, source_id = _str(st.get("recordType")), _str(st.get("recordId"))
            details = _dict(st.get("recordDetails"))
            if source_id is None:
                raise self.error(line, f"statement {statement_id} without recordId")
        else:
            kind, source_id, details = (
                _OLD_TYPES.get(str(st.get("statementType"))),
                statement_id,
                st,
            )
        if kind not in ("entity", "person", "relationship"):
            raise self.error(line, f"statement {statement_id}: unknown record type")
        publication = _dict(st.get("publicationDetails"))
        rec = Record.of(
            self.dataset_name,
            source_id,
            "LegalEntity",
            source_url=_str(_dict(st.get("source")).get("url")),
            published=parse_date(_str(publication.get("publicationDate")))
            or parse_date(_str(st.get("statementDate"))),
            origin=f"{self.path.name}:{line}",
            raw=st,
        )
        rec.add("modifiedAt", parse_date(_str(st.get("statementDate"))))
        if st.get("recordStatus") == "closed":
            rec.add("status", "closed")
        if kind == "entity":
            self.entity(rec, details)
        elif kind == "person":
            self.person(rec, details)
        elif not self.relationship(rec, details, line, statement_id):
            return None
        return rec

    def entity(self, rec: Record, d: dict[str, Any]) -> None:
        entity_type = d.get("entityType")
        type_name = _str(_dict(entity_type).get("type")) or _str(entity_type)
        rec.schema = _ENTITY_SCHEMA.get(type_name or "", "LegalEntity")
        rec.add("name", _str(d.get("name")))
        rec.add("alias", *[_str(n) for n in d.get("alternateNames") or []])
        jurisdiction = _dict(d.get("jurisdiction") or d.get("incorporatedInJurisdiction"))
        code = _str(jurisdiction.get("code"))
        rec.add("jurisdiction", code.lower() if code and len(code) == 2 else None)
        for ident in _dicts(d.get("identifiers")):
            add_identifier(rec, _str(ident.get("scheme")), _str(ident.get("id")))
        rec.add("incorporationDate", parse_date(_str(d.get("foundingDate"))))
        rec.add("dissolutionDate", parse_date(_str(d.get("dissolutionDate"))))
        rec.add("website", _str(d.get("uri")))
        self.addresses(rec, d)

    def person(self, rec: Record, d: dict[str, Any]) -> None:
        rec.schema = "Person"
        names = _dicts(d.get("names"))
        for name in sorted(names, key=lambda n: n.get("type") not in _PRIMARY_NAMES):
            full = _str(name.get("fullName")) or " ".join(
                p for k in ("givenName", "patronymicName", "familyName") if (p := _str(name.get(k)))
            )
            prop = "name" if "name" not in rec.properties else "alias"
            rec.add(prop, full)
            rec.add("firstName", _str(name.get("givenName")))
            rec.add("lastName", _str(name.get("familyName")))
        for nationality in _dicts(d.get("nationalities")):
            code = _str(nationality.get("code"))
            rec.add("nationality", code.lower() if code else _str(nationality.get("name")))
        for ident in _dicts(d.get("identifiers")):
            add_identifier(rec, _str(ident.get("scheme")), _str(ident.get("id")))
        rec.add("birthDate", parse_date(_str(d.get("birthDate"))))
        rec.add("deathDate", parse_date(_str(d.get("deathDate"))))
        self.addresses(rec, d)

    def addresses(self, rec: Record, d: dict[str, Any]) -> None:
        for addr in _dicts(d.get("addresses")):
            parts = [_str(addr.get("address")), _str(addr.get("postCode"))]
            rec.add("address", ", ".join(p for p in parts if p))
            country = addr.get("country")
            code = _str(_dict(country).get("code")) or _str(country)
            rec.add("country", code.lower() if code and len(code) == 2 else None)

    def relationship(self, rec: Record, d: dict[str, Any], line: int, statement_id: str) -> bool:
        """Fill an Ownership; False if the owner is unspecified, as no edge can be drawn."""
        rec.schema = "Ownership"
        subject, party = self.ref(d.get("subject")), self.ref(d.get("interestedParty"))
        if subject is None:
            raise self.error(line, f"statement {statement_id}: relationship without a subject")
        if party is None:
            # Unspecified interested party (``reason``: the owner is unknown).
            return False
        rec.add("asset", subject)
        rec.add("owner", party)
        for interest in _dicts(d.get("interests")):
            rec.add("ownershipType", _str(interest.get("type")))
            rec.add("startDate", parse_date(_str(interest.get("startDate"))))
            rec.add("endDate", parse_date(_str(interest.get("endDate"))))
            level = _str(interest.get("directOrIndirect")) or _str(interest.get("interestLevel"))
            rec.add("role", level)
            if interest.get("beneficialOwnershipOrControl") is True:
                rec.add("role", "beneficial owner")
            share = _dict(interest.get("share"))
            if share.get("exact") is not None:
                rec.add("percentage", _str(share.get("exact")))
            else:
                low = _str(share.get("minimum") or share.get("exclusiveMinimum"))
                high = _str(share.get("maximum") or share.get("exclusiveMaximum"))
                if low or high:
                    rec.add("summary", f"{interest.get('type')}: {low or '?'}-{high or '?'}%")
        return True

    def ref(self, value: Any) -> str | None:
        """A record id from a 0.4 recordId string or a 0.2/0.3 ``describedBy...`` object."""
        if isinstance(value, str) and value.strip():
            return record_id(self.dataset_name, value.strip())
        obj = _dict(value)
        for key in ("describedByEntityStatement", "describedByPersonStatement"):
            if target := _str(obj.get(key)):
                return record_id(self.dataset_name, target)
        return None
