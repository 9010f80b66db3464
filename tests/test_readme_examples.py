"""Every GraphQL example in the README, run by a real GraphQL client (gql)
against the service over HTTP, must return the answer printed under it."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
import uvicorn
from gql import Client, gql
from gql.transport.httpx import HTTPXTransport

from graphsvc.api.app import create_app
from graphsvc.neo4j_runtime.server import free_port
from graphsvc.settings import Settings

README = Path(__file__).resolve().parent.parent / "README.md"
_EXAMPLE = re.compile(r"### (\d+\. [^\n]+)\n+```graphql\n(.*?)```\n+```json\n(.*?)```", re.S)


def examples() -> list[tuple[str, str, Any]]:
    found = [(t, q, json.loads(a)) for t, q, a in _EXAMPLE.findall(README.read_text("utf-8"))]
    assert len(found) >= 6, "the README walks through at least six questions"
    return found


@pytest.fixture(scope="module")
def live_url(case_graph: neo4j.Driver, settings: Settings) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.mark.parametrize(("title", "query", "answer"), examples(), ids=lambda v: str(v)[:40])
def test_readme_example(live_url: str, title: str, query: str, answer: Any) -> None:
    client = Client(transport=HTTPXTransport(url=live_url, timeout=30))
    result = client.execute(gql(query))
    assert result == answer, title
