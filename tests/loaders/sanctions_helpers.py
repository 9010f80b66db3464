"""Small helpers for the sanctions-list loader tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.errors import LoadError
from graphsvc.model import Record
from loaders.base import Loader
from loaders.registry import detect

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sanctions"


def load(cls: type[Loader], name: str | Path) -> list[Record]:
    path = name if isinstance(name, Path) else FIXTURES / name
    return list(cls(path).read())


def by_id(records: list[Record], rec_id: str) -> Record:
    matches = [r for r in records if r.id == rec_id]
    assert len(matches) == 1, f"{rec_id}: {len(matches)} records"
    return matches[0]


def sanctions_of(records: list[Record], rec_id: str) -> list[Record]:
    return [r for r in records if r.schema == "Sanction" and r.properties["entity"] == [rec_id]]


def assert_detected(path: Path, cls: type[Loader]) -> None:
    """The registry picks exactly this loader for the file."""
    assert detect(path) is cls


def assert_load_error(cls: type[Loader], path: Path, where: str | int | None = None) -> LoadError:
    with pytest.raises(LoadError) as info:
        list(cls(path).read())
    assert info.value.path == str(path)
    if where is not None:
        assert info.value.where == where
    return info.value


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path
