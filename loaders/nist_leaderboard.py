"""NIST FRVT 1:1 leaderboard rows as published in text (the ongoing-test page).

Each row: ``rank algorithm v1 v2 v3 v4 v5 YYYY_MM_DD``: the leaderboard rank,
the algorithm id, false non-match rates on five datasets and the submission
date. In scraped copies the per-dataset rank is glued onto the rate
("0.03011" is 0.030, rank 11), so the rates are kept only in ``raw``; the
row gives the developer's participation, its algorithm and submission date.
Lines starting with ``#`` are comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from graphsvc.model import Record
from loaders._nist import Emitted, Once, split_algorithm
from loaders.base import Loader
from loaders.dates import parse_date
from loaders.textfile import read_lines

_ROW = re.compile(
    r"^(?P<rank>\d+)\s+(?P<alg>[a-z0-9]+-\d{3})\s+(?P<values>(?:-?[\d.]+\s+){4,8})"
    r"(?P<date>\d{4}_\d{2}_\d{2})\s*$"
)
_SNIFF = re.compile(rb"^\d+\s+[a-z0-9]+-\d{3}\s+(?:-?[\d.]+\s+){4,8}\d{4}_\d{2}_\d{2}\s*$", re.M)


class NistLeaderboardLoader(Loader):
    format: ClassVar[str] = "nist-leaderboard"
    dataset: ClassVar[str] = "us_nist_frvt"
    title: ClassVar[str] = "NIST FRVT 1:1 leaderboard rows as text (rank, algorithm, rates, date)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return _SNIFF.search(head) is not None

    def read(self) -> Iterator[Record]:
        once = Once()
        rows = 0
        for lineno, line in read_lines(self.path):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            m = _ROW.match(text)
            if m is None:
                raise self.error(lineno, "not a leaderboard row (rank algorithm rates date)")
            rows += 1
            yield from once(self.row(lineno, m))
        if rows == 0:
            raise self.error(None, "no leaderboard rows")

    def row(self, lineno: int, m: re.Match[str]) -> list[Record]:
        parts = split_algorithm(m["alg"])
        if parts is None:
            raise self.error(lineno, f"not an algorithm id: {m['alg']!r}")
        prefix, alg_id = parts
        emit = Emitted(self.dataset_name, f"{self.path.name}:{lineno}")
        programme = emit.programme("nist-frvt-11")
        developer = emit.developer(prefix, None)
        raw = {"rank": m["rank"], "algorithm": m["alg"], "values": m["values"].strip(),
               "date": m["date"]}  # fmt: skip
        rec = emit.new("Participation", f"{programme.source_id}:{alg_id}@leaderboard", raw)
        rec.source_url = programme.source_url
        rec.add("participant", developer.id)
        rec.add("programme", programme.id)
        rec.add("algorithm", alg_id)
        date = parse_date(m["date"])
        rec.add("submissionDate", date)
        rec.add("date", date)
        rec.add("result", f"leaderboard rank {m['rank']}")
        return [programme, developer, rec]
