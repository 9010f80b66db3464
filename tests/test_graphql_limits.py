"""Query limits say which limit was hit; expected failures are part of the
schema; unexpected ones are masked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.settings import Settings


@pytest.fixture(scope="module")
def api(case_graph: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    strict = settings.model_copy(update={"max_query_depth": 6, "max_aliases": 3, "max_tokens": 400})
    with TestClient(create_app(strict)) as client:
        yield client


def post(api: TestClient, query: str) -> dict[str, Any]:
    resp = api.post("/graphql", json={"query": query})
    body: dict[str, Any] = resp.json()
    return body


def message(body: dict[str, Any]) -> str:
    assert "errors" in body, body
    return str(body["errors"][0]["message"])


def test_depth_limit_names_itself(api: TestClient) -> None:
    deep = """{ entity(id: "moscow-case:synesis") { ... on Entity { relationships { edges { node {
        other { relationships { edges { node { other { caption } } } } } } } } } } }"""
    assert "exceeds maximum operation depth of 6" in message(post(api, deep))


def test_alias_limit_names_itself(api: TestClient) -> None:
    many = "{ " + " ".join(f"a{i}: stats {{ labels {{ name }} }}" for i in range(5)) + " }"
    assert "aliases found" in message(post(api, many)) or "alias" in message(post(api, many))


def test_token_limit_names_itself(api: TestClient) -> None:
    huge = "{ " + " ".join("stats { labels { name count } }" for _ in range(80)) + " }"
    assert "token" in message(post(api, huge)).lower()


def test_page_size_limit_names_the_setting(api: TestClient) -> None:
    body = post(api, '{ search(query: "Synesis", first: 500) { totalCount } }')
    assert "GRAPHSVC_MAX_PAGE_SIZE" in message(body) and "100" in message(body)


def test_unknown_relationship_type_is_named(api: TestClient) -> None:
    body = post(
        api,
        """{ entity(id: "moscow-case:synesis") { ... on Entity {
        relationships(types: ["FRIENDSHIP"]) { totalCount } } } }""",
    )
    assert "unknown relationship type(s) FRIENDSHIP" in message(body)


def test_not_found_is_part_of_the_schema(api: TestClient) -> None:
    body = post(
        api, '{ entity(id: "no-such:thing") { __typename ... on EntityNotFound { message } } }'
    )
    assert body["data"]["entity"]["__typename"] == "EntityNotFound"
    assert "no-such:thing" in body["data"]["entity"]["message"]


def test_a_merged_record_leads_to_its_entity(api: TestClient) -> None:
    body = post(
        api,
        """{ entity(id: "us_ofac_sdn:16685") { ... on Entity { id requestedId caption
        recordCount } } }""",
    )
    entity = body["data"]["entity"]
    assert entity["requestedId"] == "us_ofac_sdn:16685" != entity["id"]
    assert entity["recordCount"] >= 3 and "CHEMEZOV" in entity["caption"].upper()


def test_bad_cursor_is_a_clear_error(api: TestClient) -> None:
    body = post(api, '{ search(query: "Synesis", after: "not-a-cursor") { totalCount } }')
    assert "cursor" in message(body)


def test_paths_hop_limit(api: TestClient) -> None:
    body = post(
        api,
        """{ paths(fromId: "moscow-case:nvidia", toId: "moscow-case:moscow-metro",
        maxHops: 9) { length } }""",
    )
    assert "maxHops" in message(body) and "6" in message(body)


def test_paths_name_the_end_that_does_not_exist(api: TestClient) -> None:
    def ask(a: str, b: str) -> dict[str, Any]:
        return post(api, f'{{ paths(fromId: "{a}", toId: "{b}", maxHops: 4) {{ length }} }}')

    assert message(ask("moscow-case:nvidia", "no-such-end")).endswith("'no-such-end'")
    assert message(ask("no-such-start", "moscow-case:moscow-metro")).endswith("'no-such-start'")
    both = ask("no-such-start", "no-such-end")
    assert len(both["errors"]) == 1 and both["data"] is None
    assert ask("moscow-case:nvidia", "moscow-case:moscow-metro")["data"]["paths"]


def test_unexpected_failure_is_masked_and_logged(
    api: TestClient, case_graph: neo4j.Driver, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # A real unexpected failure: the full-text index the search reads is gone.
    from graphsvc.db import apply_schema, run_write

    run_write(case_graph, settings, "DROP INDEX entity_names")
    try:
        with caplog.at_level("ERROR", logger="graphsvc.graphql"):
            body = post(api, '{ search(query: "NtechLab") { totalCount } }')
    finally:
        apply_schema(case_graph, settings)
    assert message(body) == "internal error"
    assert "entity_names" not in str(body)  # nothing of Neo4j's reply reaches the caller
    assert any("unexpected error" in r.getMessage() for r in caplog.records)
    assert "entity_names" in caplog.text  # the log keeps it
    # the index is back: the same search answers again
    assert (
        post(api, '{ search(query: "NtechLab") { totalCount } }')["data"]["search"]["totalCount"]
        > 0
    )
