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


COSTLY = """{ search(query: "a", first: 100) { edges { node {
    relationships(first: 100) { edges { node { other { caption } } } } } } } }"""


@pytest.fixture(scope="module")
def plain(case_graph: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    """The default limits."""
    with TestClient(create_app(settings)) as client:
        yield client


def test_cost_limit_names_itself_and_the_cost(plain: TestClient) -> None:
    resp = plain.post("/graphql", json={"query": COSTLY})
    error = resp.json()["errors"][0]
    assert "GRAPHSVC_MAX_QUERY_COST" in error["message"] and "2000" in error["message"]
    assert "10302" in error["message"]  # the document's cost
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED"


def test_cost_is_in_the_extensions(api: TestClient) -> None:
    body = post(api, '{ search(query: "Synesis", first: 5) { edges { node { caption } } } }')
    assert body["extensions"]["cost"] == {"requested": 2 + 5, "limit": 2000}


def test_variables_size_the_cost(plain: TestClient) -> None:
    query = """query($n: Int) { search(query: "a", first: $n) { edges { node {
        relationships(first: $n) { edges { node { other { caption } } } } } } } }"""
    small = plain.post("/graphql", json={"query": query, "variables": {"n": 2}}).json()
    # search 2; per hit: node 1, relationships 1, its edges 1 (the page query), 2 others
    assert small["extensions"]["cost"]["requested"] == 2 + 2 * (1 + 1 + 1 + 2)
    big = plain.post("/graphql", json={"query": query, "variables": {"n": 100}}).json()
    assert "GRAPHSVC_MAX_QUERY_COST" in message(big)


def test_documented_queries_stay_under_the_cost_limit(settings: Settings) -> None:
    import re
    from pathlib import Path

    from graphql import OperationDefinitionNode, parse

    from graphsvc.graphql.analysis import CostModel
    from graphsvc.graphql.limits import DEFAULT_PAGE
    from graphsvc.graphql.schema import build_schema

    model = CostModel(build_schema(settings), DEFAULT_PAGE)
    root = Path(__file__).resolve().parent.parent
    costs = {}
    for doc in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
        for i, text in enumerate(re.findall(r"```graphql\n(.*?)```", doc.read_text("utf-8"), re.S)):
            document = parse(text)
            for op in document.definitions:
                if isinstance(op, OperationDefinitionNode):
                    costs[f"{doc.name}#{i}"] = model.measure(document, op, None).cost
    assert len(costs) > 10
    assert max(costs.values()) <= settings.max_query_cost / 1.5, costs


def test_fragment_chains_are_measured_once(api: TestClient) -> None:
    frags = ["fragment F0 on Entity { id }"]
    frags += [f"fragment F{i} on Entity {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 30)]
    query = '{ entity(id: "moscow-case:synesis") { ... on Entity { ...F29 } } } ' + " ".join(frags)
    body = post(api, query)
    assert body["data"]["entity"]["id"].startswith("gs-"), body


@pytest.mark.parametrize("after", ["not-a-cursor", "%%%", "é", "{kind}:99999999999999999999",
                                   "{kind}:abc", "{kind}:-1"])  # fmt: skip
def test_bad_cursors_are_bad_requests(api: TestClient, after: str) -> None:
    import base64

    for kind, query in (
        ("search", '{ search(query: "Synesis", after: "CURSOR") { totalCount } }'),
        ("review", '{ reviewQueue(after: "CURSOR") { edges { cursor } } }'),
    ):
        cursor = after
        if "{kind}" in after:
            cursor = base64.urlsafe_b64encode(after.format(kind=kind).encode()).decode()
        body = post(api, query.replace("CURSOR", cursor))
        assert message(body) == "invalid cursor; pass back an endCursor value unchanged", body
        assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize(
    "day", ["2023-13-45", "2023-02-30", "2023-00", "0000", "23-01-01", "2023-1"]
)
def test_impossible_dates_are_refused_naming_the_argument(api: TestClient, day: str) -> None:
    for query, name in (
        ('{ owners(entityId: "moscow-case:synesis", asOf: "%s") { asOf } }', "asOf"),
        ('{ owners(entityId: "moscow-case:synesis", asOf: "%s", history: true) { asOf } }', "asOf"),
        ('{ entity(id: "moscow-case:synesis") { ... on Entity { sanctions(asOf: "%s") { id } } } }',
         "asOf"),
        ('{ caseFile(id: "moscow-case:synesis", asOf: "%s") { asOf } }', "asOf"),
    ):  # fmt: skip
        assert f"`{name}` must be a date" in message(post(api, query % day)), query


def test_real_partial_dates_are_accepted(api: TestClient) -> None:
    for day in ("2023", "2023-07", "2024-02-29"):
        query = '{ owners(entityId: "moscow-case:synesis", asOf: "DAY") { asOf } }'
        body = post(api, query.replace("DAY", day))
        assert "errors" not in body, body


def test_unknown_authority_is_refused_naming_the_known(api: TestClient) -> None:
    body = post(api, '{ gaps(authority: "XX") { entityId } }')
    assert message(body) == "unknown authority 'XX'; known: EU, UK, US, UN"
    assert "errors" not in post(api, '{ gaps(authority: "uk", first: 1) { entityId } }')
    assert "errors" not in post(api, '{ gaps(authority: "OFAC", first: 1) { entityId } }')


@pytest.mark.parametrize("value", [2**31, -(2**31) - 1, 2**63, 1.5])
def test_an_int_out_of_range_is_a_bad_request_not_an_internal_error(
    api: TestClient, value: float
) -> None:
    body = api.post(
        "/graphql",
        json={
            "query": 'query($n: Int) { search(query: "NtechLab", first: $n) { edges { cursor } } }',
            "variables": {"n": value},
        },
    ).json()
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "Int cannot represent" in error["message"]
