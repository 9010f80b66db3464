"""NIST FRVT/FRTE report cards: header blocks, submission histories, plotly traces.

NIST publishes one HTML report card per algorithm (pages.nist.gov/frvt,
``reportcards/11/<developer>_<NNN>.html``). This loader reads either such an
HTML page or a text file of report-card header blocks as excerpted from them
(see tests/fixtures/nist_reportcards.txt), line by line:

* a block, opened by a ``## reportcards/11/<file>.html`` line or by a new
  ``Developer Name:`` / ``Algorithm Name:`` / ``Algorithm:`` line, with the
  fields ``Developer Name``, ``Algorithm Name`` (older cards: ``Algorithm``),
  ``Algorithm Type``, ``Date of Algorithm Submission`` (``Submission Date``)
  and ``Date of Report Card Generation`` (``Report Card Last Updated``),
  each possibly ending in ``|``;
* plotly trace texts ``Submitted: YYYY-MM-DD<br />fnmr: X<br />Dataset: D``
  inside a block: the block developer's submissions (one on the card's own
  submission date adds its results to the card);
* history lines ``DEVELOPER : YYYY-MM-DD, YYYY-MM-DD, ...``: one submission
  per date by the developer with that algorithm prefix.

Records: the developer (Company), the programme (Programme) and each
submission as a Participation (participant -> programme).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from graphsvc.model import Record
from loaders._nist import Emitted, Once, split_algorithm
from loaders.base import Loader
from loaders.dates import parse_date
from loaders.textfile import read_lines

_FIELD = re.compile(
    r"^\s*(Developer Name|Algorithm Name|Algorithm Type|Algorithm|Date of Algorithm Submission"
    r"|Submission Date|Date of Report Card Generation|Report Card Last Updated)\s*:\s*(.*?)"
    r"\s*\|?\s*$"
)
_FIELD_KEYS = {
    "Developer Name": "developer",
    "Algorithm Name": "algorithm",
    "Algorithm": "algorithm",
    "Algorithm Type": "type",
    "Date of Algorithm Submission": "submitted",
    "Submission Date": "submitted",
    "Date of Report Card Generation": "generated",
    "Report Card Last Updated": "generated",
}
_CARD_PATH = re.compile(r"^\s*##\s*(reportcards/(\w+)/([\w-]+)\.html)")
_TRACE = re.compile(
    r"Submitted:\s*(\d{4}-\d{2}-\d{2})\s*<br\s*/?>\s*fnmr:\s*([0-9.eE+-]+)\s*<br\s*/?>"
    r"\s*Dataset:\s*([^\"<\\]+)"
)
_HISTORY = re.compile(
    r"^\s*([A-Z0-9][A-Z0-9_-]*)\s*:\s*(\d{4}-\d{2}-\d{2}(?:\s*,\s*\d{4}-\d{2}-\d{2})*)\s*$"
)
_TAG = re.compile(r"<[^<>]*>")  # not [^>]*: quadratic over a run of "<"
_SNIFF = re.compile(
    rb"(?m)^[ \t]*(?:<[^>]*>[ \t]*)*(?:Algorithm Name|Algorithm)[ \t]*:[ \t]*[A-Za-z0-9]+_\d{3}"
    rb"|Submitted: \d{4}-\d{2}-\d{2}<br />fnmr:"
)
_CARD_URL = "https://pages.nist.gov/frvt/{}"


def _programme(kind: str | None, folder: str | None) -> str:
    if folder in ("1N", "1n") or (kind and "1:N" in kind):
        return "nist-frvt-1n"
    return "nist-frvt-11"


@dataclass
class _Block:
    line: int
    path: str | None = None
    folder: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    traces: list[tuple[str, str, str]] = field(default_factory=list)


class NistReportCardLoader(Loader):
    format: ClassVar[str] = "nist-reportcard"
    dataset: ClassVar[str] = "us_nist_frvt"
    title: ClassVar[str] = "NIST FRVT/FRTE report cards (HTML, or text of their header blocks)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return _SNIFF.search(head) is not None

    def read(self) -> Iterator[Record]:
        block: _Block | None = None
        count = 0
        once = Once()
        # (prefix, date) of report cards read: history dates that are theirs are skipped.
        self._cards: set[tuple[str, str]] = set()
        for lineno, raw_line in read_lines(self.path):
            for date, fnmr, dataset in _TRACE.findall(raw_line):
                if block is None:
                    raise self.error(lineno, "a submission trace outside a report card")
                block.traces.append((date, fnmr, dataset.strip()))
            for line in _TAG.sub("\n", raw_line).splitlines():
                if m := _CARD_PATH.match(line):
                    records, block = self.finish(block), _Block(lineno, m[1], m[2])
                elif line.startswith("##"):  # another section: the card ends
                    records, block = self.finish(block), None
                elif m := _FIELD.match(line):
                    key = _FIELD_KEYS[m[1]]
                    opens = key in ("developer", "algorithm")
                    if block is None or (opens and key in block.fields):
                        records, block = self.finish(block), _Block(lineno)
                    else:
                        records = []
                    block.fields.setdefault(key, m[2])
                elif m := _HISTORY.match(line):
                    records = self.history(lineno, m[1], m[2])
                else:
                    continue
                count += len(records)
                yield from once(records)
        records = self.finish(block)
        count += len(records)
        yield from once(records)
        if count == 0:
            raise self.error(None, "no report-card header, trace or submission history found")

    def finish(self, block: _Block | None) -> list[Record]:
        if block is None or not (block.fields or block.traces):
            return []
        where = f"{self.path.name}:{block.line}"
        algorithm = block.fields.get("algorithm")
        parts = split_algorithm(algorithm) if algorithm else None
        if parts is None and block.path:
            parts = split_algorithm(Path(block.path).stem)
        if parts is None:
            raise self.error(block.line, f"report card without a valid algorithm id: {algorithm}")
        prefix, alg_id = parts
        generated = parse_date(block.fields.get("generated"))
        emit = Emitted(self.dataset_name, where, generated)
        programme = emit.programme(_programme(block.fields.get("type"), block.folder))
        developer = emit.developer(prefix, block.fields.get("developer"))
        if block.fields.get("developer"):
            developer.raw = dict(block.fields)
        out = [programme, developer]
        submitted = parse_date(block.fields.get("submitted"))
        card = self.participation(emit, developer, programme, f"{programme.source_id}:{alg_id}")
        card.raw = {**block.fields, "algorithm": algorithm or ""}
        if block.path is None and self.path.stem == (algorithm or "").strip():
            folder = "1N" if programme.source_id == "nist-frvt-1n" else "11"
            block.path = f"reportcards/{folder}/{self.path.name}"
        card.source_url = _CARD_URL.format(block.path) if block.path else None
        if submitted:
            self._cards.add((prefix, submitted))
        card.add("algorithm", alg_id)
        card.add("submissionDate", submitted)
        card.add("date", submitted)
        card.add("summary", block.fields.get("type"))
        out.append(card)
        for date, fnmr, dataset in block.traces:
            result = f"{dataset} fnmr: {fnmr}"
            if date == submitted:
                card.add("result", result)
                continue
            rec = self.participation(
                emit, developer, programme, f"{programme.source_id}:{prefix}:{date}"
            )
            rec.raw = {"submitted": date, "fnmr": fnmr, "dataset": dataset}
            rec.add("submissionDate", date)
            rec.add("date", date)
            rec.add("result", result)
            out.append(rec)
        return out

    def history(self, lineno: int, name: str, dates: str) -> list[Record]:
        prefix = name.lower()
        emit = Emitted(self.dataset_name, f"{self.path.name}:{lineno}")
        programme = emit.programme("nist-frvt-11")
        developer = emit.developer(prefix, None)
        out = [programme, developer]
        for date in (d.strip() for d in dates.split(",")):
            if (prefix, date) in self._cards:
                continue
            rec = self.participation(
                emit, developer, programme, f"{programme.source_id}:{prefix}:{date}"
            )
            rec.raw = {"developer": name, "submitted": date}
            rec.add("submissionDate", parse_date(date))
            rec.add("date", parse_date(date))
            out.append(rec)
        return out

    def participation(
        self, emit: Emitted, developer: Record, programme: Record, key: str
    ) -> Record:
        # The file is part of the id: the same card read from its HTML page and
        # from a text copy are two records (merged into one edge), and neither
        # file overwrites what the other said.
        rec = emit.new("Participation", f"{key}@{self.path.stem}")
        rec.add("participant", developer.id)
        rec.add("programme", programme.id)
        return rec
