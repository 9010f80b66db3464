"""POST /graphql: the direct JSON path and the requests it leaves to strawberry's
view answer as the GraphQL-over-HTTP conventions say, against a real Neo4j."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
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


GRAPHQL_RESPONSE = "application/graphql-response+json"
NEW = {"accept": GRAPHQL_RESPONSE}
JUDGE = 'mutation { judge(left: "a", right: "b", verdict: POSITIVE) { id } }'


def test_request_errors_are_400_for_the_new_media_type(client: TestClient) -> None:
    for query, code in [
        ("{ noSuchField }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ stats { ", "GRAPHQL_PARSE_FAILED"),
        (TWO_OPERATIONS, "BAD_REQUEST"),
        ("{ " + " ".join(f"a{i}: stats {{ labels {{ name }} }}" for i in range(31)) + " }",
         "LIMIT_EXCEEDED"),
    ]:  # fmt: skip
        resp = client.post("/graphql", json={"query": query}, headers=NEW)
        assert resp.status_code == 400, resp.text
        assert resp.headers["content-type"] == GRAPHQL_RESPONSE
        body = resp.json()
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == code, body
        # a legacy client gets the same body with 200
        legacy = client.post("/graphql", json={"query": query})
        assert legacy.status_code == 200 and legacy.json() == body
        assert legacy.headers["content-type"] == "application/json"


def test_auth_failures_are_401_and_403(
    client: TestClient, driver: neo4j.Driver, settings: Settings
) -> None:
    from graphsvc.auth import create_key

    anonymous = client.post("/graphql", json={"query": JUDGE}, headers=NEW)
    assert anonymous.status_code == 401, anonymous.text
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHORIZED"
    bogus = client.post(
        "/graphql",
        json={"query": JUDGE},
        headers={**NEW, "x-api-key": "gsk_0123456789ab_" + "x" * 30},
    )
    assert bogus.status_code == 401
    assert "0123456789ab" not in bogus.text
    reader = create_key(driver, settings, "http-reader", "reader")
    denied = client.post("/graphql", json={"query": JUDGE}, headers={**NEW, "x-api-key": reader[1]})
    assert denied.status_code == 403, denied.text
    error = denied.json()["errors"][0]
    assert error["message"] == "this needs the writer role; use a key that has it"
    assert error["extensions"]["code"] == "FORBIDDEN" and reader[0].id not in denied.text
    # legacy clients: 200, the same body
    assert client.post("/graphql", json={"query": JUDGE}).status_code == 200


def test_the_new_media_type_is_accepted_as_a_request_body(client: TestClient) -> None:
    resp = client.post(
        "/graphql",
        content=b'{"query": "{ stats { labels { name } } }"}',
        headers={"content-type": GRAPHQL_RESPONSE, **NEW},
    )
    assert resp.status_code == 200, resp.text
    assert "labels" in resp.json()["data"]["stats"]


def test_costly_queries_are_refused_over_get(client: TestClient) -> None:
    costly = '{ search(query: "a", first: 100) { edges { node { records { id } } } } }'
    resp = client.get("/graphql", params={"query": costly}, headers=NEW)
    assert resp.status_code == 405, resp.text
    assert resp.headers["allow"] == "POST"
    error = resp.json()["errors"][0]
    assert "GRAPHSVC_MAX_GET_QUERY_COST" in error["message"]
    assert error["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert client.get("/graphql", params={"query": costly}).status_code == 405  # legacy too
    assert client.post("/graphql", json={"query": costly}).status_code == 200
    cheap = client.get("/graphql", params={"query": "{ stats { labels { name } } }"}, headers=NEW)
    assert cheap.status_code == 200 and cheap.headers["content-type"] == GRAPHQL_RESPONSE


def test_graphiql_still_answers_a_browser(client: TestClient) -> None:
    resp = client.get("/graphql", headers={"accept": "text/html"})
    assert resp.status_code == 200 and "graphiql" in resp.text.lower()


def test_a_query_timeout_is_504(settings: Settings, case_graph: neo4j.Driver) -> None:
    hasty = settings.model_copy(update={"query_timeout": 0.001})
    query = """{ paths(fromId: "moscow-case:nvidia", toId: "moscow-case:moscow-metro", maxHops: 6,
        first: 50) { length } }"""
    # A cached plan answers in a few milliseconds, between two checks of the
    # server's transaction monitor (every 100 ms); planning anew takes longer.
    with case_graph.session() as session:
        session.run("CALL db.clearQueryCaches()").consume()
    with TestClient(create_app(hasty)) as c:
        resp = c.post("/graphql", json={"query": query}, headers=NEW)
    body = resp.json()
    assert resp.status_code == 504, body
    assert body["errors"][0]["extensions"]["code"] == "TIMEOUT"
    assert "GRAPHSVC_QUERY_TIMEOUT" in body["errors"][0]["message"]
