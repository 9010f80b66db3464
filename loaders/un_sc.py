"""UN Security Council Consolidated List (consolidated.xml).

INDIVIDUAL and ENTITY elements; DATAID is the source id and
REFERENCE_NUMBER (e.g. CDi.002) the ``unReference`` that national lists
cite. The edition date is the root's ``dateGenerated`` attribute.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from graphsvc.model import Record
from loaders import _sanctions as s
from loaders.base import Loader
from loaders.dates import parse_date
from loaders.xmlstream import children, flatten, iter_elements, local, root_attributes, text

AUTHORITY = "UN Security Council"
SOURCE_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
_ALIAS_PROPS = {"low": "weakAlias", "f.k.a.": "previousName"}


def _values(elem: Element, name: str) -> list[str]:
    """Texts of the VALUE children of each ``name`` child (TITLE/VALUE, ...)."""
    return [v for node in children(elem, name) for c in children(node, "VALUE") if (v := text(c))]


class UnScLoader(Loader):
    format = "un-sc"
    dataset = "un_sc_sanctions"
    title = "UN Security Council Consolidated List, XML"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return b"<CONSOLIDATED_LIST" in head

    def read(self) -> Iterator[Record]:
        published = parse_date(root_attributes(self.path).get("dateGenerated"))
        count = 0
        for elem in iter_elements(self.path, {"INDIVIDUAL", "ENTITY"}):
            count += 1
            yield from self._entry(elem, published, count)
        if count == 0:
            raise self.error(None, "no INDIVIDUAL or ENTITY elements")

    def _entry(self, elem: Element, published: str | None, index: int) -> Iterator[Record]:
        data_id = text(elem, "DATAID")
        if data_id is None:
            raise self.error(f"record {index}", f"{local(elem.tag)} without DATAID")
        person = local(elem.tag) == "INDIVIDUAL"
        prefix = "INDIVIDUAL" if person else "ENTITY"
        rec = Record.of(
            self.dataset_name,
            data_id,
            "Person" if person else "LegalEntity",
            source_url=SOURCE_URL,
            published=published,
            origin=f"{self.path.name}:record {index}",
            raw=flatten(elem),
        )
        parts = [text(elem, n) for n in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
        rec.add("name", " ".join(p for p in parts if p))
        if person:
            # UN name parts are in the order written, not given/family name.
            rec.add("firstName", parts[0])
            rec.add("secondName", parts[1])
            rec.add("middleName", parts[2])
        rec.add("alias", text(elem, "NAME_ORIGINAL_SCRIPT"))
        reference = text(elem, "REFERENCE_NUMBER")
        rec.add("unReference", reference)
        rec.add("title", *_values(elem, "TITLE"))
        rec.add("position", *_values(elem, "DESIGNATION"))
        for nationality in _values(elem, "NATIONALITY"):
            s.add_country(rec, "nationality", nationality)
        rec.add("gender", s.gender(text(elem, "GENDER")))
        for alias in children(elem, f"{prefix}_ALIAS"):
            quality = (text(alias, "QUALITY") or "").lower()
            rec.add(_ALIAS_PROPS.get(quality, "alias"), text(alias, "ALIAS_NAME"))
        for addr in children(elem, f"{prefix}_ADDRESS"):
            country = text(addr, "COUNTRY")
            lines = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE")
            rec.add("address", s.one_line(*(text(addr, n) for n in lines), country))
            s.add_country(rec, "country", country)
            rec.add("notes", text(addr, "NOTE"))
        for dob in children(elem, "INDIVIDUAL_DATE_OF_BIRTH"):
            rec.add("birthDate", *self._dob(dob))
        for pob in children(elem, "INDIVIDUAL_PLACE_OF_BIRTH"):
            place = ("CITY", "STATE_PROVINCE", "COUNTRY")
            rec.add("birthPlace", s.one_line(*(text(pob, n) for n in place)))
        for doc in children(elem, "INDIVIDUAL_DOCUMENT"):
            number = text(doc, "NUMBER")
            kind = (text(doc, "TYPE_OF_DOCUMENT") or "").lower()
            rec.add("passportNumber" if "passport" in kind else "idNumber", number)
        updated = [d for v in _values(elem, "LAST_DAY_UPDATED") if (d := parse_date(v))]
        rec.add("modifiedAt", *updated)
        yield rec
        program = text(elem, "UN_LIST_TYPE") or "UN"
        yield s.sanction(
            rec,
            AUTHORITY,
            program,
            listing_date=parse_date(text(elem, "LISTED_ON")),
            reason=text(elem, "COMMENTS1"),
            source_url=SOURCE_URL,
            extra={"unscId": [reference], "listName": _values(elem, "LIST_TYPE")},
        )

    @staticmethod
    def _dob(dob: Element) -> list[str]:
        """EXACT gives DATE or YEAR; BETWEEN gives FROM_YEAR and TO_YEAR."""
        found = [parse_date(text(dob, "DATE")) or parse_date(text(dob, "YEAR"))]
        found += [parse_date(text(dob, "FROM_YEAR")), parse_date(text(dob, "TO_YEAR"))]
        return [d for d in found if d]
