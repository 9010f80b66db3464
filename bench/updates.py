"""Updates to the loaded graph, as a service updated every day sees them: a
small file loaded into it, claims through the API, and a full resolution
afterwards, whose moved records say whether resolving in part gave the
clusters resolving everything gives."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
import neo4j

from graphsvc.settings import Settings

ADD = "mutation($c: ClaimInput!) { addClaim(claim: $c) { recordId status } }"
CITE = {"publisher": "Benchmark Gazette", "published": "2026-01-01", "quote": "as reported"}


def echo_file(registry: Path, out: Path, n: int = 100, skip: int = 0) -> Path:
    """``n`` records of another publisher about parties of the registry (the
    same names and identifiers under other ids), every seventh renamed."""
    rows: list[dict[str, Any]] = []
    seen = 0
    with registry.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("schema") not in ("Company", "Person"):
                continue
            seen += 1
            if seen <= skip:
                continue
            props = row.get("properties", {})
            keep = ("name", "alias", "innCode", "ogrnCode", "birthDate", "country")
            echo = {k: props[k] for k in keep if props.get(k)}
            if len(rows) % 7 == 3 and echo.get("name"):
                echo["name"] = [echo["name"][0] + " Group"]
            rows.append({"id": f"echo-{skip + len(rows)}", "schema": row["schema"],
                         "properties": echo})  # fmt: skip
            if len(rows) == n:
                break
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return out


def small_load(driver: neo4j.Driver, settings: Settings, path: Path) -> dict[str, Any]:
    """Seconds from the start of the load to the graph resolved and committed."""
    from loaders.ingest import load_paths, make_loader

    t = time.perf_counter()
    summary = load_paths(driver, settings, [make_loader(path, "ftm", "bench_echoes")],
                         on_progress=lambda *_a: None)  # fmt: skip
    seconds = time.perf_counter() - t
    res = summary.resolve
    return {
        "records": sum(f.records for f in summary.files),
        "seconds": seconds,
        "in_part": bool(res and res.extra.get("part")),
        "records_resolved": res.records if res else 0,
        "entities_rebuilt": res.rebuilt if res else 0,
        "resolve_seconds": res.seconds if res else 0.0,
    }


def claims(url: str, key: str, registry: Path, n: int, skip: int = 100) -> dict[str, Any]:
    """``n`` claims through the API, one after the other: each names a party
    of the registry again (after the ``skip`` the echo file took), so it
    resolves into an entity that exists."""
    source = echo_file(registry, registry.with_name("claims-source.jsonl"), n, skip=skip)
    latencies: list[float] = []
    errors = 0
    with httpx.Client(base_url=url, timeout=120, headers={"X-API-Key": key}) as client:
        for i, line in enumerate(source.read_text("utf-8").splitlines()):
            row = json.loads(line)
            claim = {"id": f"bench-claim-{i}", "schema": row["schema"],
                     "properties": row["properties"], "citation": CITE}  # fmt: skip
            t = time.perf_counter()
            resp = client.post("/graphql", json={"query": ADD, "variables": {"c": claim}})
            latencies.append((time.perf_counter() - t) * 1000)
            if resp.status_code != 200 or "errors" in resp.json():
                errors += 1
    return {"claims": len(latencies), "latencies_ms": latencies, "errors": errors}


def full_check(driver: neo4j.Driver, settings: Settings) -> dict[str, Any]:
    """A full resolution of the updated graph: records it moves are records
    the resolutions in part left where a full one would not."""
    from graphsvc.store.materialise import resolve_graph

    t = time.perf_counter()
    res = resolve_graph(driver, settings)
    return {
        "records": res.records,
        "moved": res.remapped,
        "rebuilt": res.rebuilt,
        "seconds": time.perf_counter() - t,
    }
