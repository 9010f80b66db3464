"""IARPA prize challenge results as CSV: ``prize,amount_usd,winner``.

Each row -> a PrizeAward (recipient -> programme) with the amount in USD and
the prize category as ``summary``. Optional columns ``challenge`` (a
programme key, default ``iarpa-frpc-2017``), ``date`` and ``source_url``
cover other challenges; without them the row is the 2017 Face Recognition
Prize Challenge, whose results NIST IR 8197 published in November 2017.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from graphsvc.model import Record
from loaders._nist import Emitted, Once, developer_key
from loaders.base import Loader
from loaders.dates import parse_date
from loaders.textfile import iter_csv

_SNIFF = re.compile(rb"^(?:\xef\xbb\xbf)?prize,amount_usd,winner\b")
_FRPC_2017 = ("iarpa-frpc-2017", "2017-11", "https://doi.org/10.6028/NIST.IR.8197")
_AMOUNT = re.compile(r"^\d+(?:\.\d+)?$")


class IarpaPrizeLoader(Loader):
    format: ClassVar[str] = "iarpa-prize-csv"
    dataset: ClassVar[str] = "iarpa_frpc"
    title: ClassVar[str] = "IARPA prize challenge results (CSV: prize, amount_usd, winner)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return _SNIFF.match(head) is not None

    def read(self) -> Iterator[Record]:
        header: list[str] | None = None
        once = Once()
        count = 0
        for lineno, row in iter_csv(self.path):
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [c.strip().lower() for c in row]
                continue
            if len(row) != len(header):
                raise self.error(lineno, f"expected {len(header)} columns, found {len(row)}")
            count += 1
            yield from once(self.row(lineno, dict(zip(header, row, strict=True))))
        if count == 0:
            raise self.error(None if header else 1, "no prize rows")

    def row(self, lineno: int, row: dict[str, str]) -> list[Record]:
        prize, amount = row.get("prize", "").strip(), row.get("amount_usd", "").strip()
        winner = row.get("winner", "").strip()
        if not prize or not winner or not _AMOUNT.match(amount):
            raise self.error(lineno, "a row needs prize, a numeric amount_usd and winner")
        key = row.get("challenge", "").strip() or _FRPC_2017[0]
        default = key == _FRPC_2017[0]
        date = parse_date(row.get("date")) or (_FRPC_2017[1] if default else None)
        url = row.get("source_url", "").strip() or (_FRPC_2017[2] if default else None)
        emit = Emitted(self.dataset_name, f"{self.path.name}:{lineno}", date)
        programme = emit.programme(key)
        programme.source_url = url
        developer = emit.developer(developer_key(winner), winner)
        slug = re.sub(r"[^0-9a-z]+", "-", prize.lower()).strip("-")
        award = emit.new("PrizeAward", f"{key}:{slug}:{developer_key(winner)}", row)
        award.source_url = url
        award.add("recipient", developer.id)
        award.add("programme", programme.id)
        award.add("amount", amount)
        award.add("currency", "USD")
        award.add("summary", prize)
        award.add("date", date)
        return [programme, developer, award]
