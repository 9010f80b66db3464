"""POST /graphql: the direct JSON path and the requests it leaves to strawberry's
view answer as the GraphQL-over-HTTP conventions say, against a real Neo4j."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.settings import Settings

TWO_OPERATIONS = (
    "query Labels { stats { labels { name } } } query Types { stats { relationships { name } } }"
)


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def test_operation_name_picks_the_operation(client: TestClient) -> None:
    resp = client.post("/graphql", json={"query": TWO_OPERATIONS, "operationName": "Types"})
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == "application/json"
    assert int(resp.headers["content-length"]) == len(resp.content)
    stats = resp.json()["data"]["stats"]
    assert "relationships" in stats and "labels" not in stats


def test_several_operations_need_an_operation_name(client: TestClient) -> None:
    for resp in (
        client.post("/graphql", json={"query": TWO_OPERATIONS}),
        client.get("/graphql", params={"query": TWO_OPERATIONS}),  # strawberry's view
    ):
        assert resp.status_code == 200, resp.text
        body = resp.json()
        assert body["data"] is None
        assert body["errors"][0]["message"] == (
            "the document defines 2 operations (Labels, Types): "
            "give `operationName` to say which to run"
        )


def test_variables_reach_the_resolver(client: TestClient) -> None:
    resp = client.post(
        "/graphql",
        json={
            "query": "query($id: ID!) { entity(id: $id) { "
            "__typename ... on EntityNotFound { id } } }",
            "variables": {"id": "no-such-id"},
        },
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["data"]["entity"] == {"__typename": "EntityNotFound", "id": "no-such-id"}


def test_validation_errors_are_reported_in_the_body(client: TestClient) -> None:
    resp = client.post("/graphql", json={"query": "{ noSuchField }"})
    assert resp.status_code == 200
    body = resp.json()
    assert body["data"] is None
    assert "noSuchField" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"{not json", 400, "Unable to parse request body as JSON"),
        (b'{"query": ""}', 400, "No GraphQL query found in the request"),
        (b'{"query": 5}', 400, "`query` must be a string"),
        (
            b'{"query": "{ stats { labels { name } } }", "variables": [1]}',
            400,
            "`variables` must be an object",
        ),
        (b'[{"query": "{ stats { labels { name } } }"}]', 400, "Batching is not enabled"),
        (
            b'{"query": "query A { stats { labels { name } } }", "operationName": "Nope"}',
            400,
            'Unknown operation named "Nope"',
        ),
    ],
)
def test_malformed_requests_say_what_is_wrong(
    client: TestClient, body: bytes, status: int, message: str
) -> None:
    resp = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert resp.status_code == status, resp.text
    assert message in resp.text


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None],
)
def test_other_content_types_are_refused(client: TestClient, content_type: str | None) -> None:
    # the content types a web page can make a browser send cross-site without asking
    headers = {"content-type": content_type} if content_type else {}
    resp = client.post("/graphql", content=b"{ stats { labels { name } } }", headers=headers)
    assert resp.status_code == 415, resp.text
    error = resp.json()["errors"][0]
    assert "unsupported content type" in error["message"] and "application/json" in error["message"]
    assert error["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


def test_requests_with_extensions_and_get_queries_still_answer(client: TestClient) -> None:
    query = "{ stats { labels { name } } }"
    posted = client.post("/graphql", json={"query": query, "extensions": {"note": 1}})
    fetched = client.get("/graphql", params={"query": query})
    assert posted.status_code == fetched.status_code == 200
    assert posted.json() == fetched.json()
    assert "labels" in posted.json()["data"]["stats"]


def test_mutations_are_refused_over_get(client: TestClient) -> None:
    resp = client.get(
        "/graphql",
        params={
            "query": 'mutation { judge(left: "a", right: "b", judgement: POSITIVE) { __typename } }'
        },
    )
    assert resp.status_code == 400
    assert "mutations are not allowed when using get" in resp.text.lower()
