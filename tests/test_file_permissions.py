"""The local Neo4j's files are its owner's alone: the store, the logs, the pid
file and the generated password, whatever the umask of the shell that ran it."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from graphsvc.db import open_driver
from graphsvc.neo4j_runtime.private import write_new_private
from graphsvc.neo4j_runtime.server import LocalNeo4j, free_port
from graphsvc.settings import Settings
from tests.conftest import cache_dir


@contextmanager
def permissive_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def exposed(directory: Path) -> list[str]:
    """Every path under ``directory`` (itself included) that group or others may use."""
    found = []
    for path in [directory, *directory.rglob("*")]:
        st = path.lstat()
        if not stat.S_ISLNK(st.st_mode) and st.st_mode & 0o077:
            found.append(f"{oct(stat.S_IMODE(st.st_mode))} {path.relative_to(directory)}")
    return found


def test_server_store_and_logs_are_private(tmp_path: Path) -> None:
    data = tmp_path / "neo4j"
    data.mkdir(mode=0o755)
    # Left by a server started with the default umask: made private on start.
    (data / "neo4j.log").write_text("an older run\n", encoding="utf-8")
    (data / "dbms" / "logs").mkdir(parents=True)
    (data / "dbms" / "logs" / "debug.log").write_text("an older run\n", encoding="utf-8")
    for path in (data, data / "neo4j.log", data / "dbms", data / "dbms" / "logs"):
        path.chmod(0o755 if path.is_dir() else 0o644)

    server = LocalNeo4j(
        data_dir=data,
        cache_dir=cache_dir(),
        port=free_port(),
        password=secrets.token_urlsafe(12),
        heap="512m",
        pagecache="64m",
    )
    with permissive_umask():
        server.start(timeout=240)
    try:
        cfg = Settings(
            neo4j_uri=server.bolt_uri,
            neo4j_password=server.password,  # type: ignore[arg-type]
            home=tmp_path / "home",
        )
        driver = open_driver(cfg)
        try:
            # Writes make Neo4j create transaction logs and index files.
            driver.execute_query("UNWIND range(1, 500) AS i CREATE (:Probe {i: i})")
            driver.execute_query("CREATE INDEX probe_i IF NOT EXISTS FOR (p:Probe) ON (p.i)")
            driver.execute_query("CALL db.awaitIndexes(60)")
        finally:
            driver.close()
        running = exposed(data)
    finally:
        server.stop()
    assert running == []
    assert exposed(data) == []
    names = {p.name for p in (data / "dbms").iterdir()}
    assert {"data", "logs"} <= names, names


def test_password_file_is_created_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    created: list[tuple[str, int]] = []
    real_open, real_link = os.open, os.link

    def recording_open(path: Any, flags: int, mode: int = 0o777, **kw: Any) -> int:
        if flags & os.O_CREAT:
            created.append((os.fspath(path), mode))
        return real_open(path, flags, mode, **kw)

    def checked_link(src: Any, dst: Any, **kw: Any) -> None:
        # The file is complete and private before it appears under its name.
        assert stat.S_IMODE(os.stat(src).st_mode) == 0o600
        assert Path(src).read_text(encoding="utf-8").strip()
        real_link(src, dst, **kw)

    monkeypatch.setattr(os, "open", recording_open)
    monkeypatch.setattr(os, "link", checked_link)
    cfg = Settings(home=tmp_path / "home", neo4j_password=None, neo4j_uri=None)
    with permissive_umask():
        password = cfg.resolved_password(create=True)
    path = cfg.local_password_file()
    assert path.read_text(encoding="utf-8").strip() == password
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert created and all(mode == 0o600 for _p, mode in created), created
    assert [p.name for p in path.parent.iterdir()] == ["password"], "no temporary file left"
    # Later commands read the same password; none is generated again.
    assert cfg.resolved_password(create=True) == password


def test_a_password_written_first_by_another_process_wins(tmp_path: Path) -> None:
    path = tmp_path / "password"
    assert write_new_private(path, "first-one-12") == "first-one-12"
    assert write_new_private(path, "second-one-12") == "first-one-12"
    assert path.read_text(encoding="utf-8") == "first-one-12\n"
    assert [p.name for p in tmp_path.iterdir()] == ["password"]
