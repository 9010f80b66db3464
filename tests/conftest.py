"""A real, throwaway Neo4j for the test session.

One server per test session, on a free port with its data in a temporary
directory, started from the same runtime users run (graphsvc.neo4j_runtime)
and stopped at the end. Tests that need an empty graph use ``clean_graph``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graphsvc.db import apply_schema, open_driver
from graphsvc.neo4j_runtime.server import LocalNeo4j, free_port
from graphsvc.settings import Settings, get_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The published format excerpts the project was specified with (real public
# data), kept in the repository so the tests need nothing beside it.
REFERENCE = FIXTURES / "reference-data"


def cache_dir() -> Path:
    return Path(os.environ.get("GRAPHSVC_CACHE_DIR", Path.home() / ".cache" / "graphsvc"))


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    server = LocalNeo4j(
        data_dir=tmp_path_factory.mktemp("neo4j"),
        cache_dir=cache_dir(),
        port=free_port(),
        password=secrets.token_urlsafe(12),
        heap="1g",
        pagecache="256m",
    )
    server.start(timeout=240)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def settings(neo4j_server: LocalNeo4j, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        neo4j_uri=neo4j_server.bolt_uri,
        neo4j_password=neo4j_server.password,  # type: ignore[arg-type]
        home=tmp_path_factory.mktemp("home"),
        batch_size=500,
        # Tests send requests as fast as they can from one address.
        rate_limits=False,
    )


@pytest.fixture(scope="session")
def driver(settings: Settings) -> Iterator[neo4j.Driver]:
    drv = open_driver(settings)
    apply_schema(drv, settings)
    try:
        yield drv
    finally:
        drv.close()


def wipe(driver: neo4j.Driver, settings: Settings) -> None:
    with driver.session(database=settings.neo4j_database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


@pytest.fixture()
def clean_graph(driver: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    """An empty graph (schema kept) for a test that writes."""
    wipe(driver, settings)
    return driver


CASE_DATA = ROOT / "data" / "moscow"


@pytest.fixture(scope="module")
def case_graph(driver: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    """The bundled Moscow case, loaded into an empty graph once per test module."""
    from loaders.ingest import expand_paths, load_paths, make_loader

    wipe(driver, settings)
    loaders = [make_loader(p, None, None) for p in expand_paths([CASE_DATA])]
    load_paths(driver, settings, loaders, on_progress=lambda *_a: None)
    return driver


@pytest.fixture()
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Any]]:
    """Invoke ``graphsvc`` in-process against the test server; fails on a non-zero exit."""
    from typer.testing import CliRunner

    from graphsvc.cli import app as cli_app

    assert settings.neo4j_uri is not None and settings.neo4j_password is not None
    monkeypatch.setenv("GRAPHSVC_NEO4J_URI", settings.neo4j_uri)
    monkeypatch.setenv("GRAPHSVC_NEO4J_PASSWORD", settings.neo4j_password.get_secret_value())
    monkeypatch.setenv("GRAPHSVC_HOME", str(settings.home))
    get_settings.cache_clear()
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True) -> Any:
        result = runner.invoke(cli_app, list(args))
        if ok:
            assert result.exit_code == 0, result.output
        return result

    yield invoke
    get_settings.cache_clear()
