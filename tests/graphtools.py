"""Helpers for tests that load files into the real Neo4j and inspect the graph."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graphsvc import sanctions
from graphsvc.graph.neo4j_store import Neo4jStore
from graphsvc.settings import Settings
from loaders.ingest import LoadSummary, load_paths, make_loader

# The edition given (as `graphsvc load --edition` would) to fixtures of sanctions
# lists that state no date of their own: the OFAC CSV set and the EU journal rows.
FIXTURE_EDITION = "2026-11-26"


def load_files(
    driver: neo4j.Driver,
    settings: Settings,
    paths: Sequence[Path],
    *,
    format_name: str | None = None,
    resolve: bool = True,
    dataset: str | None = None,
    edition: str | None = None,
    allow_mass_delisting: bool = False,
) -> LoadSummary:
    loaders = [make_loader(p, format_name, dataset) for p in paths]
    return load_paths(
        driver,
        settings,
        loaders,
        on_progress=lambda *_a: None,
        resolve=resolve,
        edition=edition,
        allow_mass_delisting=allow_mass_delisting,
    )


def cli_load(settings: Settings, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``graphsvc load ARGS`` in a process of its own, against the test server."""
    assert settings.neo4j_password is not None
    env = {
        **os.environ,
        "GRAPHSVC_NEO4J_URI": str(settings.neo4j_uri),
        "GRAPHSVC_NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        "GRAPHSVC_HOME": str(home),
        "COLUMNS": "400",
    }
    return subprocess.run(
        [sys.executable, "-m", "graphsvc.cli", "load", *args],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def fingerprint(driver: neo4j.Driver, *, entity_ids: bool = True) -> str:
    """A digest of every node and relationship with their properties: equal
    digests mean the graph did not change. The audit log is left out: every
    load appends an entry to it, even one that changes nothing else; so are
    the write lock (who holds it while a load runs) and the times of writing
    (when an entity id was minted, a merge or split happened), which differ
    between two runs that write the same graph. Without ``entity_ids``, each
    entity is known by its smallest record and merged ids are left out: the
    ids depend on the order in which records arrived."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:AuditEntry AND NOT n:WriteLock "
        "AND ($ids OR NOT n:Redirect) "
        "RETURN labels(n) AS labels, properties(n) AS props, elementId(n) AS eid, "
        "CASE WHEN n:Entity THEN COLLECT { MATCH (r:Record)-[:PART_OF]->(n) "
        "RETURN r.id ORDER BY r.id LIMIT 1 } END AS first",
        {"ids": entity_ids},
    )
    by_eid = {}
    for r in nodes:
        props = dict(r["props"])
        if not entity_ids and r["first"] is not None:
            props["id"] = f"entity of {r['first'][0] if r['first'] else None}"
            props.pop("lineage", None)
        by_eid[r["eid"]] = _key(r["labels"], props)
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE NOT a:AuditEntry AND NOT b:AuditEntry "
        "RETURN elementId(a) AS a, type(r) AS type, properties(r) AS props, elementId(b) AS b"
    )
    node_keys = sorted(by_eid.values())
    rel_keys = sorted(
        f"{by_eid[r['a']]}-[{r['type']} {_dump(r['props'])}]->{by_eid[r['b']]}"
        for r in rels
        if r["a"] in by_eid and r["b"] in by_eid
    )
    blob = "\n".join(node_keys + rel_keys)
    return hashlib.sha256(blob.encode()).hexdigest()


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def _key(labels: list[str], props: dict[str, Any]) -> str:
    props = {k: v for k, v in props.items() if k not in _WRITTEN_AT}
    if "lineage" in props:
        props["lineage"] = [
            {k: v for k, v in json.loads(e).items() if k != "at"} for e in props["lineage"]
        ]
    return f"{sorted(labels)}{_dump(props)}"


_WRITTEN_AT = frozenset({"minted", "at"})


def listed_by(entity: Mapping[str, Any], day: str | None = None) -> list[str]:
    """The authorities whose sanctions an entity's stored terms put in force
    on ``day`` (default: today), as the API reads them."""
    return sanctions.listed_by(entity.get("sanction_terms"), day or sanctions.today())


def sanction_status(sanction: Mapping[str, Any], day: str | None = None) -> str:
    """A stored Sanction node's status on ``day`` (default: today), as the API reads it."""
    keys = (sanction.get("start_key"), sanction.get("end_key"), sanction.get("stated_status"))
    return sanctions.status(*keys, day or sanctions.today())


def query(driver: neo4j.Driver, cypher: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(cypher, params)  # type: ignore[arg-type]
    return [r.data() for r in records]


def record_reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Every named read query the API runs from now on, with its parameters,
    in order (for tests that count queries)."""
    calls: list[tuple[str, dict[str, Any]]] = []
    original = Neo4jStore.read

    async def recording(self: Neo4jStore, name: str, **params: Any) -> list[dict[str, Any]]:
        calls.append((name, params))
        return await original(self, name, **params)

    monkeypatch.setattr(Neo4jStore, "read", recording)
    return calls
