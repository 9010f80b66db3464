"""OFAC SDN list, CSV set: sdn.csv with add.csv, alt.csv and sdn_comments.csv.

No header; ``-0-`` (with a trailing space) means empty; the programme column
joins programmes with ``] [``. Most details are in the remarks column, which
OFAC cuts off at a fixed length and continues in sdn_comments.csv.

Given any file of the set, the loader reads the whole set through sdn.csv in
the same folder, so loading any one of them gives the same records.

Memory: sdn.csv (the large file) is streamed row by row. The three side
files are indexed by ent_num in dicts first. OFAC sorts them by ent_num in
practice, which would allow a merge-join, but that order is not documented
and a merge silently drops rows when it is broken; the side files are a few
MB (one short row per address or alias), so indexing them is cheap and
correct whatever the order.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from graphsvc.errors import LoadError
from graphsvc.model import Record
from loaders import _ofac
from loaders import _sanctions as s
from loaders.base import Loader
from loaders.textfile import iter_csv

# File name -> number of columns.
_FILES = {"sdn.csv": 12, "add.csv": 6, "alt.csv": 5, "sdn_comments.csv": 2}
_NULL = "-0-"
_EOF = "\x1a"  # OFAC ends its CSV files with a DOS end-of-file character


def _clean(value: str) -> str | None:
    value = value.strip()
    return None if value in {"", _NULL} else value


def _shape(head: bytes) -> int | None:
    """Columns in the first data row, if it looks like an OFAC CSV row."""
    sample = head.decode("utf-8-sig", errors="replace").splitlines()[:1]
    if not sample:
        return None
    try:
        row = next(csv.reader(io.StringIO(sample[0])))
    except (csv.Error, StopIteration):
        return None
    if not row or not row[0].strip().isdigit():
        return None
    return len(row)


class OfacCsvLoader(Loader):
    format = "ofac-csv"
    dataset = _ofac.DATASET
    title = "OFAC SDN list, CSV set (sdn.csv + add.csv, alt.csv, sdn_comments.csv)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        width = _shape(head)
        if width is None:
            return False
        name = path.name.lower()
        if name in _FILES:
            return _FILES[name] == width
        # Renamed copies: the null marker and the column count must both fit.
        return b"-0- " in head and width in {12, 6, 5}

    def _sibling(self, name: str) -> Path | None:
        for candidate in self.path.parent.iterdir():
            if candidate.name.lower() == name:
                return candidate
        return None

    def read(self) -> Iterator[Record]:
        name = self.path.name.lower()
        if name in _FILES and name != "sdn.csv":
            main = self._sibling("sdn.csv")
            if main is None:
                raise self.error(None, f"{name} adds to sdn.csv, which is not in the same folder")
        else:
            main = self.path
        addresses = self._side(self._sibling("add.csv"), "add.csv")
        aliases = self._side(self._sibling("alt.csv"), "alt.csv")
        comments = self._side(self._sibling("sdn_comments.csv"), "sdn_comments.csv")
        resolver = _ofac.LinkResolver()
        count = 0
        for line, row in self._rows(main, 12):
            count += 1
            ent = row[0].strip()
            extra = "".join(r[1] for _ln, r in comments.get(ent, []))
            yield from self._entry(
                main, line, row, extra, addresses.get(ent, []), aliases.get(ent, []), resolver
            )
        if count == 0:
            raise self.error(1, "the file has no rows")
        yield from resolver.links()

    def _rows(self, path: Path, width: int) -> Iterator[tuple[int, list[str]]]:
        for line, row in iter_csv(path):
            if not row or (len(row) == 1 and row[0].strip() in {"", _EOF}):
                continue
            if len(row) != width:
                raise LoadError(path, line, f"expected {width} columns, found {len(row)}")
            if not row[0].strip().isdigit():
                raise LoadError(path, line, f"ent_num is not a number: {row[0]!r}")
            yield line, row

    def _side(self, path: Path | None, name: str) -> dict[str, list[tuple[int, list[str]]]]:
        index: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
        if path is not None:
            for line, row in self._rows(path, _FILES[name]):
                index[row[0].strip()].append((line, row))
        return index

    def _entry(
        self,
        path: Path,
        line: int,
        row: list[str],
        more_remarks: str,
        addresses: list[tuple[int, list[str]]],
        aliases: list[tuple[int, list[str]]],
        resolver: _ofac.LinkResolver,
    ) -> Iterator[Record]:
        ent, listed, sdn_type, programs = row[0].strip(), row[1].strip(), row[2], row[3]
        schema = _ofac.SCHEMATA.get((_clean(sdn_type) or "entity").lower(), "LegalEntity")
        # The remarks column was cut where sdn_comments.csv continues it, often
        # mid-word, so the two parts are joined without a separator.
        remarks = ((_clean(row[11]) or "") + more_remarks).strip() or None
        raw: dict[str, object] = {
            "ent_num": ent,
            "SDN_Name": listed,
            "SDN_Type": _clean(sdn_type),
            "Program": _clean(programs),
            "Title": _clean(row[4]),
            "Remarks": remarks,
            "addresses": [r[2:5] for _ln, r in addresses],
            "aliases": [r[2:4] for _ln, r in aliases],
        }
        rec = Record.of(
            self.dataset_name,
            ent,
            schema,
            source_url=_ofac.SOURCE_URL,
            published=None,  # the CSV set does not carry its publication date
            origin=f"{path.name}:{line}",
            raw={k: v for k, v in raw.items() if v},
        )
        rec.add("name", _ofac.invert(listed, schema))
        if schema == "Person" and listed.count(",") == 1:
            last, first = (p.strip() for p in listed.split(","))
            rec.add("lastName", last)
            rec.add("firstName", first)
        rec.add("title", _clean(row[4]))
        rec.add("ofacId", ent)
        resolver.known(listed, rec.id)
        if schema == "Vessel":
            rec.add("callSign", _clean(row[5]))
            rec.add("type", _clean(row[6]))
            rec.add("tonnage", _clean(row[7]))
            rec.add("grossRegisteredTonnage", _clean(row[8]))
            s.add_country(rec, "flag", _clean(row[9]))
            owner = _clean(row[10])
            if owner:
                rec.add("notes", f"Owner: {owner}")
        for _ln, alt in aliases:
            kind = (_clean(alt[2]) or "aka").lower()
            name = _clean(alt[3])
            if name:
                prop = "previousName" if kind == "fka" else "alias"
                rec.add(prop, _ofac.invert(name, schema))
        for _ln, add in addresses:
            rec.add("address", s.one_line(_clean(add[2]), _clean(add[3]), _clean(add[4])))
            s.add_country(rec, "country", _clean(add[4]))
        links, listing = _ofac.apply_remarks(rec, remarks)
        program_list = [
            p.strip(" []") for p in (_clean(programs) or "").split("] [") if p.strip(" []")
        ]
        yield rec
        yield from _ofac.program_sanctions(rec, program_list, reason="; ".join(listing) or None)
        for name in links:
            resolver.defer(rec, name)
