"""EU Financial Sanctions Files (FSF): the consolidated list as XML.

Everything is in attributes. Each ``sanctionEntity`` gives a party record
(id from its logicalId, ``euReference`` from euReferenceNumber) and one
Sanction per programme named by its regulations.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from graphsvc.model import Record
from loaders import _sanctions as s
from loaders.base import Loader
from loaders.dates import parse_date
from loaders.xmlstream import children, flatten, iter_elements, local, root_attributes

AUTHORITY = "European Union"
SOURCE_URL = "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
_NAMESPACE = b"http://eu.europa.ec/fpi/fsd/export"
_SCHEMATA = {"person": "Person", "enterprise": "LegalEntity"}
_ID_PROPS = {"passport": "passportNumber", "id": "idNumber", "regnumber": "registrationNumber"}


def _attr(elem: Element, name: str) -> str | None:
    value = elem.get(name)
    return value.strip() if value and value.strip() else None


def _code(elem: Element) -> str | None:
    code = _attr(elem, "countryIso2Code")
    return code.lower() if code and code != "00" else None


class EuFsfLoader(Loader):
    format = "eu-fsf"
    dataset = "eu_fsf"
    title = "EU Financial Sanctions Files, consolidated list XML"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return _NAMESPACE in head and b"<export" in head

    def read(self) -> Iterator[Record]:
        generated = root_attributes(self.path).get("generationDate")
        published = parse_date(generated)
        count = 0
        for elem in iter_elements(self.path, {"sanctionEntity"}):
            count += 1
            yield from self._entity(elem, published, count)
        if count == 0:
            raise self.error(None, "no sanctionEntity elements")

    def _entity(self, elem: Element, published: str | None, index: int) -> Iterator[Record]:
        logical_id = _attr(elem, "logicalId")
        if logical_id is None:
            raise self.error(f"record {index}", "sanctionEntity without logicalId")
        subject = next((c for c in elem if local(c.tag) == "subjectType"), None)
        code = (subject.get("code", "") if subject is not None else "").lower()
        rec = Record.of(
            self.dataset_name,
            logical_id,
            _SCHEMATA.get(code, "LegalEntity"),
            source_url=SOURCE_URL,
            published=published,
            origin=f"{self.path.name}:record {index}",
            raw=flatten(elem),
        )
        rec.add("euReference", _attr(elem, "euReferenceNumber"))
        rec.add("unReference", _attr(elem, "unitedNationId"))
        self._names(rec, elem)
        for birth in children(elem, "birthdate"):
            rec.add("birthDate", self._birth_date(birth))
            place = s.one_line(_attr(birth, "city"), _attr(birth, "place"), _attr(birth, "region"))
            country = _attr(birth, "countryDescription")
            if country and country.upper() != "UNKNOWN":
                place = s.one_line(place, country)
            rec.add("birthPlace", place)
        for ident in children(elem, "identification"):
            number = _attr(ident, "number")
            kind = (_attr(ident, "identificationTypeCode") or "").lower()
            rec.add(_ID_PROPS.get(kind, "idNumber"), number)
        for cit in children(elem, "citizenship"):
            rec.add("citizenship", _code(cit))
        for addr in children(elem, "address"):
            rec.add("address", self._address(addr))
            rec.add("country", _code(addr))
            for contact in children(addr, "contactInfo"):
                self._contact(rec, contact)
        for remark in children(elem, "remark"):
            rec.add("notes", remark.text)
        yield rec
        yield from self._sanctions(rec, elem)

    @staticmethod
    def _names(rec: Record, elem: Element) -> None:
        for alias in children(elem, "nameAlias"):
            whole = _attr(alias, "wholeName")
            strong = alias.get("strong", "true") != "false"
            # The first strong name is the listed name, the others its variants.
            if "name" not in rec.properties and strong:
                rec.add("name", whole)
                if rec.schema == "Person":
                    rec.add("firstName", _attr(alias, "firstName"))
                    rec.add("middleName", _attr(alias, "middleName"))
                    rec.add("lastName", _attr(alias, "lastName"))
            else:
                rec.add("alias" if strong else "weakAlias", whole)
            rec.add("position", _attr(alias, "function"))
            rec.add("title", _attr(alias, "title"))
            rec.add("gender", s.gender(_attr(alias, "gender")))

    @staticmethod
    def _birth_date(birth: Element) -> str | None:
        full = parse_date(_attr(birth, "birthdate"))
        if full:
            return full
        year, month = _attr(birth, "year"), _attr(birth, "monthOfYear")
        if year and month:
            return parse_date(f"{year}-{month}")
        return parse_date(year)

    @staticmethod
    def _address(addr: Element) -> str | None:
        names = ("street", "poBox", "city", "zipCode", "region", "place", "countryDescription")
        parts = [_attr(addr, n) for n in names]
        if parts[-1] and parts[-1].upper() == "UNKNOWN":
            parts[-1] = None
        return s.one_line(*parts)

    @staticmethod
    def _contact(rec: Record, contact: Element) -> None:
        key, value = (_attr(contact, "key") or "").lower(), _attr(contact, "value")
        prop = {"phone": "phone", "email": "email", "web": "website", "website": "website"}
        for word, name in prop.items():
            if word in key:
                rec.add(name, value)
                return
        rec.add("notes", f"{key}: {value}" if value else None)

    def _sanctions(self, rec: Record, elem: Element) -> Iterator[Record]:
        """One Sanction per programme. The FSF file does not give the listing
        date as such: a ``designationDate`` attribute when present, otherwise
        the earliest publication date of any act cited for the entry (its
        regulations and the regulation summaries of its names, dates and
        documents), which is the act that first listed it."""
        by_program: dict[str, list[Element]] = {}
        for reg in children(elem, "regulation"):
            # "BLR" -> "EU-BLR", the key the EU journal files use, so both line up.
            code = _attr(reg, "programme")
            program = f"EU-{code}" if code and not code.startswith("EU-") else code or "EU"
            by_program.setdefault(program, []).append(reg)
        cited = [
            d
            for node in elem.iter()
            if local(node.tag) in {"regulation", "regulationSummary"}
            and (d := parse_date(node.get("publicationDate")))
        ]
        listed = parse_date(_attr(elem, "designationDate")) or (min(cited) if cited else None)
        remarks = [r.text.strip() for r in children(elem, "remark") if r.text and r.text.strip()]
        reason = _attr(elem, "designationDetails") or ("; ".join(remarks) or None)
        for program, regs in by_program.items():
            urls = [u.text.strip() for r in regs for u in children(r, "publicationUrl") if u.text]
            yield s.sanction(
                rec,
                AUTHORITY,
                program,
                listing_date=listed,
                reason=reason,
                source_url=urls[0] if urls else SOURCE_URL,
                extra={"legalBasis": [_attr(r, "numberTitle") for r in regs]},
            )
