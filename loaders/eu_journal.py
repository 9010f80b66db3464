"""EU Official Journal sanctions rows (one row per listing, as OpenSanctions
publishes them from the annexes of Council regulations).

Columns already carry FtM property names. A record number is only unique
within an annex of one act (record 5 of Regulation 765/2006 Annex I.A is a
person, record 5 of Annex I.B a company), so the party's source id is
``celex/annex/recordId``. Multi-valued cells use ``; `` between values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from graphsvc.model import Record
from loaders import _sanctions as s
from loaders.base import Loader
from loaders.dates import parse_date
from loaders.textfile import iter_csv

AUTHORITY = "European Union"
_REQUIRED = ("celex", "recordId", "programKey", "annex", "startDate", "schema", "name")
_SCHEMATA = {"Person", "Company", "Organization", "LegalEntity", "Vessel", "Airplane", "PublicBody"}
_DATES = {"birthDate", "incorporationDate"}
_COUNTRIES = {"country", "nationality", "jurisdiction", "flag", "citizenship"}
# Cells holding one free-text value each, where "; " is part of the text.
_SINGLE = {"reason", "notes", "birthPlace", "measure", "schema", "celex", "recordId", "annex"}
_SKIP = {"celex", "recordId", "programKey", "annex", "measure", "startDate", "reason", "schema"}
_RU_PAIR = re.compile(r"^(\d{10})\s*/\s*(\d{9})$")  # INN/KPP


def eurlex_url(celex: str) -> str:
    return f"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex}"


class EuJournalLoader(Loader):
    format = "eu-journal"
    dataset = "eu_journal"
    title = "EU Official Journal sanctions rows (celex, recordId, programKey, annex, ...)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        first = head.decode("utf-8-sig", errors="replace").lstrip().split("\n", 1)[0]
        return first.startswith("celex,recordId,programKey,")

    def read(self) -> Iterator[Record]:
        header: list[str] | None = None
        for line, row in iter_csv(self.path):
            if header is None:
                header = [h.strip() for h in row]
                missing = [c for c in _REQUIRED if c not in header]
                if missing:
                    raise self.error(line, f"header lacks column(s): {', '.join(missing)}")
                continue
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise self.error(line, f"expected {len(header)} columns, found {len(row)}")
            yield from self._row(line, dict(zip(header, row, strict=True)))
        if header is None:
            raise self.error(1, "the file is empty")

    def _row(self, line: int, cells: dict[str, str]) -> Iterator[Record]:
        values = {k: v.strip() for k, v in cells.items() if v and v.strip()}
        for col in ("celex", "recordId", "programKey", "name"):
            if col not in values:
                raise self.error(line, f"empty {col}")
        celex, annex, number = values["celex"], values.get("annex", ""), values["recordId"]
        schema = values.get("schema", "LegalEntity")
        rec = Record.of(
            self.dataset_name,
            f"{celex}/{annex}/{number}",
            schema if schema in _SCHEMATA else "LegalEntity",
            source_url=eurlex_url(celex),
            published=None,  # the rows do not say when they were extracted
            origin=f"{self.path.name}:{line}",
            raw=values,
        )
        for prop, value in values.items():
            if prop in _SKIP:
                continue
            parts = [value] if prop in _SINGLE else s.split(value, "; ")
            for part in parts:
                self._add(rec, prop, part)
        yield rec
        yield s.sanction(
            rec,
            AUTHORITY,
            values["programKey"],
            listing_date=parse_date(values.get("startDate"), day_first=True),
            reason=values.get("reason"),
            source_url=eurlex_url(celex),
            extra={
                "legalBasis": [celex],
                "annex": [annex],
                "recordId": [number],
                "provisions": [values.get("measure")],
            },
        )

    @staticmethod
    def _add(rec: Record, prop: str, value: str) -> None:
        if prop in _DATES:
            # Day-first; a value that is not a date stays in raw only.
            rec.add(prop, parse_date(value, day_first=True))
        elif prop in _COUNTRIES:
            s.add_country(rec, prop, value)
        elif prop == "gender":
            rec.add(prop, s.gender(value))
        elif prop in {"registrationNumber", "taxNumber", "innCode"}:
            _add_number(rec, prop, value)
        else:
            rec.add(prop, value)


def _add_number(rec: Record, prop: str, value: str) -> None:
    """'7704734000/770301001 (Russia)' is an INN and a KPP; '7704274402
    (Tax ID/INN)' an INN; '190950894 (Belarus)' a registration number."""
    number, qualifier = value, ""
    split = s.trailing_parenthesis(value)
    if split is not None:
        number, qualifier = split
    pair = _RU_PAIR.match(number)
    if pair:
        rec.add("innCode", pair.group(1))
        rec.add("kppCode", pair.group(2))
        return
    rec.add(prop, number)
    if "INN" in qualifier.upper():
        rec.add("innCode", number)
    else:
        s.add_russian_ids(rec, number, qualifier or None)
