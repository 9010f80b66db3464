"""Why records are one entity, through GraphQL on a real Neo4j: a namesake
chain loaded from an FtM file is refused with its reason, the review queue
holds the refused link, and a person's judgement can still join the two, with
the conflict it overrode said on the link."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.auth import create_key
from graphsvc.settings import Settings
from loaders.ingest import load_paths, make_loader

# Two people of one name, born 33 years apart, and two records with the name
# alone (one in Cyrillic) that could chain them; a third record of the first
# person (same birth date) merges with it on the name score.
ENTITIES = [
    {"id": "p1952", "schema": "Person",
     "properties": {"name": ["Ivan Sergeevich Petrov"], "birthDate": ["1952-03-01"],
                    "nationality": ["ru"], "gender": ["male"]}},
    {"id": "p1952b", "schema": "Person",
     "properties": {"name": ["Petrov Ivan Sergeevich"], "birthDate": ["1952"]}},
    {"id": "p1985", "schema": "Person",
     "properties": {"name": ["Ivan Sergeevich Petrov"], "birthDate": ["1985-07-10"],
                    "nationality": ["ru"]}},
    {"id": "alone", "schema": "Person", "properties": {"name": ["Ivan Sergeevich Petrov"]}},
    {"id": "alone-ru", "schema": "Person", "properties": {"name": ["Петров Иван Сергеевич"]}},
]  # fmt: skip
DATASET = "namesakes"

MERGE = """query($id: ID!) { entity(id: $id) { ... on Entity { id recordCount resolution
  merge { links { leftRecord rightRecord kind score features explanation overrides }
          refused { leftRecord rightRecord score conflict explanation } } } } }"""
QUEUE = """{ reviewQueue(first: 50) { edges { node { leftRecord rightRecord conflict } } } }"""
JUDGE = """mutation($l: ID!, $r: ID!) { judge(left: $l, right: $r, verdict: POSITIVE) {
  left { id } right { id } } }"""


@pytest.fixture(scope="module")
def api(
    driver: neo4j.Driver, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    from tests.conftest import wipe

    wipe(driver, settings)
    path = Path(tmp_path_factory.mktemp("ftm")) / f"{DATASET}.ftm.json"
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in ENTITIES) + "\n")
    load_paths(driver, settings, [make_loader(path, "ftm", DATASET)], on_progress=lambda *_: None)
    with TestClient(create_app(settings)) as client:
        yield client


def gql(api: TestClient, q: str, key: str | None = None, **variables: Any) -> dict[str, Any]:
    headers = {"X-API-Key": key} if key else {}
    resp = api.post("/graphql", json={"query": q, "variables": variables}, headers=headers)
    body: dict[str, Any] = resp.json()
    assert "errors" not in body, body
    return body["data"]


def rid(source_id: str) -> str:
    return f"{DATASET}:{source_id}"


def entity(api: TestClient, source_id: str) -> dict[str, Any]:
    found: dict[str, Any] = gql(api, MERGE, id=rid(source_id))["entity"]
    return found


def test_namesakes_stay_apart_and_say_why(api: TestClient) -> None:
    old, young = entity(api, "p1952"), entity(api, "p1985")
    assert old["id"] != young["id"]
    refused = old["merge"]["refused"] + young["merge"]["refused"]
    assert refused, "the chain through the name-only records was refused"
    assert all("birth dates differ" in r["conflict"] for r in refused)
    assert all(r["explanation"][-1] == f"not merged: {r['conflict']}" for r in refused)


def test_links_that_joined_records_are_listed(api: TestClient) -> None:
    old = entity(api, "p1952")
    links = old["merge"]["links"]
    assert len(links) == old["recordCount"] - 1
    members = {x for link in links for x in (link["leftRecord"], link["rightRecord"])}
    assert {rid("p1952"), rid("p1952b")} <= members
    for link in links:
        assert link["kind"] == "score"
        assert link["score"] >= 0.9
        assert link["features"]["name"] > 0
        assert link["explanation"] and link["overrides"] is None
    assert old["resolution"] == "score"


def test_refused_links_wait_in_the_review_queue(api: TestClient) -> None:
    queue = [e["node"] for e in gql(api, QUEUE)["reviewQueue"]["edges"]]
    refused = {(n["leftRecord"], n["rightRecord"]) for n in queue if n["conflict"]}
    shown = {
        (r["leftRecord"], r["rightRecord"])
        for sid in ("p1952", "p1985")
        for r in entity(api, sid)["merge"]["refused"]
    }
    assert shown and shown <= refused


def test_a_judgement_wins_and_says_which_conflict_it_overrode(
    api: TestClient, driver: neo4j.Driver, settings: Settings
) -> None:
    key = create_key(driver, settings, "merge-test", "writer")[1]
    joined = gql(api, JUDGE, key, l=rid("p1952"), r=rid("p1985"))["judge"]
    assert joined["left"]["id"] == joined["right"]["id"]
    links = entity(api, "p1985")["merge"]["links"]
    judged = [x for x in links if x["kind"] == "judgement"]
    assert len(judged) == 1
    assert judged[0]["overrides"] is not None
    assert "birth dates differ" in judged[0]["overrides"]
