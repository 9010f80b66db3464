"""NIST FRVT 1:1 results table as CSV (``frvt_11_overview.csv``).

Header ``Name,"VisaMC, 1e-4","VisaMC, rank",...``: the algorithm, then for
each dataset a false non-match rate at a false match rate and its rank. Each
row -> a Participation of the developer (from the algorithm prefix) in the
programme, with one ``result`` per dataset ("Visa 1e-6: 0.0025 (rank 1)").
The table states no submission dates and no edition date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from graphsvc.model import Record
from loaders._nist import Emitted, Once, split_algorithm
from loaders.base import Loader
from loaders.textfile import iter_csv

_SNIFF = re.compile(rb'^(?:\xef\xbb\xbf)?Name,"[^",]+, 1e-\d+","[^",]+, rank"')
_VALUE_COL = re.compile(r"^(.+?),\s*(1e-\d+)$")


class NistFrvtCsvLoader(Loader):
    format: ClassVar[str] = "nist-frvt-csv"
    dataset: ClassVar[str] = "us_nist_frvt"
    title: ClassVar[str] = "NIST FRVT 1:1 results table (CSV: algorithm, FNMR and rank per dataset)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return _SNIFF.match(head) is not None

    def programme(self) -> str:
        return "nist-frvt-1n" if "1n" in self.path.name.lower() else "nist-frvt-11"

    def read(self) -> Iterator[Record]:
        header: list[str] | None = None
        pairs: list[tuple[int, str, str]] = []  # (value column, dataset, threshold)
        once = Once()
        count = 0
        for lineno, row in iter_csv(self.path):
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [c.strip() for c in row]
                pairs = self.columns(header)
                continue
            count += 1
            yield from once(self.row(lineno, header, pairs, row))
        if count == 0:
            raise self.error(None if header else 1, "no result rows")

    def columns(self, header: list[str]) -> list[tuple[int, str, str]]:
        if not header or header[0] != "Name":
            raise self.error(1, "the first column must be 'Name'")
        pairs = []
        for i, name in enumerate(header):
            # The rank column follows its value column (names differ: "Border1e-6, rank").
            m = _VALUE_COL.match(name)
            if m and i + 1 < len(header) and header[i + 1].endswith("rank"):
                pairs.append((i, m[1], m[2]))
        if not pairs:
            raise self.error(1, "no '<dataset>, 1e-N' result columns")
        return pairs

    def row(
        self, lineno: int, header: list[str], pairs: list[tuple[int, str, str]], row: list[str]
    ) -> list[Record]:
        name = row[0].strip()
        parts = split_algorithm(name)
        if parts is None:
            raise self.error(lineno, f"not an algorithm id: {name!r}")
        prefix, alg_id = parts
        emit = Emitted(self.dataset_name, f"{self.path.name}:{lineno}")
        programme = emit.programme(self.programme())
        developer = emit.developer(prefix, None)
        rec = emit.new(
            "Participation",
            f"{programme.source_id}:{alg_id}@{self.path.stem}",
            dict(zip(header, row, strict=False)),
        )
        rec.source_url = programme.source_url
        rec.add("participant", developer.id)
        rec.add("programme", programme.id)
        rec.add("algorithm", alg_id)
        for col, dataset, threshold in pairs:
            value = row[col].strip() if col < len(row) else ""
            rank = row[col + 1].strip() if col + 1 < len(row) else ""
            if value:
                suffix = f" (rank {rank})" if rank else ""
                rec.add("result", f"{dataset} {threshold}: {value}{suffix}")
        return [programme, developer, rec]
