"""/healthz and /graphql against a real Neo4j, including an outage and recovery."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.neo4j_runtime.server import LocalNeo4j, free_port
from graphsvc.settings import Settings
from tests.conftest import cache_dir

COUNTS = "{ stats { labels { name count } relationships { name count } } }"


def test_healthz_reports_neo4j_version(settings: Settings, neo4j_server: LocalNeo4j) -> None:
    with TestClient(create_app(settings)) as client:
        resp = client.get("/healthz")
    assert resp.status_code == 200
    body = resp.json()
    assert body["status"] == "ok"
    assert body["neo4j"]["reachable"] is True
    assert body["neo4j"]["version"] == neo4j_server.status().version
    assert body["neo4j"]["edition"] == "community"


def test_counts_query_answers(settings: Settings, clean_graph: object) -> None:
    from graphsvc.db import run_write

    run_write(clean_graph, settings, "CREATE (:Record {id: 'x:1'}), (:Record {id: 'x:2'})")  # type: ignore[arg-type]
    with TestClient(create_app(settings)) as client:
        resp = client.post("/graphql", json={"query": COUNTS})
    assert resp.status_code == 200, resp.text
    labels = {c["name"]: c["count"] for c in resp.json()["data"]["stats"]["labels"]}
    assert labels["Record"] == 2


def test_graphiql_is_served(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        resp = client.get("/graphql", headers={"accept": "text/html"})
    assert resp.status_code == 200
    assert "graphiql" in resp.text.lower()


@pytest.fixture()
def own_server(tmp_path: Path) -> LocalNeo4j:
    server = LocalNeo4j(
        data_dir=tmp_path / "neo4j",
        cache_dir=cache_dir(),
        port=free_port(),
        password=secrets.token_urlsafe(12),
        heap="512m",
        pagecache="64m",
    )
    server.start(timeout=240)
    yield server  # type: ignore[misc]
    server.stop()


def _wait_status(client: TestClient, want: int, path: str, timeout: float = 60.0) -> int:
    deadline = time.monotonic() + timeout
    code = -1
    while time.monotonic() < deadline:
        if path == "/graphql":
            code = client.post(path, json={"query": COUNTS}).status_code
        else:
            code = client.get(path).status_code
        if code == want:
            return code
        time.sleep(0.5)
    return code


def test_outage_answers_503_and_recovers_without_restart(
    own_server: LocalNeo4j, tmp_path: Path
) -> None:
    cfg = Settings(
        neo4j_uri=own_server.bolt_uri,
        neo4j_password=own_server.password,  # type: ignore[arg-type]
        home=tmp_path,
    )
    with TestClient(create_app(cfg)) as client:
        assert client.get("/healthz").status_code == 200
        own_server.stop()
        resp = client.get("/healthz")
        assert resp.status_code == 503
        assert "cannot reach Neo4j" in resp.json()["neo4j"]["reason"]
        gql = client.post("/graphql", json={"query": COUNTS})
        assert gql.status_code == 503
        assert "cannot reach Neo4j" in gql.json()["errors"][0]["message"]
        port = own_server.bolt_uri.rsplit(":", 1)[-1]
        assert port not in resp.text and port not in gql.text  # the address stays in the log

        own_server.start(timeout=240)
        assert _wait_status(client, 200, "/healthz") == 200
        assert _wait_status(client, 200, "/graphql") == 200
