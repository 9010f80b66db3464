"""The ``POST /match`` request body: yente's ``EntityMatchQuery`` as pydantic models.

The models give the OpenAPI document its request body and check its shape
(types, property names, counts and lengths as sent). Each refusal is turned
into one sentence that names the query, the property or the value and says
what is wrong; the limits that hold once names are normalised, and the
schema and name checks, stay with ``graphsvc.services.matching``, which GraphQL's
``match`` shares.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Annotated, Any

import orjson
from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    StrictStr,
    StringConstraints,
    ValidationError,
)
from pydantic_core import ErrorDetails

from graphsvc.errors import BadRequest, GraphsvcError, LimitExceeded
from graphsvc.model import MATCHABLE_SCHEMATA
from graphsvc.services import matching

MAX_KEY_CHARS = 200
_SHOWN_CHARS = 100  # a name quoted back in an error message is cut to this
_SCHEMATA = ", ".join(sorted(MATCHABLE_SCHEMATA))
_BODY_SHAPE = "the body must be a JSON object with 'queries': {key: query}"


class PayloadTooLarge(LimitExceeded):
    status_code = 413
    code = "payload_too_large"


class UnsupportedMediaType(BadRequest):
    status_code = 415
    code = "unsupported_media_type"


def _one_is_a_list(value: Any) -> Any:
    """yente takes a single string for a property's values; so does graphsvc."""
    return [value] if isinstance(value, str) else value


QueryKey = Annotated[str, StringConstraints(max_length=MAX_KEY_CHARS)]
PropertyName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,63}$")]
Value = Annotated[StrictStr, StringConstraints(max_length=matching.MAX_VALUE_CHARS)]
Values = Annotated[
    list[Value],
    Field(max_length=matching.MAX_VALUES),
    BeforeValidator(_one_is_a_list, json_schema_input_type=list[Value] | Value),
]


class EntityExample(BaseModel):
    """One entity to look for, as FollowTheMoney describes it."""

    schema_: StrictStr = Field(
        alias="schema",
        description=f"The FtM schema of the entity; one of {_SCHEMATA}",
        examples=["Company"],
    )
    properties: dict[PropertyName, Values] = Field(
        max_length=matching.MAX_PROPERTIES,
        description="FtM property names to their values (a single string is a one-item list)",
        examples=[{"name": ["NtechLab"], "country": ["ru"]}],
        json_schema_extra={"additionalProperties": False},  # names outside the pattern: 400
    )


class EntityMatchQuery(BaseModel):
    """Named queries, each answered under its key."""

    queries: dict[QueryKey, EntityExample] = Field(
        min_length=1,
        description="Queries by key (GRAPHSVC_MAX_MATCH_QUERIES at most)",
        examples=[{"q1": {"schema": "Company", "properties": {"name": ["NtechLab"]}}}],
    )
    weights: dict[str, float] = Field(
        default_factory=dict, description="Accepted for yente clients; ignored"
    )


class ErrorBody(BaseModel):
    """What every refusal answers."""

    error: str = Field(examples=["limit_exceeded"])
    message: str = Field(examples=["query 'q1': property 'name' must be a list of strings"])


def request_body_schema() -> dict[str, Any]:
    """The JSON Schema of ``EntityMatchQuery`` with its parts written in place:
    the OpenAPI operation holds it alone, where ``#/$defs`` would not resolve."""
    schema = EntityMatchQuery.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return inline(copy.deepcopy(defs[ref.removeprefix("#/$defs/")]))
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    inlined: dict[str, Any] = inline(schema)
    return inlined


# --- reading -----------------------------------------------------------------------
def parse_body(body: bytes, max_queries: int) -> list[matching.MatchQuery]:
    return parse_request(parse_json(body), max_queries)


def parse_json(body: bytes) -> Any:
    if not body.strip():
        raise BadRequest("the request body is empty; send a JSON object with 'queries'")
    if b"\\ud" in body or b"\\uD" in body:
        _refuse_lone_surrogates(body)
    try:
        return json.loads(body)
    except UnicodeDecodeError as exc:
        raise BadRequest("the request body is not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise BadRequest(
            f"the request body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc
    except RecursionError as exc:
        raise BadRequest("the request body is nested too deeply") from exc


def _refuse_lone_surrogates(body: bytes) -> None:
    """json accepts an escaped half of a surrogate pair (\\ud800) as a string, which
    is not text: it cannot be encoded to send to Neo4j or back to the client.
    orjson refuses it, and takes the pairs that are text."""
    try:
        orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        if "surrogate" in str(exc):
            raise BadRequest(
                "the request body has an unpaired UTF-16 surrogate escape (such as \\ud800): "
                "strings must be Unicode text"
            ) from exc


def parse_request(body: Any, max_queries: int) -> list[matching.MatchQuery]:
    """Every query validated, or the first problem raised; the count is checked first."""
    queries = body.get("queries") if isinstance(body, Mapping) else None
    if isinstance(queries, Mapping) and len(queries) > max_queries:
        raise PayloadTooLarge(
            f"{len(queries)} queries in one request; at most {max_queries} are accepted "
            "(GRAPHSVC_MAX_MATCH_QUERIES)"
        )
    try:
        request = EntityMatchQuery.model_validate(body)
    except ValidationError as exc:
        raise refusal(exc.errors(include_url=False, include_context=True)[0]) from None
    out = [
        matching.parse_query(key, query.schema_, query.properties)
        for key, query in request.queries.items()
    ]
    matching.check_request(out)
    return out


# --- refusals ----------------------------------------------------------------------
def _shown(name: object) -> str:
    text = str(name)
    return repr(text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "...")


def refusal(error: ErrorDetails) -> GraphsvcError:
    """One pydantic error as one sentence naming the field and what is wrong."""
    loc, kind, given = error["loc"], error["type"], error.get("input")
    if len(loc) < 2:
        if loc == ("queries",) and kind == "too_short":
            return BadRequest("'queries' is empty; send at least one query")
        if loc and loc[0] == "weights":
            return BadRequest("'weights' must be an object of numbers (it is ignored)")
        return BadRequest(_BODY_SHAPE)
    if loc[0] == "weights":
        return BadRequest(f"weight {_shown(loc[1])} must be a number (weights are ignored)")
    query = f"query {_shown(loc[1])}"
    if len(loc) == 2:
        return BadRequest(f"{query} must be an object with 'schema' and 'properties'")
    if loc[2] == "[key]":
        return LimitExceeded(
            f"a query key is {len(str(loc[1]))} characters long; at most {MAX_KEY_CHARS} "
            "are accepted"
        )
    if loc[2] == "schema":
        sent = "is missing" if kind == "missing" else "must be a string"
        return BadRequest(f"{query}: 'schema' {sent}; use one of {_SCHEMATA}")
    return _property_refusal(query, loc[3:], kind, given)


def _property_refusal(
    query: str, loc: tuple[int | str, ...], kind: str, given: object
) -> GraphsvcError:
    """A refusal inside ``properties``; ``loc`` is the path below it."""
    if not loc:
        if kind == "too_long" and isinstance(given, Mapping):
            return LimitExceeded(
                f"{query}: {len(given)} properties; at most {matching.MAX_PROPERTIES} are accepted"
            )
        return BadRequest(f"{query}: 'properties' must be an object of lists of strings")
    prop = _shown(loc[0])
    if len(loc) > 1 and loc[1] == "[key]":
        return BadRequest(
            f"{query}: {prop} is not a property name (a letter, then up to 63 letters, "
            "digits or '_')"
        )
    if kind == "too_long" and isinstance(given, list):
        return LimitExceeded(
            f"{query}: property {prop} has {len(given)} values; at most "
            f"{matching.MAX_VALUES} are accepted"
        )
    if kind == "string_too_long" and isinstance(given, str):
        return LimitExceeded(
            f"{query}: a value of {prop} is {len(given)} characters long; at most "
            f"{matching.MAX_VALUE_CHARS} are accepted"
        )
    return BadRequest(f"{query}: property {prop} must be a list of strings")
