"""OFAC SDN list, advanced XML (SDN_ADVANCED.XML, the Advanced Sanctions List Standard).

The file is normalised: reference tables first (types, countries), then
locations and identity documents, then the parties, their relationships,
and last the sanctions entries with programmes and listing dates. The small
tables are kept in memory (a few MB for the whole list); parties, links and
entries are streamed, each giving its records as soon as it is read, since
all cross-references are by profile id and record ids derive from those.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from graphsvc.model import Record, record_id
from loaders import _ofac
from loaders import _sanctions as s
from loaders.base import Loader
from loaders.xmlstream import children, find, flatten, iter_elements, local, text

_ROOT = re.compile(rb"<Sanctions[\s>]")
# Reference tables: element -> its items' element name.
_TABLES = {
    "AliasType",
    "NamePartType",
    "PartySubType",
    "PartyType",
    "FeatureType",
    "List",
    "SanctionsType",
    "LegalBasis",
    "IDRegDocType",
    "Country",
    "RelationType",
    "DetailReference",
    "EntryEventType",
}
# Name part types in the order people's names are written in the EU and UK lists.
_PART_ORDER = ["first name", "middle name", "patronymic", "matronymic", "last name"]
_PART_PROPS = {
    "first name": "firstName",
    "middle name": "middleName",
    "patronymic": "fatherName",
    "last name": "lastName",
}
_FEATURES = {
    "birthdate": "birthDate",
    "place of birth": "birthPlace",
    "location": "address",
    "nationality country": "nationality",
    "citizenship country": "citizenship",
}


@dataclass
class _Refs:
    values: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    party_types: dict[str, str] = field(default_factory=dict)  # subtype id -> type id
    locations: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    documents: dict[str, list[tuple[str, str, str | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def name(self, table: str, ref: str | None) -> str:
        return self.values[table].get(ref or "", "") if ref else ""


class OfacAdvancedLoader(Loader):
    format = "ofac-advanced"
    dataset = _ofac.DATASET
    title = "OFAC SDN list, advanced XML (SDN_ADVANCED.XML)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return _ROOT.search(head) is not None and (
            b"ReferenceValueSets" in head or b"DistinctParties" in head
        )

    def read(self) -> Iterator[Record]:
        refs = _Refs()
        published: str | None = None
        count = 0
        wanted = {
            "DateOfIssue",
            "ReferenceValueSets",
            "Location",
            "IDRegDocument",
            "DistinctParty",
            "ProfileRelationship",
            "SanctionsEntry",
        }
        for elem in iter_elements(self.path, wanted):
            kind = local(elem.tag)
            if kind == "DateOfIssue":
                published = _date(elem)
            elif kind == "ReferenceValueSets":
                self._tables(elem, refs)
            elif kind == "Location":
                refs.locations[elem.get("ID", "")] = self._location(elem, refs)
            elif kind == "IDRegDocument":
                self._document(elem, refs)
            elif kind == "DistinctParty":
                count += 1
                yield self._party(elem, refs, published, count)
            elif kind == "ProfileRelationship":
                link = self._relationship(elem, refs, published)
                if link is not None:
                    yield link
            else:
                yield from self._entry(elem, refs, published)
        if count == 0:
            raise self.error(None, "no DistinctParty elements: not an advanced SDN file")

    # Reference data ---------------------------------------------------------

    @staticmethod
    def _tables(elem: Element, refs: _Refs) -> None:
        for node in elem.iter():
            name = local(node.tag)
            if name in _TABLES and node.get("ID") is not None:
                refs.values[name][node.get("ID", "")] = (node.text or "").strip()
                if name == "PartySubType":
                    refs.party_types[node.get("ID", "")] = node.get("PartyTypeID", "")

    @staticmethod
    def _location(elem: Element, refs: _Refs) -> tuple[str | None, str | None]:
        parts = [
            text(value, "Value")
            for part in children(elem, "LocationPart")
            for value in children(part, "LocationPartValue")
        ]
        country = find(elem, "LocationCountry")
        country_name = refs.name("Country", country.get("CountryID")) if country is not None else ""
        line = s.one_line(*parts, country_name or None)
        return line, country_name or None

    def _document(self, elem: Element, refs: _Refs) -> None:
        number = text(elem, "IDRegistrationNo")
        if number:
            label = refs.name("IDRegDocType", elem.get("IDRegDocTypeID"))
            country = refs.name("Country", elem.get("IssuedBy-CountryID")) or None
            refs.documents[elem.get("IdentityID", "")].append((label, number, country))

    # Parties ----------------------------------------------------------------

    def _party(self, elem: Element, refs: _Refs, published: str | None, index: int) -> Record:
        profile = find(elem, "Profile")
        if profile is None or not profile.get("ID"):
            raise self.error(f"record {index}", "DistinctParty without a Profile ID")
        pid = profile.get("ID", "")
        party_type = refs.name("PartyType", refs.party_types.get(profile.get("PartySubTypeID", "")))
        subtype = refs.name("PartySubType", profile.get("PartySubTypeID"))
        kind = subtype if subtype.lower() in {"vessel", "aircraft"} else party_type
        schema = _ofac.SCHEMATA.get(kind.lower(), "LegalEntity")
        rec = Record.of(
            self.dataset_name,
            pid,
            schema,
            source_url=_ofac.SOURCE_URL,
            published=published,
            origin=f"{self.path.name}:record {index}",
            raw=flatten(profile),
        )
        rec.add("ofacId", pid)
        for identity in children(profile, "Identity"):
            self._names(rec, identity, refs)
            for label, number, country in refs.documents.pop(identity.get("ID", ""), []):
                if not _ofac.add_identifier(rec, label, number, country):
                    rec.add("notes", f"{label} {number}")
        for feature in children(profile, "Feature"):
            self._feature(rec, feature, refs)
        return rec

    def _names(self, rec: Record, identity: Element, refs: _Refs) -> None:
        groups = {
            g.get("ID", ""): refs.name("NamePartType", g.get("NamePartTypeID")).lower()
            for g in identity.iter()
            if local(g.tag) == "NamePartGroup"
        }
        for alias in children(identity, "Alias"):
            alias_type = refs.name("AliasType", alias.get("AliasTypeID")).upper()
            primary = alias.get("Primary") == "true"
            weak = alias.get("LowQuality") == "true"
            for doc_name in children(alias, "DocumentedName"):
                parts: dict[str, list[str]] = defaultdict(list)
                for value in doc_name.iter():
                    if local(value.tag) == "NamePartValue" and value.text and value.text.strip():
                        parts[groups.get(value.get("NamePartGroupID", ""), "")].append(
                            value.text.strip()
                        )
                ordered = [p for t in _PART_ORDER for p in parts.get(t, [])]
                others = [p for t, ps in parts.items() if t not in _PART_ORDER for p in ps]
                full = " ".join(ordered + others)
                if primary:
                    rec.add("name", full)
                    if rec.schema == "Person":
                        for part_type, prop in _PART_PROPS.items():
                            rec.add(prop, " ".join(parts.get(part_type, [])))
                elif alias_type == "F.K.A.":
                    rec.add("previousName", full)
                else:
                    rec.add("weakAlias" if weak else "alias", full)

    def _feature(self, rec: Record, feature: Element, refs: _Refs) -> None:
        label = refs.name("FeatureType", feature.get("FeatureTypeID"))
        prop = _FEATURES.get(label.lower())
        for version in children(feature, "FeatureVersion"):
            values: list[str] = []
            for detail in children(version, "VersionDetail"):
                ref = refs.name("DetailReference", detail.get("DetailReferenceID"))
                values.append(ref or (detail.text or "").strip())
            period = find(version, "DatePeriod")
            if period is not None:
                values.extend(_period(period))
            countries: list[str] = []
            for loc in children(version, "VersionLocation"):
                line, country = refs.locations.get(loc.get("LocationID", ""), (None, None))
                if line:
                    values.append(line)
                if country:
                    countries.append(country)
            for value in filter(None, values):
                if prop in {"birthDate", "birthPlace"}:
                    rec.add(prop, value)
                elif prop == "address":
                    rec.add("address", value)
                elif prop in {"nationality", "citizenship"}:
                    s.add_country(rec, prop, value)
                elif not _ofac.add_identifier(rec, label, value):
                    rec.add("notes", f"{label} {value}")
            if prop == "address":
                for country in countries:
                    s.add_country(rec, "country", country)

    # Links and listings -----------------------------------------------------

    def _relationship(self, elem: Element, refs: _Refs, published: str | None) -> Record | None:
        source, target = elem.get("From-ProfileID"), elem.get("To-ProfileID")
        if not source or not target:
            return None
        relation = refs.name("RelationType", elem.get("RelationTypeID")) or "linked to"
        lowered = relation.lower()
        if "owned or controlled" in lowered:
            schema = "Ownership"
        elif "leader or official" in lowered or "executive" in lowered:
            schema = "Directorship"
        else:
            schema = "UnknownLink"
        subject = Record.of(
            self.dataset_name,
            source,
            "LegalEntity",
            source_url=_ofac.SOURCE_URL,
            published=published,
            origin=f"{self.path.name}:relationship {elem.get('ID')}",
            raw=None,
        )
        rec = s.link(
            subject,
            object_id=record_id(self.dataset_name, target),
            role=relation,
            schema=schema,
            key=elem.get("ID") or target,
        )
        rec.raw = flatten(elem)
        if elem.get("Former") == "true":
            rec.add("status", "former")
        return rec

    def _entry(self, elem: Element, refs: _Refs, published: str | None) -> Iterator[Record]:
        pid = elem.get("ProfileID")
        if not pid:
            raise self.error(f"SanctionsEntry {elem.get('ID')}", "no ProfileID")
        subject = Record.of(
            self.dataset_name,
            pid,
            "LegalEntity",
            source_url=_ofac.SOURCE_URL,
            published=published,
            origin=f"{self.path.name}:entry {elem.get('ID')}",
            raw=None,
        )
        listed: list[str] = []
        bases: list[str] = []
        for event in children(elem, "EntryEvent"):
            day = _date(find(event, "Date"))
            if day:
                listed.append(day)
            bases.append(refs.name("LegalBasis", event.get("LegalBasisID")))
        programs = [
            text(measure, "Comment") or ""
            for measure in children(elem, "SanctionsMeasure")
            if refs.name("SanctionsType", measure.get("SanctionsTypeID")).lower() == "program"
        ]
        for program in filter(None, programs):
            rec = s.sanction(
                subject,
                _ofac.AUTHORITY,
                program,
                listing_date=min(listed) if listed else None,
                source_url=_ofac.SOURCE_URL,
                extra={
                    "legalBasis": bases,
                    "listName": [refs.name("List", elem.get("ListID"))],
                },
            )
            rec.raw = flatten(elem)
            yield rec


def _date(elem: Element | None) -> str | None:
    """A Year/Month/Day element, precision kept."""
    year, month, day = text(elem, "Year"), text(elem, "Month"), text(elem, "Day")
    if not year:
        return None
    out = f"{int(year):04d}"
    if month:
        out += f"-{int(month):02d}"
        if day:
            out += f"-{int(day):02d}"
    return out


def _period(period: Element) -> list[str]:
    """A DatePeriod as dates: one when its start is exact, else the common
    precision of the range's ends (e.g. 'circa 1960' is 1959-1961 -> both years)."""
    start = find(period, "Start")
    low, high = _date(find(start, "From")), _date(find(start, "To"))
    if low is None:
        return []
    if high is None or low == high:
        return [low]
    if low[:7] == high[:7]:
        return [low[:7]]
    if low[:4] == high[:4]:
        return [low[:4]]
    return [low[:4], high[:4]]
