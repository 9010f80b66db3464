"""Reading ahead in a thread or in a child process gives the same batches,
the same errors, and leaves no process behind."""

from __future__ import annotations

from pathlib import Path

import psutil
import pytest

from graphsvc.errors import LoadError
from graphsvc.store.records import PreparedBatch
from loaders.ftm import FtmLoader
from loaders.ingest import make_loader
from loaders.readahead import read_ahead
from tests.conftest import FIXTURES

SANCTIONS = FIXTURES / "sanctions"


def _read(path: Path, *, in_process: bool, size: int = 3) -> list[PreparedBatch]:
    loader = make_loader(path, None, None)
    with read_ahead(loader, "2026-05-01", size, in_process=in_process) as batches:
        return list(batches)


def _readers() -> list[psutil.Process]:
    """Child reader processes of this test process that still run."""
    found = []
    for proc in psutil.Process().children(recursive=True):
        try:
            if "loaders.readahead" in " ".join(proc.cmdline()):
                found.append(proc)
        except psutil.Error:  # ended meanwhile
            continue
    return found


@pytest.mark.parametrize(
    "path",
    [SANCTIONS / "ofac_sdn_legacy.xml", FIXTURES / "ftm_peps_bom_crlf.ijson"],
    ids=lambda p: p.name,
)
def test_process_and_thread_give_the_same_batches(path: Path) -> None:
    in_thread = _read(path, in_process=False)
    in_child = _read(path, in_process=True)
    assert len(in_thread) > 1  # several batches, the last one short
    assert in_child == in_thread
    assert sum(len(b.rows) for b in in_child) == sum(len(b.edges) for b in in_child)
    assert not _readers()


def test_an_error_in_the_child_is_raised_in_the_caller() -> None:
    path = SANCTIONS / "ofac_sdn_truncated.xml"
    with pytest.raises(LoadError) as in_thread:
        _read(path, in_process=False)
    with pytest.raises(LoadError) as in_child:
        _read(path, in_process=True)
    assert str(in_child.value) == str(in_thread.value)
    assert str(in_child.value).startswith(f"{path}:")
    assert not _readers()


def test_leaving_early_stops_the_child(tmp_path: Path) -> None:
    # far more than the pipe holds, so the child is still sending when we leave
    path = tmp_path / "many.ftm.jsonl"
    line = '{{"id": "p{0}", "schema": "Person", "properties": {{"name": ["Person {0}"]}}}}\n'
    path.write_text("".join(line.format(i) for i in range(3000)), encoding="utf-8")
    loader = make_loader(path, None, None)
    with read_ahead(loader, "2026-05-01", 1, in_process=True) as batches:
        first = next(iter(batches))
        assert len(first.rows) == 1
        assert len(_readers()) == 1
    assert not _readers()


def test_a_loader_the_child_cannot_rebuild_is_read_in_a_thread() -> None:
    class LocalFtm(FtmLoader):  # not in the registry: a child would build FtmLoader
        pass

    path = FIXTURES / "ftm_peps_bom_crlf.ijson"
    with read_ahead(LocalFtm(path), "2026-05-01", 3, in_process=True) as batches:
        assert not _readers()
        got = list(batches)
    assert got == _read(path, in_process=False)


def test_the_child_imports_no_code_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``loaders`` package in the folder graphsvc is run from (or on
    PYTHONPATH) is not what the reading process runs."""
    marker = tmp_path / "decoy-imported"
    decoy = tmp_path / "work" / "loaders"
    decoy.mkdir(parents=True)
    code = f"open({str(marker)!r}, 'w').close()\n"
    for name in ("__init__.py", "readahead.py", "registry.py"):
        (decoy / name).write_text(code, encoding="utf-8")
    (decoy.parent / "graphsvc").mkdir()
    (decoy.parent / "graphsvc" / "__init__.py").write_text(code, encoding="utf-8")
    monkeypatch.chdir(decoy.parent)
    monkeypatch.setenv("PYTHONPATH", str(decoy.parent))
    path = FIXTURES / "ftm_peps_bom_crlf.ijson"
    in_child = _read(path, in_process=True)
    assert not marker.exists()
    assert in_child == _read(path, in_process=False)
