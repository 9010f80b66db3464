"""OFAC SDN list, legacy XML (SDN.XML).

Published under two namespaces (tempuri.org until 2024, the sanctions list
service since); elements are matched by local name so both read the same.
Each ``sdnEntry`` gives a party record and one Sanction per programme;
"Linked To:" remarks give UnknownLink records, emitted after the last entry
so that links to later entries resolve too (see ``_ofac.LinkResolver``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from graphsvc.model import Record
from loaders import _ofac
from loaders import _sanctions as s
from loaders.base import Loader
from loaders.dates import parse_date
from loaders.xmlstream import children, find, flatten, iter_elements, text

_ROOT = re.compile(rb"<sdnList[\s>]")


class OfacXmlLoader(Loader):
    format = "ofac-xml"
    dataset = _ofac.DATASET
    title = "OFAC SDN list, legacy XML (SDN.XML, either namespace)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return _ROOT.search(head) is not None and b"<sdnEntry" in head

    def read(self) -> Iterator[Record]:
        published: str | None = None
        resolver = _ofac.LinkResolver()
        count = 0
        for elem in iter_elements(self.path, {"publshInformation", "sdnEntry"}):
            if elem.tag.endswith("publshInformation"):
                published = parse_date(text(elem, "Publish_Date"), day_first=False)
                continue
            count += 1
            yield from self._entry(elem, count, published, resolver)
        if count == 0:
            raise self.error(None, "no sdnEntry elements: not an SDN list or an empty one")
        yield from resolver.links()

    def _entry(
        self, elem: Element, index: int, published: str | None, resolver: _ofac.LinkResolver
    ) -> Iterator[Record]:
        uid = text(elem, "uid")
        if uid is None:
            raise self.error(f"record {index}", "sdnEntry without uid")
        sdn_type = (text(elem, "sdnType") or "entity").lower()
        schema = _ofac.SCHEMATA.get(sdn_type, "LegalEntity")
        rec = Record.of(
            self.dataset_name,
            uid,
            schema,
            source_url=_ofac.SOURCE_URL,
            published=published,
            origin=f"{self.path.name}:record {index}",
            raw=flatten(elem),
        )
        first, last = text(elem, "firstName"), text(elem, "lastName")
        rec.add("name", _ofac.display_name(first, last))
        if schema == "Person":
            rec.add("firstName", first)
            rec.add("lastName", last)
        rec.add("title", text(elem, "title"))
        rec.add("ofacId", uid)
        resolver.known(_ofac.listing_name(first, last), rec.id)

        for aka in children(find(elem, "akaList"), "aka"):
            name = _ofac.display_name(text(aka, "firstName"), text(aka, "lastName"))
            kind = (text(aka, "type") or "").lower()
            weak = (text(aka, "category") or "").lower() == "weak"
            prop = "previousName" if kind == "f.k.a." else "weakAlias" if weak else "alias"
            rec.add(prop, name)
        for item in children(find(elem, "idList"), "id"):
            label, number = text(item, "idType"), text(item, "idNumber")
            if label and number:
                country = text(item, "idCountry")
                if not _ofac.add_identifier(rec, label, number, country):
                    rec.add("notes", f"{label} {number}")
        for addr in children(find(elem, "addressList"), "address"):
            rec.add("address", self._address(addr))
            s.add_country(rec, "country", text(addr, "country"))
        for nat in children(find(elem, "nationalityList"), "nationality"):
            s.add_country(rec, "nationality", text(nat, "country"))
        for cit in children(find(elem, "citizenshipList"), "citizenship"):
            s.add_country(rec, "citizenship", text(cit, "country"))
        for dob in children(find(elem, "dateOfBirthList"), "dateOfBirthItem"):
            rec.add("birthDate", *_ofac.dates(text(dob, "dateOfBirth")))
        for pob in children(find(elem, "placeOfBirthList"), "placeOfBirthItem"):
            rec.add("birthPlace", text(pob, "placeOfBirth"))
        self._vessel(rec, find(elem, "vesselInfo"))

        remarks = text(elem, "remarks")
        links, listing = _ofac.apply_remarks(rec, remarks.strip("()") if remarks else None)
        programs = [
            p for p in (text(x) for x in children(find(elem, "programList"), "program")) if p
        ]
        yield rec
        yield from _ofac.program_sanctions(rec, programs, reason="; ".join(listing) or None)
        for name in links:
            resolver.defer(rec, name)

    @staticmethod
    def _address(addr: Element) -> str | None:
        return s.one_line(
            *(
                text(addr, name)
                for name in (
                    "address1",
                    "address2",
                    "address3",
                    "city",
                    "stateOrProvince",
                    "postalCode",
                    "country",
                )
            )
        )

    @staticmethod
    def _vessel(rec: Record, info: Element | None) -> None:
        if info is None:
            return
        rec.add("callSign", text(info, "callSign"))
        rec.add("type", text(info, "vesselType"))
        s.add_country(rec, "flag", text(info, "vesselFlag"))
        rec.add("tonnage", text(info, "tonnage"))
        rec.add("grossRegisteredTonnage", text(info, "grossRegisteredTonnage"))
        owner = text(info, "vesselOwner")
        if owner:
            rec.add("notes", f"Owner: {owner}")
