"""/match input limits that hold after Unicode normalisation, JSON only, and a
Neo4j timeout answered as the server's limit (504), on the bundled Moscow case."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from graphsvc.api import errors
from graphsvc.api.app import create_app
from graphsvc.db import open_async_driver
from graphsvc.errors import QueryTimeout
from graphsvc.graph.neo4j_store import Neo4jStore
from graphsvc.services import matching
from graphsvc.settings import Settings

EXPANDS = "\ufdfa"  # one character, 18 letters under NFKC
LJ = "\u01c8"  # one character, two letters under NFKC


@pytest.fixture(scope="module")
def client(case_graph: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def post(client: TestClient, queries: Any) -> Any:
    return client.post("/match/default", json={"queries": queries})


def refused(resp: Any, status: int, *words: str) -> str:
    assert resp.status_code == status, resp.text
    message: str = resp.json()["message"]
    for word in words:
        assert word in message, message
    return message


def test_a_value_that_grows_past_the_limit_is_refused_quickly(client: TestClient) -> None:
    for value in (EXPANDS * 1000, EXPANDS * 56, LJ * 501):
        started = time.monotonic()
        resp = post(client, {"q": {"schema": "Company", "properties": {"name": [value]}}})
        assert time.monotonic() - started < 1.0
        refused(resp, 400, "once normalised", "at most 1000", "'name'")
    # Any property, not only names.
    props = {"name": ["Synesis"], "country": [EXPANDS * 60]}
    resp = post(client, {"q": {"schema": "Company", "properties": props}})
    refused(resp, 400, "'country'", "once normalised")


def test_a_15kb_request_of_expanding_characters_is_refused_quickly(client: TestClient) -> None:
    values = [EXPANDS * 1000] * 5
    body = json.dumps({"queries": {"q": {"schema": "Company", "properties": {"name": values}}}},
                      ensure_ascii=False).encode()  # fmt: skip
    assert len(body) >= 15_000
    started = time.monotonic()
    resp = client.post("/match/default", content=body,
                       headers={"content-type": "application/json"})  # fmt: skip
    assert time.monotonic() - started < 1.0
    refused(resp, 400, "18000 characters long once normalised")


def test_a_15kb_request_within_the_limits_finishes_quickly(client: TestClient) -> None:
    # Values just under the limit once normalised, many words each: the most
    # search terms one request can carry per byte.
    word = (EXPANDS + " ") * 52  # 987 letters once normalised
    lig = (LJ * 3 + " ") * 140  # 980 letters once normalised
    names = [word.strip()] * 20 + [f"{lig.strip()} {i}" for i in range(30)]
    props = {"name": names, "alias": [word + str(i) for i in range(20)]}
    body = json.dumps({"queries": {"q": {"schema": "Company", "properties": props}}},
                      ensure_ascii=False).encode()  # fmt: skip
    assert len(body) >= 15_000
    started = time.monotonic()
    resp = client.post("/match/default", content=body,
                       headers={"content-type": "application/json"})  # fmt: skip
    elapsed = time.monotonic() - started
    assert resp.status_code == 200, resp.text
    assert elapsed < 3.0, f"{elapsed:.2f} s"


def test_long_words_are_searched_without_fuzzy_variants() -> None:
    text = matching.search_query(["a" * 800, "Tech Lab"])
    assert ("a" * 800) in text.split()
    assert f"{'a' * 800}~" not in text and "a" * 801 not in text
    assert "techlab~1" in text.split()  # short names keep theirs
    # A many-word name is not joined into one long search term.
    assert max(len(t) for t in matching.search_query(["ab " * 300]).split()) <= 40


def test_a_batch_searching_too_many_terms_is_refused(client: TestClient) -> None:
    # Each query within its own limits; together over the request's.
    names = [" ".join(f"w{q}x{i}" for i in range(8)) for q in range(8)]
    queries = {f"q{q}": {"schema": "Company", "properties": {"name": names}} for q in range(100)}
    started = time.monotonic()
    resp = post(client, queries)
    assert time.monotonic() - started < 5.0
    refused(resp, 400, "name terms in all", str(matching.MAX_REQUEST_CLAUSES))


def test_only_the_scored_names_are_searched() -> None:
    names = [f"Name{i:02d}" for i in range(20)]
    query = matching.parse_query("q", "Company", {"name": names})
    assert "name07" in query.search_text and "name08" not in query.search_text
    assert len(query.input.names) == 20  # all kept; the scorer compares the first ones


def test_at_most_max_terms_words_are_searched() -> None:
    words = " ".join(f"w{i:03d}" for i in range(200))
    terms = {t.rstrip("~12*") for t in matching.search_query([words]).split()}
    assert len(terms) <= matching.MAX_TERMS + 1  # plus the prefix stems


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
     "multipart/form-data; boundary=x", None],
)  # fmt: skip
def test_only_json_bodies_are_served(client: TestClient, content_type: str | None) -> None:
    body = json.dumps({"queries": {"q": {"schema": "Company", "properties": {"name": ["x"]}}}})
    headers = {"content-type": content_type} if content_type else {}
    resp = client.post("/match/default", content=body, headers=headers)
    refused(resp, 415, "application/json")
    assert resp.json()["error"] == "unsupported_media_type"


def test_json_media_types_are_served(client: TestClient) -> None:
    body = json.dumps(
        {"queries": {"q": {"schema": "Company", "properties": {"name": ["NtechLab"]}}}}
    )
    for content_type in ("application/json; charset=utf-8", "Application/JSON"):
        resp = client.post("/match/default", content=body, headers={"content-type": content_type})
        assert resp.status_code == 200, resp.text
    assert client.get("/match/default").status_code == 405


def test_a_neo4j_timeout_is_the_servers_limit(case_graph: neo4j.Driver, settings: Settings) -> None:
    """A Lucene query of thousands of long fuzzy terms runs past a short
    timeout in Neo4j: the repository raises QueryTimeout (504), not a 400."""
    short = settings.model_copy(update={"query_timeout": 0.2})
    fuzzy = " ".join(f"{chr(97 + i % 26) * 300}{i}~2" for i in range(1000))

    async def go() -> BaseException | None:
        driver = open_async_driver(short)
        try:
            await Neo4jStore(driver, short).read(
                "match/candidates_by_name",
                searches=[{"key": f"q{i}", "text": fuzzy} for i in range(20)],
                limit=20,
                schemata=["Company"],
                dataset=None,
            )
        except QueryTimeout as exc:
            return exc
        finally:
            await driver.close()
        return None

    started = time.monotonic()
    exc = asyncio.run(go())
    assert exc is not None, f"the query finished in {time.monotonic() - started:.1f} s"
    assert exc.status_code == 504
    assert "GRAPHSVC_QUERY_TIMEOUT" in str(exc) and "0.2s" in str(exc)

    # The REST error table answers it as 504 with its message, not as an internal error.
    app = FastAPI()
    errors.install(app)

    @app.get("/slow")
    async def slow() -> None:
        raise exc

    resp = TestClient(app).get("/slow")
    assert resp.status_code == 504
    assert resp.json() == {"error": "timeout", "message": str(exc)}
