"""Shared by the NIST FRVT and IARPA loaders: developers, programmes, algorithm ids.

A developer's record id comes from its algorithm prefix (``ntechlab`` of
``ntechlab-011``), so the developer named in report cards, results tables and
prize tables of one dataset is one record. NIST writes algorithm ids with an
underscore in report cards and a hyphen in tables; the hyphen form is the
normalised one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphsvc.model import Record

# Each part of the prefix starts with a letter, one way only: the form
# "[A-Za-z]+[A-Za-z0-9]*" backtracks for minutes over a long run of letters.
_ALGORITHM = re.compile(r"^([A-Za-z0-9]+(?:[-_][A-Za-z][A-Za-z0-9]*)*)[-_](\d{3})$")

PROGRAMMES = {
    "nist-frvt-11": "NIST FRVT 1:1 Verification",
    "nist-frvt-1n": "NIST FRVT 1:N Identification",
    "iarpa-frpc-2017": "IARPA Face Recognition Prize Challenge 2017",
}
RESULTS_URL = {
    "nist-frvt-11": "https://pages.nist.gov/frvt/html/frvt11.html",
    "nist-frvt-1n": "https://pages.nist.gov/frvt/html/frvt1N.html",
}


def split_algorithm(name: str) -> tuple[str, str] | None:
    """(developer prefix, normalised id): ``ntechlab_011`` -> (``ntechlab``, ``ntechlab-011``)."""
    m = _ALGORITHM.match(name.strip())
    if m is None:
        return None
    prefix = m.group(1).lower().replace("_", "-")
    return prefix, f"{prefix}-{m.group(2)}"


def developer_key(name: str) -> str:
    """A prefix-like key from a developer's name (``NtechLab`` -> ``ntechlab``)."""
    return re.sub(r"[^0-9a-z]+", "", name.lower())


@dataclass
class Emitted:
    """Makes records of one place in a file: dataset, origin and edition date."""

    dataset: str
    origin: str
    published: str | None = None

    def new(self, schema: str, source_id: str, raw: dict[str, str] | None = None) -> Record:
        return Record.of(
            self.dataset, source_id, schema, published=self.published, origin=self.origin, raw=raw
        )

    def programme(self, key: str) -> Record:
        rec = self.new("Programme", key, {"programme": key})
        rec.published = None  # every file names the programme; none may overwrite another
        rec.add("name", PROGRAMMES.get(key, key))
        rec.source_url = RESULTS_URL.get(key)
        return rec

    def developer(self, prefix: str, name: str | None) -> Record:
        """The developer; its name as the source writes it, else the prefix."""
        # A developer known only by its algorithm prefix is a record of its own:
        # files that name it and files that do not then never overwrite each
        # other's record, and the resolver joins them by the shared prefix.
        key = f"developer:{prefix}" if name else f"developer:{prefix}:unnamed"
        rec = self.new("Company", key, {"prefix": prefix, "name": name or ""})
        if not name:
            rec.published = None  # the same in every file that only names the prefix
        rec.add("name", name or prefix)
        rec.add("alias", prefix)
        return rec


class Once:
    """Yields each programme and developer once per file, unless a later
    mention states the developer's name where the first gave only its prefix."""

    def __init__(self) -> None:
        self.named: dict[str, bool] = {}

    def __call__(self, records: list[Record]) -> list[Record]:
        out = []
        for rec in records:
            if rec.schema in ("Programme", "Company"):
                named = rec.first("name") != rec.first("alias")
                if rec.id in self.named and (self.named[rec.id] or not named):
                    continue
                self.named[rec.id] = named
            out.append(rec)
        return out
