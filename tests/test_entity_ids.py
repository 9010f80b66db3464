"""Entity ids stay put: a record with a smaller id joining keeps the entity's
id, a merge keeps the older id and the other leads to it, a split keeps the
id with the larger part; the lineage says what happened."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.auth import Actor
from graphsvc.resolve.cluster import canonical_id
from graphsvc.settings import Settings
from graphsvc.store import writer
from loaders.ingest import load_paths, make_loader

ENTITY = """query($id: ID!) { entity(id: $id) { ... on Entity { id requestedId recordCount
  redirect { fromId reason at } lineage { event otherId at } } } }"""


def _load(driver: neo4j.Driver, settings: Settings, path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    loader = make_loader(path, "ftm", "ids")
    load_paths(driver, settings, [loader], on_progress=lambda *_a: None)


def _company(local: str, name: str, **props: list[str]) -> dict[str, Any]:
    return {"id": local, "schema": "Company", "properties": {"name": [name], **props}}


def _entity(api: TestClient, some_id: str) -> dict[str, Any]:
    resp = api.post("/graphql", json={"query": ENTITY, "variables": {"id": some_id}})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["entity"]
    return found


@pytest.fixture()
def api(clean_graph: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


def _younger_local() -> str:
    """A record id whose natural entity id sorts before ids:alpha's, so that
    only the minting times can make alpha's the older."""
    alpha = canonical_id(["ids:alpha"])
    n = 0
    while canonical_id([f"ids:beta-{n}"]) >= alpha:
        n += 1
    return f"beta-{n}"


def test_ids_survive_joins_merges_and_splits(
    api: TestClient, clean_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    beta = _younger_local()
    _load(
        clean_graph,
        settings,
        tmp_path / "a.jsonl",
        [_company("alpha", "Alpha Vision Holding", registrationNumber=["1027700000001"])],
    )
    alpha_id = _entity(api, "ids:alpha")["id"]
    assert alpha_id == canonical_id(["ids:alpha"]), "a first load mints the natural id"
    time.sleep(1.1)  # minting times are kept to the second
    _load(clean_graph, settings, tmp_path / "b.jsonl", [_company(beta, "Quorum Sensing Works")])
    beta_id = _entity(api, f"ids:{beta}")["id"]
    assert beta_id < alpha_id

    # A record with a smaller id joins alpha (same registration number): the id stays.
    _load(
        clean_graph,
        settings,
        tmp_path / "c.jsonl",
        [_company("0-alpha", "Alpha Vision Holding", registrationNumber=["1027700000001"])],
    )
    joined = _entity(api, "ids:0-alpha")
    assert joined["id"] == alpha_id and joined["recordCount"] == 2
    assert canonical_id(["ids:0-alpha"]) != alpha_id

    # A merge keeps the older id; the younger leads to it and says so.
    actor = Actor.cli()
    writer.judge(clean_graph, settings, "ids:alpha", f"ids:{beta}", "positive", actor)
    merged = _entity(api, beta_id)
    assert merged["id"] == alpha_id and merged["recordCount"] == 3
    assert merged["requestedId"] == beta_id
    assert merged["redirect"]["reason"] == "merged" and merged["redirect"]["fromId"] == beta_id
    survivor = _entity(api, alpha_id)
    assert survivor["redirect"] is None
    assert [(e["event"], e["otherId"]) for e in survivor["lineage"]] == [("merged", beta_id)]

    # A split: the larger part keeps the id; the record split off gets its
    # first id back, which no longer redirects.
    writer.judge(clean_graph, settings, "ids:alpha", f"ids:{beta}", "negative", actor)
    kept = _entity(api, alpha_id)
    assert kept["id"] == alpha_id and kept["recordCount"] == 2
    assert ("split", beta_id) in [(e["event"], e["otherId"]) for e in kept["lineage"]]
    apart = _entity(api, beta_id)
    assert apart["id"] == beta_id and apart["redirect"] is None and apart["recordCount"] == 1
    assert [(e["event"], e["otherId"]) for e in apart["lineage"]] == [("split_from", alpha_id)]


def test_a_full_resolution_keeps_every_id(
    api: TestClient, clean_graph: neo4j.Driver, settings: Settings, tmp_path: Path, cli: Any
) -> None:
    _load(
        clean_graph,
        settings,
        tmp_path / "a.jsonl",
        [
            _company("m", "Mercury Optics", registrationNumber=["1027700000009"]),
            _company("n", "Neptune Imaging"),
        ],
    )
    _load(
        clean_graph,
        settings,
        tmp_path / "b.jsonl",
        [_company("0-m", "Mercury Optics JSC", registrationNumber=["1027700000009"])],
    )
    before = {r: _entity(api, r)["id"] for r in ("ids:m", "ids:n", "ids:0-m")}
    cli("resolve", "--full")
    after = {r: _entity(api, r)["id"] for r in ("ids:m", "ids:n", "ids:0-m")}
    assert after == before and before["ids:m"] == canonical_id(["ids:m"])
