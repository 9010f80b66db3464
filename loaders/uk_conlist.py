"""UK OFSI Consolidated List of financial sanctions targets (ConList.csv).

Line 1 is a preamble with the edition date, line 2 the header; then one row
per name variant, the rows of one party sharing a Group ID, which becomes
the record's source id and ``ukId``. (OFSI closed this list on 2026-01-28
in favour of the FCDO UK Sanctions List; old editions remain evidence.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from graphsvc.model import Record
from loaders import _sanctions as s
from loaders import _uk
from loaders.base import Loader

AUTHORITY = "UK OFSI"
SOURCE_URL = (
    "https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets"
)
_REQUIRED = ("Name 6", "Group ID", "Group Type", "Alias Type", "Regime")


class UkConlistLoader(Loader):
    format = "uk-conlist"
    dataset = "gb_hmt_ofsi"
    title = "UK OFSI Consolidated List (ConList.csv)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        text = head.decode("utf-8-sig", errors="replace").lstrip()
        return text.startswith("Last Updated,") and "Group ID" in text and "Name 6" in text

    def read(self) -> Iterator[Record]:
        columns = _uk.header(self.path, 2)
        missing = [c for c in _REQUIRED if c not in columns]
        if missing:
            raise self.error(2, f"header lacks column(s): {', '.join(missing)}")
        published = _uk.preamble_date(self.path)
        index = columns.index("Group ID")
        groups = _uk.grouped_rows(
            self.path, lambda row: row[index].strip(), skip=2, width=len(columns)
        )
        for group in groups:
            rows = [(line, dict(zip(columns, row, strict=True))) for line, row in group]
            yield from self._group(rows, published)

    def _group(
        self, rows: list[tuple[int, dict[str, str]]], published: str | None
    ) -> Iterator[Record]:
        line, first = rows[0]
        group_id = first["Group ID"].strip()
        if not group_id:
            raise self.error(line, "empty Group ID")
        kind = first.get("Group Type", "").strip().lower()
        rec = Record.of(
            self.dataset_name,
            group_id,
            _uk.SCHEMATA.get(kind, "LegalEntity"),
            source_url=SOURCE_URL,
            published=published,
            origin=f"{self.path.name}:{line}",
            raw={"rows": [{k: v for k, v in r.items() if v.strip()} for _ln, r in rows]},
        )
        rec.add("ukId", group_id)
        regimes: dict[str, str | None] = {}
        for _line, row in rows:
            self._row(rec, row)
            regime = row.get("Regime", "").strip()
            if regime:
                regimes.setdefault(regime, _uk.uk_date(row.get("Listed On")))
        _uk.finish_names(rec)
        yield rec
        for regime, listed in regimes.items():
            yield s.sanction(rec, AUTHORITY, regime, listing_date=listed, source_url=SOURCE_URL)

    @staticmethod
    def _row(rec: Record, row: dict[str, str]) -> None:
        def get(name: str) -> str | None:
            value = row.get(name, "").strip()
            return value or None

        given = [get(f"Name {i}") for i in range(1, 6)]
        name = _uk.full_name(given, get("Name 6"))
        _uk.add_name(rec, name, get("Alias Type"), get("Alias Quality"))
        if rec.schema == "Person" and (get("Alias Type") or "").lower() == "primary name":
            rec.add("firstName", given[0])
            rec.add("middleName", " ".join(g for g in given[1:] if g) or None)
            rec.add("lastName", get("Name 6"))
        rec.add("alias", get("Name Non-Latin Script"))
        rec.add("title", get("Title"))
        rec.add("birthDate", _uk.uk_date(get("DOB")))
        rec.add("birthPlace", s.one_line(get("Town of Birth"), get("Country of Birth")))
        s.add_country(rec, "nationality", get("Nationality"))
        rec.add("passportNumber", get("Passport Number"))
        rec.add("idNumber", get("National Identification Number"))
        rec.add("position", get("Position"))
        parts = [get(f"Address {i}") for i in range(1, 7)] + [get("Post/Zip Code")]
        if any(parts) or get("Country"):
            _uk.address(rec, parts, get("Country"))
        _uk.add_other_information(rec, get("Other Information"))
