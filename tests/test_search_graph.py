"""Name search on the bundled Moscow case, through GraphQL: names in other
scripts and spellings find their entity; a name with several words finds the
entities that have every one of them, and only when none has them (after the
filters) the entities with any of them."""

from __future__ import annotations

import re
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.settings import Settings


@pytest.fixture(scope="module")
def api(case_graph: neo4j.Driver, settings: Settings) -> Any:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def folded_names(case_graph: neo4j.Driver) -> dict[str, tuple[str, list[str]]]:
    """Entity id -> (schema, names as the index folds them)."""
    rows, _, _ = case_graph.execute_query(
        "MATCH (e:Entity) WHERE e.folded_names IS NOT NULL "
        "RETURN e.id AS id, e.schema AS schema, e.folded_names AS names"
    )
    return {r["id"]: (r["schema"], r["names"]) for r in rows}


def search(api: TestClient, args: str) -> list[dict[str, Any]]:
    fields = "totalCount edges { score entityId caption }"
    resp = api.post("/graphql", json={"query": f"{{ search({args}, first: 100) {{ {fields} }} }}"})
    body = resp.json()
    assert "errors" not in body, body
    hits: list[dict[str, Any]] = body["data"]["search"]["edges"]
    assert body["data"]["search"]["totalCount"] == len(hits)
    return hits


def with_word(
    names: dict[str, tuple[str, list[str]]], word: str, schema: str | None = None
) -> set[str]:
    return {
        eid
        for eid, (s, folded) in names.items()
        if (schema is None or s == schema)
        and any(word in re.findall(r"[a-z0-9]+", n) for n in folded)
    }


@pytest.mark.parametrize(
    ("query", "caption"),
    [
        ("Нтехлаб", "NtechLab"),
        ("Н-Тех.Лаб", "NtechLab"),
        ("Синезис", "Synesis LLC"),
        ("Tekhnologii Videoanaliza", "Tevian"),  # one letter off the index's transliteration
        ("Московский метрополитен", "Moscow Metro"),
        # German spelling, two edits and more from every stored name: the
        # sound keys meet ("avtasankav")
        ("Jewtuschenkow", "Vladimir Petrovich YEVTUSHENKOV"),
    ],
)
def test_other_scripts_and_spellings_find_the_entity(
    api: TestClient, query: str, caption: str
) -> None:
    assert search(api, f'query: "{query}"')[0]["caption"] == caption


def test_every_word_before_any_word(
    api: TestClient, folded_names: dict[str, tuple[str, list[str]]]
) -> None:
    # Seven entities have "moscow" in a name; one has "metro" too.
    assert len(with_word(folded_names, "moscow")) >= 5
    hits = search(api, 'query: "Moscow Metro"')
    assert [h["caption"] for h in hits] == ["Moscow Metro"]


def test_any_word_when_no_entity_has_every_word(
    api: TestClient, folded_names: dict[str, tuple[str, list[str]]]
) -> None:
    hits = search(api, 'query: "Moscow Qwxzvy"')
    assert {h["entityId"] for h in hits} >= with_word(folded_names, "moscow")


def test_any_word_when_the_filters_leave_none_with_every_word(
    api: TestClient, folded_names: dict[str, tuple[str, list[str]]]
) -> None:
    # The one entity with both words is a Company: of the public bodies, those
    # with either word come back.
    hits = search(api, 'query: "Moscow Metro", schema: "PublicBody"')
    expected = with_word(folded_names, "moscow", "PublicBody") | with_word(
        folded_names, "metro", "PublicBody"
    )
    assert expected and {h["entityId"] for h in hits} == expected


def _unwound(plan: Any) -> int | None:
    """Rows of the plan's Unwind: how many of the index queries were asked."""
    if plan["operatorType"].startswith("Unwind"):
        rows: int = plan["rows"]
        return rows
    return next((r for c in plan.get("children", []) if (r := _unwound(c)) is not None), None)


@pytest.mark.parametrize(("query", "asked"), [("Moscow Metro", 1), ("Moscow Qwxzvy", 3)])
def test_a_query_is_asked_only_when_the_one_before_found_nothing(
    case_graph: neo4j.Driver, query: str, asked: int
) -> None:
    import queries
    from graphsvc.search import lucene_queries

    lucene = lucene_queries(query)
    assert lucene is not None
    params = {**lucene._asdict(), "schema": None, "country": None, "topic": None}
    params.update(day="2026-01-01", limit=100)
    with case_graph.session() as session:
        result = session.run("PROFILE " + queries.cypher("search/fulltext"), params)
        result.data()
        assert _unwound(result.consume().profile) == asked
