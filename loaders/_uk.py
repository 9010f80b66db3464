"""What the UK lists share: OFSI's ConList.csv and the FCDO UK Sanctions
List (CSV and XML) write names, dates and regimes the same way."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from graphsvc.errors import LoadError
from graphsvc.model import Record
from loaders import _sanctions as s
from loaders.dates import parse_date
from loaders.textfile import iter_csv

SCHEMATA = {"individual": "Person", "entity": "LegalEntity", "ship": "Vessel"}
_UN_REF = re.compile(r"\bUN Ref(?:erence)?:?\s*([A-Z]{2,3}[ie]\.\d+)", re.IGNORECASE)


def uk_date(text: str | None) -> str | None:
    """Day-first dates; UK lists write unknown parts as zeros ('00/00/1951' is 1951)."""
    return parse_date(text, day_first=True)


def full_name(given: list[str | None], family: str | None) -> str:
    """Name 1..5 are given names, Name 6 the family name; written 'Given FAMILY'."""
    return " ".join(p.strip() for p in (*given, family) if p and p.strip())


def add_name(rec: Record, name: str | None, name_type: str | None, quality: str | None) -> None:
    """Primary names go to ``name``; 'Low' quality aliases are weak."""
    kind = (name_type or "").lower()
    if not name:
        return
    if kind.startswith("primary name") and "variation" not in kind:
        rec.add("name", name)
    elif "low" in (quality or "").lower():
        rec.add("weakAlias", name)
    elif kind in {"fka", "formerly known as"}:
        rec.add("previousName", name)
    else:
        rec.add("alias", name)


def add_other_information(rec: Record, text: str | None) -> None:
    rec.add("notes", text)
    for ref in _UN_REF.findall(text or ""):
        rec.add("unReference", ref)


def finish_names(rec: Record) -> None:
    """A group whose rows lack a 'Primary name' row still needs a name."""
    if "name" not in rec.properties:
        for prop in ("alias", "weakAlias", "previousName"):
            values = rec.properties.get(prop)
            if values:
                rec.add("name", values[0])
                return


def grouped_rows(
    path: Path, key: Callable[[list[str]], str], *, skip: int, width: int
) -> Iterator[list[tuple[int, list[str]]]]:
    """Rows grouped by ``key`` (one row per name variant, many per party).

    The lists do not promise that a party's rows are next to each other, so
    a first pass notes the last line of each group (a number per party), and
    the second pass hands over each group as soon as its last row is read.
    Only groups still open are held in memory: when the rows are grouped, as
    in practice, that is one group at a time.
    """
    last: dict[str, int] = {}
    for line, row in _rows(path, skip=skip, width=width):
        last[key(row)] = line
    if not last:
        raise LoadError(path, skip + 1, "no data rows")
    open_groups: dict[str, list[tuple[int, list[str]]]] = {}
    for line, row in _rows(path, skip=skip, width=width):
        group = key(row)
        open_groups.setdefault(group, []).append((line, row))
        if last.get(group) == line:
            yield open_groups.pop(group)


def _rows(path: Path, *, skip: int, width: int) -> Iterator[tuple[int, list[str]]]:
    for line, row in iter_csv(path, skip=skip):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            raise LoadError(path, line, f"expected {width} columns, found {len(row)}")
        yield line, row


def header(path: Path, line_no: int) -> list[str]:
    """The header row (line ``line_no``, after the preamble)."""
    for line, row in iter_csv(path):
        if line == line_no:
            return [h.strip() for h in row]
    raise LoadError(path, line_no, "no header row")


def preamble_date(path: Path) -> str | None:
    """'Last Updated,01/09/2026' or 'Report Date: 10-Jun-2026' on line 1."""
    for _line, row in iter_csv(path):
        cells = [c for c in row if c.strip()]
        text = " ".join(cells)
        m = re.search(r"(\d{1,2})[-/ ]([A-Za-z]{3}|\d{1,2})[-/ ](\d{4})", text)
        if m is None:
            return None
        day, month, year = m.groups()
        if month.isdigit():
            return uk_date(f"{day}/{month}/{year}")
        return parse_date(f"{day} {month} {year}")
    return None


def address(rec: Record, parts: list[str | None], country: str | None) -> None:
    rec.add("address", s.one_line(*parts, country))
    s.add_country(rec, "country", country)
