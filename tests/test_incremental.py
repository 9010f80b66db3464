"""A load resolves only what it touches, and ends where a full resolution ends:
the same clusters and the same review queue, with entity ids that a full
resolution afterwards leaves as they are."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import neo4j
import pytest

from bench.generate import DATASETS, FILES, generate
from graphsvc.settings import Settings
from graphsvc.store import materialise
from graphsvc.store.materialise import resolve_graph
from loaders.ingest import LoadSummary, load_paths, make_loader
from tests.conftest import wipe
from tests.graphtools import query


def _clusters(driver: neo4j.Driver) -> dict[str, frozenset[str]]:
    rows = query(
        driver,
        "MATCH (r:Record)-[:PART_OF]->(e:Entity) RETURN e.id AS id, collect(r.id) AS members",
    )
    return {r["id"]: frozenset(r["members"]) for r in rows}


def _queue(driver: neo4j.Driver) -> set[tuple[str, str, str | None]]:
    rows = query(driver, "MATCH (c:Candidate) RETURN c.a AS a, c.b AS b, c.conflict AS conflict")
    return {(r["a"], r["b"], r["conflict"]) for r in rows}


def _load(driver: neo4j.Driver, settings: Settings, *paths: Path) -> LoadSummary:
    loaders = [make_loader(p, None, DATASETS.get(p.name, p.name.split(".")[0])) for p in paths]
    return load_paths(driver, settings, loaders, on_progress=lambda *_a: None)


def _echoes(registry: Path, out: Path, n: int = 100) -> Path:
    """``n`` records of another publisher about parties of the registry: the
    same names and identifiers under other ids, so they merge into entities
    that exist, with a few names changed so that some pairs need review."""
    rows: list[dict[str, Any]] = []
    with registry.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("schema") not in ("Company", "Person"):
                continue
            echo = {"id": f"echo-{len(rows)}", "schema": row["schema"], "properties": {}}
            props = row.get("properties", {})
            for prop in (
                "name",
                "alias",
                "registrationNumber",
                "innCode",
                "ogrnCode",
                "birthDate",
                "country",
            ):
                if props.get(prop):
                    echo["properties"][prop] = props[prop]
            if len(rows) % 7 == 3 and echo["properties"].get("name"):
                echo["properties"]["name"] = [echo["properties"]["name"][0] + " Group"]
            rows.append(echo)
            if len(rows) == n:
                break
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return out


def test_loads_resolved_in_part_end_as_a_full_resolution(
    clean_graph: neo4j.Driver,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = tmp_path / "data"
    generate(1500, data, seed=11)
    registry = data / "registry.ftm.jsonl"
    echoes = _echoes(registry, tmp_path / "echoes.ftm.jsonl")
    files = [*(data / name for name in FILES), echoes]
    assert files[0] == registry

    # Every load after the first resolves only around what it wrote, however
    # large a share of the graph that is.
    monkeypatch.setattr(materialise, "PART_SHARE", 1.0)
    first = _load(clean_graph, settings, files[0])
    assert first.resolve is not None and first.resolve.extra["part"] is False
    for path in files[1:]:
        summary = _load(clean_graph, settings, path)
        assert summary.resolve is not None and summary.resolve.extra["part"] is True, path
        stored = query(clean_graph, "MATCH (r:Record) RETURN count(r) AS n")[0]["n"]
        assert summary.resolve.records < stored, "only part of the graph was read"
    echo_entities = query(
        clean_graph,
        "MATCH (r:Record)-[:PART_OF]->(e)<-[:PART_OF]-(o:Record) "
        "WHERE r.dataset = 'echoes' AND o.dataset <> 'echoes' "
        "RETURN count(DISTINCT e) AS n",
    )[0]["n"]
    assert echo_entities > 50, "the echoes joined entities the registry made"
    in_part = _clusters(clean_graph)
    queue_in_part = _queue(clean_graph)

    # A full resolution of the same graph changes no cluster and no id.
    resolve_graph(clean_graph, settings, full_rebuild=True)
    assert _clusters(clean_graph) == in_part
    assert _queue(clean_graph) == queue_in_part

    # Nor does loading everything at once into an empty graph, but for ids
    # the later loads' records would have minted first.
    wipe(clean_graph, settings)
    _load(clean_graph, settings, *files)
    assert set(_clusters(clean_graph).values()) == set(in_part.values())
    assert _queue(clean_graph) == queue_in_part
