"""Property-based requests from the API's own descriptions, by schemathesis.

Run: .venv/bin/pytest tests/attack/test_schemathesis.py -q -s

``POST /match/{dataset}`` is generated from the app's ``/openapi.json``
(valid and invalid bodies and parameters) and checked for "not a server
error" and conformance to the documented responses. ``/graphql`` is generated
from introspection, one test per root field and mutation, and checked for a
well-formed GraphQL response (schemathesis' response conformance), no 5xx and
no "internal error"; schemathesis' own GraphQL server-error check is not used,
since it takes every error with a ``path`` for a server failure, and this API
answers expected errors (an unknown id, a bad date) that way. Generation is
derandomized and bounded, so every run sends the same cases; the counts are
printed and written to ``<pytest tmp>/schemathesis-*/cases.json``.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.attack.conftest import AttackServer, GraphState, graph_state

MATCH_EXAMPLES = 150
GRAPHQL_EXAMPLES = 25  # per root field and mutation
CASES: Counter[str] = Counter()
DETERMINISTIC = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def state_before(attack_server: AttackServer) -> GraphState:
    return graph_state(attack_server.driver)


@pytest.fixture(scope="module")
def openapi_schema(attack_server: AttackServer, state_before: GraphState) -> Any:
    schema = schemathesis.openapi.from_url(f"{attack_server.base_url}/openapi.json", timeout=30)
    return schema.include(path="/match/{dataset}")


@pytest.fixture(scope="module")
def graphql_schema(attack_server: AttackServer, state_before: GraphState) -> Any:
    return schemathesis.graphql.from_url(f"{attack_server.base_url}/graphql", timeout=30)


@pytest.fixture(scope="module")
def time_limit(attack_server: AttackServer) -> float:
    return attack_server.time_limit


match_api = schemathesis.pytest.from_fixture("openapi_schema")
graphql_api = schemathesis.pytest.from_fixture("graphql_schema")


@match_api.parametrize()
@settings(DETERMINISTIC, max_examples=MATCH_EXAMPLES)
def test_match_from_openapi(case: Any, time_limit: float) -> None:
    CASES[f"{case.method} {case.path}"] += 1
    started = time.monotonic()
    response = case.call(timeout=time_limit * 2)
    assert time.monotonic() - started <= time_limit, "slower than the query timeout"
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])


@graphql_api.parametrize()
@settings(DETERMINISTIC, max_examples=GRAPHQL_EXAMPLES)
def test_graphql_from_introspection(case: Any, time_limit: float) -> None:
    CASES[f"graphql {case.operation.label}"] += 1
    started = time.monotonic()
    response = case.call(timeout=time_limit * 2)
    assert time.monotonic() - started <= time_limit, "slower than the query timeout"
    assert response.status_code < 500, response.text
    case.validate_response(response, checks=[response_schema_conformance])
    if response.status_code == 200:
        body = response.json()
        messages = [str(e.get("message")) for e in body.get("errors") or []]
        assert "internal error" not in messages, (case.body, response.text)
        assert not any("Neo." in m or "Cypher" in m for m in messages), response.text


def test_graph_unchanged_and_cases_counted(
    attack_server: AttackServer,
    state_before: GraphState,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Runs after the generated tests of this module (pytest keeps file order)."""
    report = tmp_path_factory.mktemp("schemathesis") / "cases.json"
    report.write_text(json.dumps(CASES, indent=1))
    print(f"\nschemathesis: {sum(CASES.values())} cases: {dict(CASES)}; {report}")
    assert CASES, "no generated case ran"
    assert graph_state(attack_server.driver) == state_before
    assert attack_server.new_log_alarms() == []
