"""Shared by the graph-source loader tests (FtM, OCDS, EIS, NIST, GLEIF, BODS, claims)."""

from __future__ import annotations

from pathlib import Path

from graphsvc.model import Record
from loaders.base import Loader

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def load(cls: type[Loader], name: str | Path, dataset: str | None = None) -> list[Record]:
    path = name if isinstance(name, Path) else FIXTURES / name
    return list(cls(path, dataset).read())


def by_id(records: list[Record]) -> dict[str, Record]:
    """Records by id; the last one wins, as in the store."""
    return {r.id: r for r in records}
