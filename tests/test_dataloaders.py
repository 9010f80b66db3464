"""How many queries a request runs: entities named along paths and ownership
chains are looked up in one batch per level of the query, not one query per
entity (no N+1), and a relationship page counts only when asked to."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import neo4j
import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.settings import Settings
from tests.graphtools import record_reads


@pytest.fixture(scope="module")
def api(case_graph: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


def reads(api: TestClient, monkeypatch: pytest.MonkeyPatch, gql: str) -> Counter[str]:
    """The named queries one GraphQL request runs, with how often each ran."""
    with monkeypatch.context() as patch:
        calls = record_reads(patch)
        body = api.post("/graphql", json={"query": gql}).json()
    assert "errors" not in body, body
    return Counter(name for name, _params in calls)


def test_path_entities_in_one_lookup(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    gql = """{ paths(fromId: "moscow-case:nvidia", toId: "moscow-case:moscow-metro",
        maxHops: 6, first: 5) { entities { caption }
        hops { source { caption } target { caption } evidence { id } } } }"""
    seen = reads(api, monkeypatch, gql)
    # the two ends, then every entity on every path at once (hops reuse them)
    assert seen["entity/by_ids"] == 2, seen
    assert seen["records/by_ids"] == 1, seen


def test_chain_entities_in_one_lookup(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    gql = """{ owners(entityId: "moscow-case:visionlabs", history: true) {
        owners { entity { caption } chains { entities { caption } } } } }"""
    seen = reads(api, monkeypatch, gql)
    # the owned entity, then every owner and every entity on every chain at once
    assert seen["entity/by_ids"] == 2, seen


@pytest.mark.parametrize("count", [False, True])
def test_relationship_count_only_when_asked(
    api: TestClient, monkeypatch: pytest.MonkeyPatch, count: bool
) -> None:
    gql = """{ entity(id: "moscow-case:moscow-metro") { ... on Entity {
        relationships(first: 2) { %s edges { cursor } pageInfo { hasNextPage } } } } }"""
    seen = reads(api, monkeypatch, gql % ("totalCount" if count else ""))
    # edges and pageInfo share one page query
    assert seen["entity/relationships"] == 1, seen
    assert seen["entity/relationship_counts_all"] == int(count), seen
