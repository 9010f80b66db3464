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
derandomized, unshrunk and bounded, so every run sends the same cases; the counts are
printed and written to ``<pytest tmp>/schemathesis-*/cases.json``.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import graphql
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.graphql import nodes
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
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a bounded run; failures name the case
)


def _json_values() -> st.SearchStrategy[graphql.ValueNode]:
    """The JSON scalar as the API uses it (FtM properties: names to lists of
    strings), and now and then another JSON value."""
    name = st.sampled_from(
        ["name", "alias", "country", "innCode", "owner", "asset"]
    ) | st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,20}\Z")
    strings = st.lists(st.text(max_size=60).map(nodes.String), max_size=3).map(nodes.List)
    field = st.builds(
        lambda key, value: graphql.ObjectFieldNode(name=graphql.NameNode(value=key), value=value),
        name,
        strings,
    )
    properties = st.lists(field, max_size=4, unique_by=lambda f: f.name.value).map(nodes.Object)
    others = st.text(max_size=30).map(nodes.String) | st.integers().map(nodes.Int)
    return properties | others


schemathesis.graphql.scalar("JSON", _json_values())


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


def run_operations(schema: Any, examples: int, check: Callable[[Any], None]) -> list[str]:
    """Each operation of ``schema``, valid and invalid cases, through ``check``;
    the first failure of each operation and mode. (schemathesis' pytest
    loader from a fixture does not run on pytest 9: it sets ``Item._nodeid``.)"""
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            label = f"{operation.label} {mode.value}"
            try:
                _hypothesis_test(operation, mode, label, examples, check)()
            except Exception as exc:  # noqa: BLE001  # every failure is reported below
                failures.append(f"{label}: {exc!s:.1500}")
    return failures


def _hypothesis_test(
    operation: Any, mode: GenerationMode, label: str, examples: int, check: Callable[[Any], None]
) -> Callable[[], None]:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(DETERMINISTIC, max_examples=examples)
    def one(case: Any) -> None:
        CASES[label] += 1
        check(case)

    return one  # type: ignore[no-any-return]


def test_match_from_openapi(openapi_schema: Any, time_limit: float) -> None:
    def check(case: Any) -> None:
        started = time.monotonic()
        response = case.call(timeout=time_limit * 2)
        assert time.monotonic() - started <= time_limit, "slower than the query timeout"
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    failures = run_operations(openapi_schema, MATCH_EXAMPLES, check)
    assert not failures, "\n\n".join(failures)


def test_graphql_from_introspection(graphql_schema: Any, time_limit: float) -> None:
    def check(case: Any) -> None:
        started = time.monotonic()
        response = case.call(timeout=time_limit * 2)
        assert time.monotonic() - started <= time_limit, "slower than the query timeout"
        assert response.status_code < 500, (case.body, response.text)
        case.validate_response(response, checks=[response_schema_conformance])
        if response.status_code == 200:
            messages = [str(e.get("message")) for e in response.json().get("errors") or []]
            assert "internal error" not in messages, (case.body, response.text)
            assert not any("Neo." in m or "Cypher" in m for m in messages), response.text

    failures = run_operations(graphql_schema, GRAPHQL_EXAMPLES, check)
    assert not failures, "\n\n".join(failures)


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
