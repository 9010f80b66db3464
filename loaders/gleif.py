"""GLEIF Legal Entity Identifier data: Level 1 (LEI-CDF 3.1) and Level 2 (RR-CDF 2.1) XML.

Level 1 ``lei:LEIRecord`` -> Company with ``leiCode``; Level 2
``rr:RelationshipRecord`` -> Ownership (owner = the parent, asset = the child:
the child "IS_..._CONSOLIDATED_BY" the parent). Both build record ids from the
LEI itself (``gleif:<LEI>``), so relationships link to Level 1 records loaded
from another file. The header's ``ContentDate`` is the edition date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from xml.etree.ElementTree import Element

from graphsvc.model import Record, record_id
from loaders.base import Loader
from loaders.dates import parse_date
from loaders.xmlstream import children, find, iter_elements, local, text

_LEI_NS = re.compile(rb"http://www\.gleif\.org/data/schema/leidata/2016")
_RR_NS = re.compile(rb"http://www\.gleif\.org/data/schema/rr/2016")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_LEI = re.compile(r"^[0-9A-Z]{18}[0-9]{2}$")
_RECORD_URL = "https://search.gleif.org/#/record/{}"
_RELATIONSHIPS = {
    "IS_DIRECTLY_CONSOLIDATED_BY": ("Ownership", "direct"),
    "IS_ULTIMATELY_CONSOLIDATED_BY": ("Ownership", "ultimate"),
    "IS_INTERNATIONAL_BRANCH_OF": ("UnknownLink", "international branch"),
    "IS_FUND-MANAGED_BY": ("UnknownLink", "fund managed by"),
    "IS_SUBFUND_OF": ("UnknownLink", "sub-fund"),
    "IS_FEEDER_TO": ("UnknownLink", "feeder fund"),
}


def _date(value: str | None) -> str | None:
    """GLEIF timestamps carry a zone; the day is what was stated."""
    m = _DATE.match(value or "")
    return parse_date(m.group(1)) if m else None


def _flat(elem: Element) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in elem:
        name = local(child.tag)
        value: Any = _flat(child) if len(child) else (child.text or "").strip()
        if not value:
            continue
        if name in out:  # repeated elements (other names, periods) become lists
            prev = out[name]
            out[name] = [*prev, value] if isinstance(prev, list) else [prev, value]
        else:
            out[name] = value
    return out


class _GleifLoader(Loader):
    dataset: ClassVar[str] = "gleif"
    _header: ClassVar[str]
    _record: ClassVar[str]

    def read(self) -> Iterator[Record]:
        published: str | None = None
        count = 0
        for elem in iter_elements(self.path, {self._header, self._record}):
            if local(elem.tag) == self._header:
                published = _date(text(elem, "ContentDate"))
                continue
            count += 1
            rec = self.convert(elem, count)
            rec.published = published
            yield rec
        if count == 0:
            raise self.error(None, f"no {self._record} elements")

    def convert(self, elem: Element, index: int) -> Record:
        raise NotImplementedError

    def new(self, schema: str, source_id: str, index: int, raw: dict[str, Any]) -> Record:
        return Record.of(
            self.dataset_name, source_id, schema, origin=f"{self.path.name}:record {index}", raw=raw
        )


class GleifLeiLoader(_GleifLoader):
    format: ClassVar[str] = "gleif-lei-xml"
    title: ClassVar[str] = "GLEIF Level 1 LEI records (LEI-CDF 3.1 XML)"
    _header = "LEIHeader"
    _record = "LEIRecord"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return _LEI_NS.search(head) is not None and b"LEIRecord" in head

    def convert(self, elem: Element, index: int) -> Record:
        lei = text(elem, "LEI")
        entity = find(elem, "Entity")
        if lei is None or entity is None:
            raise self.error(f"record {index}", "an LEIRecord without LEI or Entity")
        rec = self.new("Company", lei, index, _flat(elem))
        rec.source_url = _RECORD_URL.format(lei)
        rec.add("leiCode", lei)
        rec.add("name", text(entity, "LegalName"))
        if "name" not in rec.properties:
            raise self.error(f"record {index}", f"LEI {lei} without a LegalName")
        for group, item in (
            ("OtherEntityNames", "OtherEntityName"),
            ("TransliteratedOtherEntityNames", "TransliteratedOtherEntityName"),
        ):
            for name in children(find(entity, group), item):
                prop = "previousName" if name.get("type") == "PREVIOUS_LEGAL_NAME" else "alias"
                rec.add(prop, name.text)
        jurisdiction = text(entity, "LegalJurisdiction")
        rec.add("jurisdiction", jurisdiction.lower() if jurisdiction else None)
        for kind in ("LegalAddress", "HeadquartersAddress"):
            self.address(rec, find(entity, kind))
        authority = find(entity, "RegistrationAuthority")
        rec.add("registrationNumber", text(authority, "RegistrationAuthorityEntityID"))
        legal_form = find(entity, "LegalForm")
        rec.add("legalForm", text(legal_form, "OtherLegalForm"))
        rec.add("legalForm", text(legal_form, "EntityLegalFormCode"))
        rec.add("status", text(entity, "EntityStatus"))
        rec.add("incorporationDate", _date(text(entity, "EntityCreationDate")))
        registration = find(elem, "Registration")
        rec.add("modifiedAt", _date(text(registration, "LastUpdateDate")))
        rec.add("notes", f"LEI registration {text(registration, 'RegistrationStatus') or '?'}")
        return rec

    @staticmethod
    def address(rec: Record, addr: Element | None) -> None:
        if addr is None:
            return
        lines = [text(addr, "FirstAddressLine")]
        lines += [(a.text or "").strip() for a in children(addr, "AdditionalAddressLine")]
        lines += [text(addr, n) for n in ("PostalCode", "City", "Region")]
        rec.add("address", ", ".join(p for p in lines if p))
        country = text(addr, "Country")
        rec.add("country", country.lower() if country else None)


class GleifRrLoader(_GleifLoader):
    format: ClassVar[str] = "gleif-rr-xml"
    title: ClassVar[str] = "GLEIF Level 2 relationship records (RR-CDF 2.1 XML)"
    _header = "Header"
    _record = "RelationshipRecord"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return _RR_NS.search(head) is not None and b"RelationshipRecord" in head

    def convert(self, elem: Element, index: int) -> Record:
        where = f"record {index}"
        rel = find(elem, "Relationship")
        child, parent = text(rel, "StartNode", "NodeID"), text(rel, "EndNode", "NodeID")
        kind = text(rel, "RelationshipType")
        if not child or not parent or not kind:
            raise self.error(where, "a relationship without StartNode, EndNode or type")
        for node in ("StartNode", "EndNode"):
            node_type = text(rel, node, "NodeIDType")
            if node_type not in (None, "LEI"):
                raise self.error(where, f"{node} is a {node_type}, not an LEI")
        if not (_LEI.match(child) and _LEI.match(parent)):
            raise self.error(where, f"not LEIs: {child}, {parent}")
        schema, label = _RELATIONSHIPS.get(kind, ("UnknownLink", kind.lower().replace("_", " ")))
        rec = self.new(schema, f"{child}:{kind}:{parent}", index, _flat(elem))
        rec.source_url = _RECORD_URL.format(child)
        ends = ("owner", "asset") if schema == "Ownership" else ("object", "subject")
        rec.add(ends[0], record_id(self.dataset_name, parent))
        rec.add(ends[1], record_id(self.dataset_name, child))
        rec.add("relationshipType", label)
        if schema == "Ownership":
            rec.add("ownershipType", "accounting consolidation")
        else:
            rec.add("role", label)
        rec.add("status", text(rel, "RelationshipStatus"))
        for period in children(find(rel, "RelationshipPeriods"), "RelationshipPeriod"):
            # Accounting and filing periods describe the evidence, not the link.
            if text(period, "PeriodType") == "RELATIONSHIP_PERIOD":
                rec.add("startDate", _date(text(period, "StartDate")))
                rec.add("endDate", _date(text(period, "EndDate")))
        for quantifier in children(find(rel, "RelationshipQuantifiers"), "RelationshipQuantifier"):
            if text(quantifier, "QuantifierUnits") == "PERCENTAGE":
                rec.add("percentage", text(quantifier, "QuantifierAmount"))
        registration = find(elem, "Registration")
        rec.add("modifiedAt", _date(text(registration, "LastUpdateDate")))
        return rec
