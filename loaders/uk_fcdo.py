"""UK Sanctions List published by the FCDO, as CSV and as XML.

Both carry the same fields; each reader gathers one designation's fields
under the CSV column names (the XML element names map onto them) and
``_designation`` builds the records once. The Unique ID (e.g. RUS1222) is
the source id; it and the OFSI Group ID are both kept in ``ukId`` so the
party lines up with OFSI's ConList records.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from graphsvc.model import Record
from loaders import _sanctions as s
from loaders import _uk
from loaders.base import Loader
from loaders.dates import parse_date
from loaders.xmlstream import children, find, flatten, iter_elements, local, text

AUTHORITY = "UK FCDO"
DATASET = "gb_fcdo_sanctions"
SOURCE_URL = "https://www.gov.uk/government/publications/the-uk-sanctions-list"

# Field (CSV column) -> property, for the fields that map one to one.
_PLAIN = {
    "Title": "title",
    "Position": "position",
    "Passport number": "passportNumber",
    "National Identifier number": "idNumber",
    "Phone number": "phone",
    "Website": "website",
    "Email address": "email",
    "Business registration number (s)": "registrationNumber",
    "Type of ship": "type",
    "Type of entity": "legalForm",
    "Other Information": "notes",
}
# XML element -> CSV column, for fields read from anywhere inside a Designation.
_XML_FIELDS = {
    "LastUpdated": "Last Updated",
    "DateDesignated": "Date Designated",
    "UniqueID": "Unique ID",
    "OFSIGroupID": "OFSI Group ID",
    "UNReferenceNumber": "UN Reference Number",
    "RegimeName": "Regime Name",
    "IndividualEntityShip": "Designation Type",
    "DesignationSource": "Designation source",
    "SanctionsImposed": "Sanctions Imposed",
    "OtherInformation": "Other Information",
    "UKStatementofReasons": "UK Statement of Reasons",
    "PhoneNumber": "Phone number",
    "Website": "Website",
    "EmailAddress": "Email address",
    "DOB": "D.O.B",
    "Title": "Title",
    "Nationality": "Nationality(/ies)",
    "Position": "Position",
    "Gender": "Gender",
    "TownOfBirth": "Town of birth",
    "CountryOfBirth": "Country of birth",
    "NationalIdentifierNumber": "National Identifier number",
    "PassportNumber": "Passport number",
    "BusinessRegistrationNumber": "Business registration number (s)",
    "TypeOfEntity": "Type of entity",
    "IMONumber": "IMO number",
    "TypeOfShip": "Type of ship",
    "CurrentBelievedFlagOfShip": "Current believed flag of ship",
    "NameNonLatinScript": "Name non-latin script",
}

Fields = dict[str, list[str]]
Names = list[tuple[str, str | None, str | None]]  # (name, name type, alias strength)
Addresses = list[tuple[list[str | None], str | None]]


def _designation(
    loader: Loader,
    fields: Fields,
    names: Names,
    addresses: Addresses,
    *,
    published: str | None,
    origin: str,
    raw: dict[str, object],
) -> Iterator[Record]:
    def first(name: str) -> str | None:
        values = fields.get(name)
        return values[0] if values else None

    unique_id = first("Unique ID")
    if not unique_id:
        raise loader.error(origin.rsplit(":", 1)[-1], "designation without a Unique ID")
    kind = (first("Designation Type") or "").lower()
    rec = Record.of(
        loader.dataset_name,
        unique_id,
        _uk.SCHEMATA.get(kind, "LegalEntity"),
        source_url=SOURCE_URL,
        published=published,
        origin=origin,
        raw=raw,
    )
    rec.add("ukId", unique_id, *fields.get("OFSI Group ID", []))
    rec.add("unReference", *fields.get("UN Reference Number", []))
    for name, name_type, strength in names:
        _uk.add_name(rec, name, name_type, strength)
    rec.add("alias", *fields.get("Name non-latin script", []))
    _uk.finish_names(rec)
    for column, prop in _PLAIN.items():
        for value in fields.get(column, []):
            if prop == "notes":
                _uk.add_other_information(rec, value)
            else:
                rec.add(prop, value)
    for value in fields.get("D.O.B", []):
        rec.add("birthDate", _uk.uk_date(value))
    for value in fields.get("Nationality(/ies)", []):
        s.add_country(rec, "nationality", value)
    for value in fields.get("Current believed flag of ship", []):
        s.add_country(rec, "flag", value)
    for value in fields.get("IMO number", []):
        digits = re.sub(r"\D", "", value)
        rec.add("imoNumber", f"IMO{digits}" if len(digits) == 7 else value)
    rec.add("gender", *(s.gender(v) for v in fields.get("Gender", [])))
    towns, countries = fields.get("Town of birth", []), fields.get("Country of birth", [])
    for i in range(max(len(towns), len(countries))):
        town = towns[i] if i < len(towns) else None
        country = countries[i] if i < len(countries) else None
        rec.add("birthPlace", s.one_line(town, country))
    for parts, country in addresses:
        _uk.address(rec, parts, country)
    rec.add("modifiedAt", *(_uk.uk_date(v) for v in fields.get("Last Updated", [])))
    yield rec
    provisions = [p.strip() for v in fields.get("Sanctions Imposed", []) for p in v.split("|")]
    for regime in dict.fromkeys(fields.get("Regime Name", [])):
        yield s.sanction(
            rec,
            AUTHORITY,
            regime,
            listing_date=_uk.uk_date(first("Date Designated")),
            reason=first("UK Statement of Reasons"),
            source_url=SOURCE_URL,
            extra={"provisions": provisions, "sourceProgram": fields.get("Designation source", [])},
        )


class UkFcdoCsvLoader(Loader):
    format = "uk-fcdo-csv"
    dataset = DATASET
    title = "UK Sanctions List (FCDO), CSV"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        text_head = head.decode("utf-8-sig", errors="replace").lstrip()
        return text_head.startswith("Report Date") and "Unique ID" in text_head

    def read(self) -> Iterator[Record]:
        columns = _uk.header(self.path, 2)
        for required in ("Unique ID", "Name 6", "Regime Name"):
            if required not in columns:
                raise self.error(2, f"header lacks column {required!r}")
        published = _uk.preamble_date(self.path)
        index = columns.index("Unique ID")
        groups = _uk.grouped_rows(
            self.path, lambda row: row[index].strip(), skip=2, width=len(columns)
        )
        for group in groups:
            fields: Fields = defaultdict(list)
            names: Names = []
            addresses: Addresses = []
            raw_rows = []
            for _line, row in group:
                cells = {c: v.strip() for c, v in zip(columns, row, strict=True) if v.strip()}
                raw_rows.append(cells)
                given = [cells.get(f"Name {i}") for i in range(1, 6)]
                name = _uk.full_name(given, cells.get("Name 6"))
                names.append((name, cells.get("Name type"), cells.get("Alias strength")))
                parts = [cells.get(f"Address Line {i}") for i in range(1, 7)]
                parts.append(cells.get("Address Postal Code"))
                if any(parts) or cells.get("Address Country"):
                    addresses.append((parts, cells.get("Address Country")))
                for column, value in cells.items():
                    if value not in fields[column]:
                        fields[column].append(value)
            yield from _designation(
                self,
                fields,
                names,
                addresses,
                published=published,
                origin=f"{self.path.name}:{group[0][0]}",
                raw={"rows": raw_rows},
            )


class UkFcdoXmlLoader(Loader):
    format = "uk-fcdo-xml"
    dataset = DATASET
    title = "UK Sanctions List (FCDO), XML"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return b"<Designations" in head and b"<Designation>" in head

    def read(self) -> Iterator[Record]:
        published: str | None = None
        count = 0
        for elem in iter_elements(self.path, {"DateGenerated", "Designation"}):
            if local(elem.tag) == "DateGenerated":
                published = _uk.uk_date(text(elem)) or parse_date(text(elem))
                continue
            count += 1
            fields: Fields = defaultdict(list)
            for node in elem.iter():
                column = _XML_FIELDS.get(local(node.tag))
                value = (node.text or "").strip()
                if column and value and value not in fields[column]:
                    fields[column].append(value)
            names: Names = []
            for name in children(find(elem, "Names"), "Name"):
                given = [text(name, f"Name{i}") for i in range(1, 6)]
                full = _uk.full_name(given, text(name, "Name6"))
                names.append((full, text(name, "NameType"), text(name, "AliasStrength")))
            addresses: Addresses = []
            for addr in children(find(elem, "Addresses"), "Address"):
                parts = [text(addr, f"AddressLine{i}") for i in range(1, 7)]
                parts.append(text(addr, "AddressPostalCode"))
                addresses.append((parts, text(addr, "AddressCountry")))
            yield from _designation(
                self,
                fields,
                names,
                addresses,
                published=published,
                origin=f"{self.path.name}:record {count}",
                raw=dict(flatten(elem)),
            )
        if count == 0:
            raise self.error(None, "no Designation elements")
