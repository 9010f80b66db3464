"""The /match request body: its models in the OpenAPI document, and each
refusal as one sentence naming the field. No Neo4j needed."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.api.match_body import PayloadTooLarge, parse_request
from graphsvc.errors import BadRequest, LimitExceeded
from graphsvc.services import matching
from graphsvc.settings import Settings


def test_openapi_shows_the_request_body_from_the_models() -> None:
    doc = TestClient(create_app(Settings())).get("/openapi.json").json()
    operation = doc["paths"]["/match/{dataset}"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert operation["requestBody"]["required"] is True
    assert body["title"] == "EntityMatchQuery" and body["required"] == ["queries"]
    assert "$ref" not in str(body)  # every part written in place
    example = body["properties"]["queries"]["additionalProperties"]
    assert example["title"] == "EntityExample"
    assert set(example["required"]) == {"schema", "properties"}
    props = example["properties"]["properties"]
    assert props["maxProperties"] == matching.MAX_PROPERTIES
    assert props["additionalProperties"] is False
    (values,) = props["patternProperties"].values()
    assert {"array", "string"} == {v["type"] for v in values["anyOf"]}
    assert body["properties"]["weights"]["additionalProperties"] == {"type": "number"}
    error = doc["components"]["schemas"]["ErrorBody"]
    assert set(error["required"]) == {"error", "message"}
    assert {"400", "413", "415"} <= set(operation["responses"])


def one(props: Any, schema: Any = "Company", key: str = "q") -> dict[str, Any]:
    return {"queries": {key: {"schema": schema, "properties": props}}}


@pytest.mark.parametrize(
    ("body", "error", "message"),
    [
        ([1, 2], BadRequest, "the body must be a JSON object with 'queries': {key: query}"),
        ({"queries": []}, BadRequest, "the body must be a JSON object with 'queries'"),
        ({"queries": {}}, BadRequest, "'queries' is empty; send at least one query"),
        ({"queries": {"q": "x"}}, BadRequest, "query 'q' must be an object with 'schema'"),
        ({"queries": {"k" * 300: {}}}, LimitExceeded, "a query key is 300 characters long"),
        ({"queries": {"q": {"properties": {}}}}, BadRequest, "query 'q': 'schema' is missing"),
        (one({}, schema=3), BadRequest, "query 'q': 'schema' must be a string; use one of"),
        (one({"name": ["x"]}, schema="Spaceship"), BadRequest, "schema 'Spaceship' cannot be"),
        (one(["name"]), BadRequest, "query 'q': 'properties' must be an object of lists"),
        (one({"name": [1]}), BadRequest, "query 'q': property 'name' must be a list of strings"),
        (one({"name": None}), BadRequest, "query 'q': property 'name' must be a list of strings"),
        (one({"na me": ["x"]}), BadRequest, "query 'q': 'na me' is not a property name"),
        (one({"name": ["N" * 5000]}), LimitExceeded, "a value of 'name' is 5000 characters"),
        (one({"name": ["x"] * 51}), LimitExceeded, "property 'name' has 51 values; at most 50"),
        (one({f"p{i}": "x" for i in range(51)}), LimitExceeded, "51 properties; at most 50"),
        ({**one({"name": "x"}), "weights": {"w": "x"}}, BadRequest, "weight 'w' must be a number"),
    ],
)
def test_each_refusal_names_the_field(body: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as raised:
        parse_request(body, 100)
    assert message in str(raised.value)


def test_a_long_name_is_cut_in_the_message() -> None:
    with pytest.raises(BadRequest) as raised:
        parse_request(one({"x" * 5000: "y"}), 100)
    assert len(str(raised.value)) < 300


def test_the_count_is_checked_before_the_queries() -> None:
    queries = {f"q{i}": "not a query" for i in range(101)}
    with pytest.raises(PayloadTooLarge, match="101 queries in one request; at most 100"):
        parse_request({"queries": queries}, 100)


def test_a_single_string_is_a_one_item_list() -> None:
    (query,) = parse_request(one({"name": "NtechLab", "country": ["ru"]}), 100)
    assert query.properties == {"name": ["NtechLab"], "country": ["ru"]}
