"""What a published file does not say about itself: its source note, a
``<file>.source.yaml`` beside it, and the file's records with the note's
values filled in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graphsvc.errors import LoadError
from graphsvc.model import Record
from loaders._yaml import load_yaml
from loaders.base import Loader
from loaders.dates import parse_date

SIDECAR_SUFFIX = ".source.yaml"


@dataclass(frozen=True)
class SourceNote:
    """What a published file does not say about itself, written beside it as
    ``<file>.source.yaml``: who publishes it, where, and when it was published
    or retrieved. Fills the records' source_url, published and retrieved
    where the file leaves them empty; the file's own values always win."""

    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    retrieved: str | None = None

    @classmethod
    def beside(cls, path: Path) -> SourceNote:
        side = path.with_name(path.name + SIDECAR_SUFFIX)
        if not side.exists():
            return cls()
        data = load_yaml(side) or {}
        if not isinstance(data, dict):
            raise LoadError(side, None, "expected a mapping (publisher, url, published, retrieved)")
        values = {k: None if data.get(k) is None else str(data[k])
                  for k in ("publisher", "url", "published", "retrieved")}  # fmt: skip
        for key in ("published", "retrieved"):
            if values[key] is not None:
                # ISO, as editions are compared as text
                parsed = parse_date(values[key])
                if parsed is None:
                    raise LoadError(side, None, f"{key}: {values[key]!r} is not a date")
                values[key] = parsed
        return cls(**values)

    def apply(self, records: Iterator[Record], fallback_day: str) -> Iterator[Record]:
        for rec in records:
            rec.source_url = rec.source_url or self.url
            rec.published = rec.published or self.published
            if rec.published is None:
                rec.retrieved = rec.retrieved or self.retrieved or fallback_day
            yield rec


def records_of(loader: Loader) -> Iterator[Record]:
    """The loader's records with what the file's source note adds."""
    mtime = dt.date.fromtimestamp(loader.path.stat().st_mtime).isoformat()
    return SourceNote.beside(loader.path).apply(loader.read(), mtime)
