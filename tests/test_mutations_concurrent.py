"""Writes sent at the same time end in the graph they give one after the other.

Each claim is resolved against every stored record; without the write lock
(queries/store/lock_writes.cypher) two claims in flight would each resolve
without the other, and the review queue and entities would miss their pair.
Two API instances share the graph here, as two processes or replicas would:
each orders its own writes, and only the store's lock orders them between.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.auth import create_key
from graphsvc.settings import Settings
from tests.graphtools import fingerprint, query

ADD = "mutation($c: ClaimInput!) { addClaim(claim: $c) { recordId status } }"
CITE = {"publisher": "Test Gazette", "published": "2024-05-01", "quote": "as reported"}
NAMES = {
    "sfera-a": "Sfera Video Analytics",
    "sfera-b": "Sfera Videoanalytics Systems",
    "sfera-c": "Sfera Video Analytic",
    "sfera-d": "Sfera Videoanalytics",
}


@pytest.fixture()
def apis(clean_graph: neo4j.Driver, settings: Settings) -> Iterator[tuple[list[TestClient], str]]:
    key = create_key(clean_graph, settings, "concurrent-writer", "writer")[1]
    with TestClient(create_app(settings)) as one, TestClient(create_app(settings)) as two:
        yield [one, two], key


def _add(api: TestClient, key: str, local: str) -> dict[str, Any]:
    claim = {"id": local, "schema": "Company", "citation": CITE,
             "properties": {"name": [NAMES[local]], "country": ["ru"]}}  # fmt: skip
    resp = api.post("/graphql", json={"query": ADD, "variables": {"c": claim}},
                    headers={"X-API-Key": key})  # fmt: skip
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    assert "errors" not in body, body
    return body


def _forget_writes(driver: neo4j.Driver) -> None:
    """An empty graph again, keeping the API key (its node is in the fingerprint)."""
    query(driver, "MATCH (n) WHERE NOT n:ApiKey DETACH DELETE n")


def test_concurrent_claims_end_as_one_after_the_other(
    apis: tuple[list[TestClient], str], clean_graph: neo4j.Driver
) -> None:
    clients, key = apis
    for local in NAMES:
        _add(clients[0], key, local)
    one_by_one = fingerprint(clean_graph, entity_ids=False)
    pairs = query(clean_graph, "MATCH (c:Candidate) RETURN count(c) AS n")[0]["n"]
    entities = query(clean_graph, "MATCH (e:Entity) RETURN count(e) AS n")[0]["n"]
    assert pairs + entities > len(NAMES), "the claims resolve against each other"

    for _round in range(3):
        _forget_writes(clean_graph)
        start = threading.Barrier(len(NAMES))

        def add(i: int, local: str, start: threading.Barrier = start) -> dict[str, Any]:
            start.wait()
            return _add(clients[i % len(clients)], key, local)

        with ThreadPoolExecutor(len(NAMES)) as pool:
            answers = list(pool.map(add, range(len(NAMES)), NAMES))
        assert {a["data"]["addClaim"]["status"] for a in answers} == {"created"}
        # in whatever order they came: the first id given to an entity stays
        assert fingerprint(clean_graph, entity_ids=False) == one_by_one
