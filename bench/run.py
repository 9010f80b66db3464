"""Every benchmark in one run, written to BENCHMARKS.md (and the raw figures as JSON).

    make bench SIZE=1000000
    .venv/bin/python -m bench.run --size 10000 --runs 3 --out BENCHMARKS.md

Neo4j: GRAPHSVC_NEO4J_URI / GRAPHSVC_NEO4J_PASSWORD name the server to use
(its database is WIPED: use a throwaway server). Without a URI, a local
server is started for the run on a free port with its data in a temporary
directory (heap and page cache from --heap / --pagecache) and stopped after.

Sections: ingest (``load_paths`` with and without resolution vs a bare
UNWIND CREATE of the same nodes and relationships into an empty database),
resolution (speed and precision/recall vs nomenklatura logic-v2 and rapidfuzz
WRatio), queries (direct Cypher through the driver vs GraphQL over HTTP, at
1/16/64 clients), memory (loader peak RSS on a 1x and a 10x file; the API's
RSS under load). Each figure gives median, min and max over the runs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import multiprocessing
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import neo4j
import psutil

from bench import generate as gen
from bench import loadgen
from graphsvc import __version__
from graphsvc.db import apply_schema, open_driver
from graphsvc.services.search import CANDIDATES as SEARCH_CANDIDATES
from graphsvc.settings import Settings
from queries import cypher

ROOT = Path(__file__).resolve().parents[1]
# Figures behind design choices, kept with the benchmarks rather than in comments.
DESIGN_MEASUREMENTS = Path(__file__).with_name("design_measurements.md")
TARGETS = {
    "entity": 25.0,
    "search": 50.0,
    "path4": 150.0,
}


def log(msg: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


def stats(values: Sequence[float]) -> dict[str, float]:
    vals = list(values)
    return {"median": statistics.median(vals), "min": min(vals), "max": max(vals), "n": len(vals)}


def wipe(driver: neo4j.Driver, settings: Settings) -> None:
    with driver.session(database=settings.neo4j_database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


# -- machine and versions ----------------------------------------------------
def machine(driver: neo4j.Driver, settings: Settings) -> dict[str, Any]:
    cpu = platform.processor()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with driver.session(database=settings.neo4j_database) as session:
        rows = session.run(
            "CALL dbms.components() YIELD name, versions, edition "
            "RETURN name, versions[0] AS version, edition"
        ).data()
        comp = rows[0] if rows else None
    from importlib.metadata import version

    return {
        "cpu": cpu,
        "cores": psutil.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "neo4j": f"{comp['version']} {comp['edition']}" if comp else "?",
        "graphsvc": __version__,
        "driver": version("neo4j"),
        "git": _git_rev(),
    }


def _git_rev() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        return out.stdout.strip()
    except OSError:
        return "?"


# -- ingest ------------------------------------------------------------------
def loaders_for(data: Path, prefix: str = "") -> list[Any]:
    from loaders.ingest import make_loader

    out = []
    for name in gen.FILES:
        dataset = gen.DATASETS.get(name)
        if prefix:
            dataset = f"{prefix}{dataset or name.split('.')[0]}"
        out.append(make_loader(data / name, None, dataset))
    return out


def ceiling(driver: neo4j.Driver, settings: Settings, data: Path) -> dict[str, Any]:
    """Bare UNWIND CREATE of the same nodes and relationships, same batch size,
    into an empty database. Only the time spent in Bolt writes is counted;
    parsing the files to get the rows is not."""
    from graphsvc.store.records import record_links, record_row

    q_nodes = cypher("bench/ceiling_nodes")
    q_idents = cypher("bench/ceiling_identifiers")
    q_rels = {
        "ident": cypher("bench/ceiling_identifier_links"),
        "link": cypher("bench/ceiling_record_links"),
    }
    spent = 0.0
    records = 0
    rels: dict[str, list[dict[str, Any]]] = {"ident": [], "link": []}
    seen_keys: set[str] = set()
    seen_ids: set[str] = set()
    rel_count = 0

    def write(query: str, rows: list[dict[str, Any]]) -> None:
        nonlocal spent
        t = time.perf_counter()
        with driver.session(database=settings.neo4j_database) as s:
            s.execute_write(lambda tx: tx.run(query, rows=rows).consume())
        spent += time.perf_counter() - t

    for loader in loaders_for(data):
        batch: list[dict[str, Any]] = []
        idents: list[dict[str, Any]] = []
        for rec in loader.read():
            records += 1
            if rec.id in seen_ids:  # a party repeated in the file: graphsvc updates it
                continue
            seen_ids.add(rec.id)
            row = record_row(rec, "2026-05-01")
            batch.append({"id": rec.id, "hash": row["hash"], **row["fields"]})
            links = record_links(rec)
            for ident in links["idents"]:
                if ident["key"] not in seen_keys:
                    seen_keys.add(ident["key"])
                    idents.append(ident)
                rels["ident"].append({"a": rec.id, "b": ident["key"]})
            for link in links["links"]:
                rels["link"].append({"a": rec.id, "b": link["target"], "kind": link["kind"]})
            if len(batch) >= settings.batch_size:
                write(q_nodes, batch)
                batch = []
            if len(idents) >= settings.batch_size:
                write(q_idents, idents)
                idents = []
        if batch:
            write(q_nodes, batch)
        if idents:
            write(q_idents, idents)
    for kind, rows in rels.items():
        for start in range(0, len(rows), settings.batch_size):
            chunk = rows[start : start + settings.batch_size]
            rel_count += len(chunk)
            write(q_rels[kind], chunk)
    return {
        "records": records,
        "nodes": len(seen_ids) + len(seen_keys),
        "relationships": rel_count,
        "seconds": spent,
        "records_per_s": records / spent,
    }


def graphsvc_load(driver: neo4j.Driver, settings: Settings, data: Path) -> dict[str, Any]:
    from graphsvc.store.materialise import resolve_graph
    from loaders.ingest import load_paths

    t0 = time.perf_counter()
    summary = load_paths(
        driver, settings, loaders_for(data), on_progress=lambda *_a: None, resolve=False
    )
    t_load = time.perf_counter() - t0
    records = sum(f.records for f in summary.files)
    t_check = sum(f.check_seconds for f in summary.files)
    log(f"  load: {records:,} records in {t_load:.1f}s; resolving")
    t1 = time.perf_counter()
    res = resolve_graph(driver, settings, full_rebuild=True)
    t_res = time.perf_counter() - t1
    return {
        "records": records,
        "load_seconds": t_load,
        "check_seconds": t_check,
        "write_pass_per_s": records / (t_load - t_check),
        "resolve_seconds": t_res,
        "without_resolution_per_s": records / t_load,
        "with_resolution_per_s": records / (t_load + t_res),
        "entities": res.entities,
        "edges": res.edges,
        "pairs_scored": res.pairs_scored,
    }


def bench_ingest(driver: neo4j.Driver, settings: Settings, data: Path, runs: int) -> dict[str, Any]:
    ceil_runs: list[dict[str, Any]] = []
    load_runs: list[dict[str, Any]] = []
    for n in range(runs):
        log(f"ingest run {n + 1}/{runs}: ceiling")
        wipe(driver, settings)
        ceil_runs.append(ceiling(driver, settings, data))
        log(f"  ceiling: {ceil_runs[-1]['records_per_s']:,.0f} records/s; graphsvc load")
        wipe(driver, settings)
        load_runs.append(graphsvc_load(driver, settings, data))
    return {
        "runs": runs,
        "records": load_runs[-1]["records"],
        "ceiling_runs": ceil_runs,
        "load_runs": load_runs,
        "ceiling_per_s": stats([r["records_per_s"] for r in ceil_runs]),
        "without_resolution_per_s": stats([r["without_resolution_per_s"] for r in load_runs]),
        "with_resolution_per_s": stats([r["with_resolution_per_s"] for r in load_runs]),
        "resolve_seconds": stats([r["resolve_seconds"] for r in load_runs]),
        "check_seconds": stats([r["check_seconds"] for r in load_runs]),
        "write_pass_per_s": stats([r["write_pass_per_s"] for r in load_runs]),
        "entities": load_runs[-1]["entities"],
        "edges": load_runs[-1]["edges"],
    }


# -- updates -----------------------------------------------------------------
def bench_updates(
    driver: neo4j.Driver, settings: Settings, data: Path, work: Path, claims: int = 50
) -> dict[str, Any]:
    from bench import updates
    from graphsvc.auth import create_key

    registry = data / gen.REGISTRY
    small = updates.small_load(driver, settings, updates.echo_file(registry, work / "echoes.jsonl"))
    log(f"  100-record file: {small['seconds']:.1f}s (resolved in part: {small['in_part']})")
    key = create_key(driver, settings, "bench-claims", "writer")[1]
    with api_server(settings) as (url, _proc):
        sent = updates.claims(url, key, registry, claims)
    lat = sent["latencies_ms"]
    if not lat:
        raise RuntimeError("the registry has no parties left to claim")
    log(f"  {len(lat)} claims: p50 {pct(lat, 0.5):.0f} ms, p99 {pct(lat, 0.99):.0f} ms")
    check = updates.full_check(driver, settings)
    log(f"  full resolution afterwards: {check['moved']} records moved")
    return {
        "small_load": small,
        "claims": {
            "n": len(lat),
            "errors": sent["errors"],
            "p50": pct(lat, 0.5),
            "p99": pct(lat, 0.99),
            "max": max(lat),
        },
        "full_check": check,
    }


# -- resolution --------------------------------------------------------------
def resolution_quality(rows: list[dict[str, Any]], runs: int) -> dict[str, Any]:
    from bench import resolution_quality as rq
    from graphsvc.resolve.score import AUTO_MATCH

    truth = [bool(r["match"]) for r in rows]
    quality: dict[str, Any] = {"pairs": len(rows), "positives": sum(truth)}
    matchers: list[tuple[str, Callable[[list[dict[str, Any]]], list[float]], float]] = [
        ("graphsvc", rq.graphsvc_scores, AUTO_MATCH),
        ("nomenklatura logic-v2", rq.logic_v2_scores, rq.LOGIC_V2_THRESHOLD),
        ("rapidfuzz WRatio", rq.wratio_scores, rq.WRATIO_THRESHOLD),
    ]
    for name, fn, threshold in matchers:
        times = []
        scores: list[float] = []
        for _ in range(max(3, runs)):
            t = time.perf_counter()
            scores = fn(rows)
            times.append(time.perf_counter() - t)
        m = rq.metrics(truth, scores, threshold)
        m["pairs_per_s"] = stats([len(rows) / x for x in times])
        quality[name] = m
    return quality


def resolution_quality_of(path: str, runs: int) -> dict[str, Any]:
    from bench import resolution_quality as rq

    return resolution_quality(rq.load(Path(path)), runs)


def bench_resolution(size: int, runs: int) -> dict[str, Any]:
    from bench import resolution_quality as rq
    from bench import resolution_speed as rs
    from graphsvc.resolve.pipeline import resolve

    speed = []
    for n in range(runs):
        log(f"resolution speed run {n + 1}/{runs} at {size:,}")
        inputs = list(rs.generate(size))
        t = time.perf_counter()
        res = resolve(inputs)
        wall = time.perf_counter() - t
        speed.append(
            {
                "seconds": wall,
                "records_per_s": size / wall,
                "pairs_scored": res.stats.pairs_scored,
                "clusters": res.stats.clusters,
            }
        )
        del inputs, res
    # Each set in a fresh process: nomenklatura's logic-v2 scores a set differently
    # after it has scored another (its caches), and each matcher deserves a clean start.
    ctx = multiprocessing.get_context("spawn")
    quality = {}
    for name, path in rq.SETS.items():
        if path.exists():
            with ctx.Pool(1) as pool:
                quality[name] = pool.apply(resolution_quality_of, (str(path), runs))
    return {
        "size": size,
        "runs": runs,
        "speed_runs": speed,
        "records_per_s": stats([s["records_per_s"] for s in speed]),
        "seconds": stats([s["seconds"] for s in speed]),
        "quality": quality,
    }


# -- queries -----------------------------------------------------------------
def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


GQL = {
    "entity": (
        "query($id: ID!) { entity(id: $id) { ... on Entity { id caption schema names "
        "countries identifiers datasets sanctioned listedBy recordCount resolution } } }"
    ),
    "search": "query($q: String!) { search(query: $q, first: 10) { edges { score entityId "
    "caption } } }",
    "neighbourhood": (
        "query($id: ID!) { entity(id: $id) { ... on Entity { id relationships(first: 20) "
        "{ totalCount edges { cursor node { type direction } } } } } }"
    ),
    "path4": "query($a: ID!, $b: ID!) { paths(fromId: $a, toId: $b, maxHops: 4, first: 1) "
    "{ length entityIds } }",
    "ownership": "query($id: ID!) { owners(entityId: $id, history: true) { owners { entityId } } }",
}


def cypher_calls(kind: str) -> list[tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]]:
    """The Cypher the GraphQL resolvers run for each query, with their parameters."""
    from graphsvc import search as name_search
    from graphsvc.model import PATH_TYPES
    from graphsvc.sanctions import today

    one = [("entity/by_ids", lambda p: {"ids": [p["id"]]})]
    if kind == "entity":
        return one
    if kind == "search":

        def search_params(p: dict[str, Any]) -> dict[str, Any]:
            lucene = name_search.lucene_queries(p["q"])
            assert lucene is not None, p["q"]  # generated names have letters
            return {
                **lucene._asdict(),
                "schema": None,
                "country": None,
                "topic": None,
                "day": today(),
                "limit": SEARCH_CANDIDATES,
            }

        return [("search/fulltext", search_params)]
    if kind == "neighbourhood":
        return [
            *one,
            (
                "entity/relationships",
                lambda p: {
                    "id": p["id"],
                    "types": None,
                    "direction": None,
                    "as_of": None,
                    "after": None,
                    "limit": 21,
                },
            ),
            ("entity/relationship_counts_all", lambda p: {"id": p["id"]}),
        ]
    if kind == "path4":
        return [
            ("entity/by_ids", lambda p: {"ids": [p["a"], p["b"]]}),
            (
                # the query the API runs on the local runtime (graphsvc.shortestPath)
                "paths/shortest_one_procedure",
                lambda p: {
                    "from": p["a"],
                    "to": p["b"],
                    "max_hops": 4,
                    "types": list(PATH_TYPES),
                    "as_of": None,
                    "confirmed_only": False,
                },
            ),
        ]
    if kind == "ownership":
        return [
            *one,
            (
                "ownership/owners",
                lambda p: {"id": p["id"], "as_of": None, "day": today(), "limit": 500},
            ),
        ]
    raise ValueError(kind)


def query_params(
    driver: neo4j.Driver, settings: Settings, manifest: dict[str, Any]
) -> dict[str, list[dict[str, Any]]]:
    """Sample parameters for each query, record ids mapped to entity ids."""
    ids = [*manifest["entities"], *manifest["owned"], *manifest["super_nodes"].values()]
    ids += [i for ch in manifest["chains"] for i in (ch[0], ch[-1])]
    with driver.session(database=settings.neo4j_database) as s:
        rows = s.run(cypher("entity/by_ids"), ids=ids).data()
    ent = {r["requested"]: r["entity"]["id"] for r in rows if r["entity"]}
    supers = [ent[i] for i in manifest["super_nodes"].values() if i in ent]
    return {
        "entity": [{"id": ent[i]} for i in manifest["entities"] if i in ent],
        "search": [{"q": q} for q in manifest["search_names"]],
        "neighbourhood": [{"id": i} for i in supers],
        "path4": [
            {"a": ent[c[0]], "b": ent[c[-1]]}
            for c in manifest["chains"]
            if c[0] in ent and c[-1] in ent
        ]
        or [{"a": supers[0], "b": supers[1]}],
        "ownership": [{"id": ent[i]} for i in manifest["owned"] if i in ent] or [{"id": supers[0]}],
    }


@contextlib.contextmanager
def api_server(settings: Settings, workers: int = 1) -> Iterator[tuple[str, psutil.Process]]:
    """``graphsvc serve`` as a user runs it, on a free loopback port."""
    from graphsvc.neo4j_runtime.server import free_port

    port = free_port()
    env = {
        **os.environ,
        "GRAPHSVC_NEO4J_URI": settings.neo4j_uri or "",
        "GRAPHSVC_NEO4J_PASSWORD": settings.resolved_password(),
        "GRAPHSVC_NEO4J_DATABASE": settings.neo4j_database,
        "GRAPHSVC_HOME": str(settings.home),
        "GRAPHSVC_API_WORKERS": str(workers),
        "GRAPHSVC_API_ACCESS_LOG": "false",
        # The load generator drives the API from one address far above any budget.
        "GRAPHSVC_RATE_LIMITS": "false",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphsvc.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    import httpx

    try:
        for _ in range(300):
            if proc.poll() is not None:
                raise RuntimeError("the API server exited while starting")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError("the API server did not answer within 30 s")
        yield url, psutil.Process(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class RssSampler:
    def __init__(self, proc: psutil.Process) -> None:
        self.proc, self.samples, self._stop = proc, [], threading.Event()
        self.samples: list[int] = []
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(psutil.Error):
                procs = [self.proc, *self.proc.children(recursive=True)]
                self.samples.append(sum(p.memory_info().rss for p in procs))
            self._stop.wait(0.2)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


SEARCH_TOP = 10


def search_quality(
    url: str, driver: neo4j.Driver, settings: Settings, manifest: dict[str, Any]
) -> dict[str, Any] | None:
    """Where the API's search ranks the entity each generated search name was
    made from: a speed change to search shows here if it costs findings."""
    targets = manifest.get("search_targets")
    if not targets:
        return None  # data generated before the targets were recorded
    with driver.session(database=settings.neo4j_database) as s:
        rows = s.run(cypher("entity/by_ids"), ids=targets).data()
    canonical = {r["requested"]: (r["entity"] or {}).get("id") for r in rows}
    query = "query($q: String!) { search(query: $q, first: %d) { edges { entityId } } }"
    groups: dict[str, dict[str, int]] = {}
    for name, target in zip(manifest["search_names"], targets, strict=True):
        body = json.dumps({"query": query % SEARCH_TOP, "variables": {"q": name}}).encode()
        request = urllib.request.Request(
            f"{url}/graphql", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as resp:
            edges = json.loads(resp.read())["data"]["search"]["edges"]
        found = [e["entityId"] for e in edges]
        group = groups.setdefault("Latin" if name.isascii() else "Cyrillic", dict.fromkeys(
            ("names", "first", "top"), 0))  # fmt: skip
        group["names"] += 1
        group["first"] += int(found[:1] == [canonical[target]])
        group["top"] += int(canonical[target] in found)
    return {"top": SEARCH_TOP, "groups": groups}


def bench_queries(
    driver: neo4j.Driver,
    settings: Settings,
    manifest: dict[str, Any],
    *,
    clients: Sequence[int],
    runs: int,
    seconds: float,
    api_workers: int = 1,
    warmup: float = 20.0,
    warmup_clients: int = 2,
    ramp: float = 1.0,
) -> dict[str, Any]:
    params = query_params(driver, settings, manifest)
    out: dict[str, Any] = {
        "api_workers": api_workers,
        "clients": list(clients),
        "runs": runs,
        "seconds": seconds,
        "warmup_seconds": warmup,
        "warmup_clients": warmup_clients,
        "ramp_seconds": ramp,
        "samples": {k: len(v) for k, v in params.items()},
        "results": {},
        "warmup": {},
    }
    bolt = {
        "mode": "bolt",
        "uri": settings.bolt_uri(),
        "user": settings.neo4j_user,
        "password": settings.resolved_password(),
        "database": settings.neo4j_database,
    }
    plan = [{"clients": c, "seconds": seconds, "min_requests": max(c, 5)}
            for c in clients for _ in range(runs)]  # fmt: skip
    with api_server(settings, api_workers) as (url, api_proc), RssSampler(api_proc) as rss:
        out["search_quality"] = search_quality(url, driver, settings, manifest)
        for kind in GQL:
            sample = params[kind]
            calls = cypher_calls(kind)
            specs = {
                "cypher": {
                    **bolt,
                    "samples": [
                        [{"query": cypher(name), "params": fn(p)} for name, fn in calls]
                        for p in sample
                    ],
                },
                "graphql": {
                    "mode": "http",
                    "url": f"{url}/graphql",
                    "samples": [{"query": GQL[kind], "variables": p} for p in sample],
                },
            }
            for mode, spec in specs.items():
                # Each JVM starts cold, and so do the server's code paths for
                # a query it has not run yet: the warm-up is measured apart.
                warm, phases = loadgen.run(
                    settings.cache_dir,
                    {
                        **spec,
                        "phases": plan,
                        "warmup_seconds": warmup,
                        "warmup_clients": warmup_clients,
                        "ramp_seconds": ramp,
                    },
                )
                if warm is not None and warm.latencies:
                    out["warmup"][f"{kind}/{mode}"] = {
                        "p50": pct(warm.latencies, 0.50),
                        "p99": pct(warm.latencies, 0.99),
                        "max": max(warm.latencies),
                        "requests": len(warm.latencies),
                        "errors": warm.errors,
                    }
                for c in clients:
                    mine = [p for p in phases if p.clients == c]
                    for p in mine:
                        if p.first_error:
                            log(f"    {kind}/{c}/{mode} request failed: {p.first_error}"[:300])
                    key = f"{kind}/{c}/{mode}"
                    out["results"][key] = {
                        "p50": stats([pct(p.latencies, 0.50) for p in mine]),
                        "p99": stats([pct(p.latencies, 0.99) for p in mine]),
                        "throughput": stats([len(p.latencies) / p.seconds for p in mine]),
                        "requests": sum(len(p.latencies) for p in mine),
                        "errors": sum(p.errors for p in mine),
                        "client_gc_ms": max(p.client_gc_ms for p in mine),
                        "client_cpu_ms_per_request": statistics.median(
                            p.client_cpu_per_request for p in mine
                        ),
                    }
                    r = out["results"][key]
                    log(
                        f"  {key}: p50 {r['p50']['median']:.1f} ms, p99 {r['p99']['median']:.1f}"
                        f" ms, {r['throughput']['median']:.0f}/s, errors {r['errors']}"
                    )
        samples = rss.samples or [0]
        out["api_rss_mb"] = {
            "peak": max(samples) / 2**20,
            "median": statistics.median(samples) / 2**20,
        }
    return out


def wait_for_quiet(
    pid: int, *, busy: float = 0.1, window: float = 5.0, limit: float = 900.0
) -> float:
    """Wait until the Neo4j process has used under ``busy`` of a core over
    ``window`` seconds (at most ``limit`` seconds); returns the seconds waited."""
    proc = psutil.Process(pid)
    started = time.perf_counter()

    def used() -> float:
        t = proc.cpu_times()
        return float(t.user + t.system)

    while time.perf_counter() - started < limit:
        before = used()
        time.sleep(window)
        if (used() - before) / window < busy:
            break
    waited = time.perf_counter() - started
    log(f"  Neo4j quiet after {waited:.0f}s")
    return waited


# -- memory ------------------------------------------------------------------
def bench_memory(settings: Settings, work: Path, base: int, seed: int) -> dict[str, Any]:
    """Peak RSS of a loader process (validate + batched writes, no resolution)
    on a 1x and a 10x file set, each in a fresh subprocess."""
    out: dict[str, Any] = {"base_size": base}
    for factor in (1, 10):
        data = work / f"mem{factor}x"
        manifest = gen.generate(base * factor, data, seed + factor)
        size = sum((data / f).stat().st_size for f in gen.FILES)
        env = {
            **os.environ,
            "GRAPHSVC_NEO4J_URI": settings.neo4j_uri or "",
            "GRAPHSVC_NEO4J_PASSWORD": settings.resolved_password(),
            "GRAPHSVC_NEO4J_DATABASE": settings.neo4j_database,
            # both sizes read the same way: every file in a reader child process
            "GRAPHSVC_READER_PROCESS_MB": "0",
        }
        t = time.perf_counter()
        res = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.load_child",
                str(data),
                f"mem{factor}x_",
                str(settings.batch_size),
            ],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        child = json.loads(res.stdout.strip().splitlines()[-1])
        out[f"{factor}x"] = {
            "party_records": manifest["party_records"],
            "records": child["records"],
            "file_mb": size / 2**20,
            "peak_rss_mb": child["peak_rss_mb"],
            "loader_rss_mb": child.get("loader_rss_mb"),
            "reader_rss_mb": child.get("reader_rss_mb"),
            "seconds": time.perf_counter() - t,
        }
        shutil.rmtree(data, ignore_errors=True)
        log(f"  memory {factor}x: {out[f'{factor}x']}")
    out["ratio"] = out["10x"]["peak_rss_mb"] / out["1x"]["peak_rss_mb"]
    return out


# -- profiles ----------------------------------------------------------------
def profile_query(
    driver: neo4j.Driver, settings: Settings, name: str, params: dict[str, Any]
) -> list[str]:
    """Neo4j's PROFILE of one query: the operators with rows and db hits."""
    with driver.session(database=settings.neo4j_database) as s:
        result = s.run("PROFILE " + cypher(name), params)
        result.data()
        summary = result.consume()
    lines: list[str] = []

    def walk(plan: Any, depth: int) -> None:
        if plan is None:
            return
        args = plan.arguments if hasattr(plan, "arguments") else plan.get("args", {})
        op = plan.operator_type if hasattr(plan, "operator_type") else plan.get("operatorType")
        rows = getattr(plan, "rows", None) or args.get("Rows")
        hits = getattr(plan, "db_hits", None) or args.get("DbHits")
        detail = str(args.get("Details", ""))[:90]
        lines.append(f"{'  ' * depth}{op}  rows={rows} dbHits={hits}  {detail}")
        children = plan.children if hasattr(plan, "children") else plan.get("children", [])
        for child in children:
            walk(child, depth + 1)

    walk(summary.profile, 0)
    return lines


def profile_ingest(settings: Settings, work: Path, base: int, seed: int, dest: Path) -> str:
    """pyinstrument over a load with resolution of a small file set, in a
    subprocess; the text report is written to ``dest``."""
    data = work / "profile"
    gen.generate(base, data, seed + 99)
    env = {
        **os.environ,
        "GRAPHSVC_NEO4J_URI": settings.neo4j_uri or "",
        "GRAPHSVC_NEO4J_PASSWORD": settings.resolved_password(),
        "GRAPHSVC_NEO4J_DATABASE": settings.neo4j_database,
    }
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.load_child",
            str(data),
            "prof_",
            str(settings.batch_size),
            "--profile",
            str(dest),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    shutil.rmtree(data, ignore_errors=True)
    if res.returncode != 0:
        return f"profile failed: {res.stderr[-500:]}"
    return dest.read_text(encoding="utf-8") if dest.exists() else ""


# -- report ------------------------------------------------------------------
def fmt(s: dict[str, float], digits: int = 0) -> str:
    f = f"{{:,.{digits}f}}"
    return f"{f.format(s['median'])} ({f.format(s['min'])}–{f.format(s['max'])})"


def render(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        "# graphsvc benchmarks",
        "",
        f"Generated by `{report['command']}` on {report['date']} "
        f"(total {report['total_seconds'] / 60:.1f} min). Each figure: median (min–max) over "
        "the runs named in its section; the baseline is measured in the same run.",
        "",
        "## Machine and versions",
        "",
        "| | |",
        "| --- | --- |",
        f"| CPU | {m['cpu']} |",
        f"| cores | {m['cores']} |",
        f"| RAM | {m['ram_gb']} GB |",
        f"| OS | {m['os']} |",
        f"| Python | {m['python']} |",
        f"| Neo4j | {m['neo4j']} (heap {report['neo4j_heap']}, page cache "
        f"{report['neo4j_pagecache']}) |",
        f"| neo4j driver | {m['driver']} |",
        f"| graphsvc | {m['graphsvc']} (git {m['git']}) |",
        "",
        "## Data",
        "",
        f"`bench/generate.py --size {report['size']:,}` (seed {report['seed']}): "
        f"{report['data']['party_records']:,} party records (companies, organisations, public "
        f"bodies, people) over four files; {report['data']['total_mb']:.0f} MB; super-nodes with "
        f"{report['data']['super_links']:,} links each. Records by kind: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(report["data"]["counts"].items()))
        + ".",
        "",
    ]
    if "ingest" in report:
        ing = report["ingest"]
        ratio = ing["without_resolution_per_s"]["median"] / ing["ceiling_per_s"]["median"]
        lines += [
            "## Ingest",
            "",
            f"{ing['records']:,} records, batch size {report['batch_size']:,}, {ing['runs']} "
            f"run(s); {ing['entities']:,} canonical entities and {ing['edges']:,} edges after "
            "resolution. The ceiling is a bare `UNWIND ... CREATE` of the same record nodes, "
            "identifier nodes and END/REF/HAS_IDENTIFIER relationships into an empty database, "
            "counting only the time in Bolt writes.",
            "",
            "| | records/s | vs ceiling |",
            "| --- | --- | --- |",
            f"| raw Bolt write ceiling | {fmt(ing['ceiling_per_s'])} | 1.00 |",
            f"| `graphsvc load` without resolution | {fmt(ing['without_resolution_per_s'])} | "
            f"{ratio:.2f} |",
            *(
                [
                    f"| its write pass alone (after the checking pass, "
                    f"{fmt(ing['check_seconds'], 1)} s) | {fmt(ing['write_pass_per_s'])} | "
                    f"{ing['write_pass_per_s']['median'] / ing['ceiling_per_s']['median']:.2f} |"
                ]
                if "write_pass_per_s" in ing
                else []
            ),
            f"| `graphsvc load` with resolution (load + resolve + rebuild) | "
            f"{fmt(ing['with_resolution_per_s'])} | "
            f"{ing['with_resolution_per_s']['median'] / ing['ceiling_per_s']['median']:.2f} |",
            "",
            f"Resolve and rebuild alone: {fmt(ing['resolve_seconds'], 1)} s. Target: at least "
            f"half the ceiling; without resolution {'met' if ratio >= 0.5 else 'MISSED'} "
            f"({ratio:.2f}).",
            "",
        ]
    if "updates" in report:
        up = report["updates"]
        small, cl, check = up["small_load"], up["claims"], up["full_check"]
        lines += [
            "## Updates",
            "",
            "On the graph the ingest section left (after the query phases), one run: a file "
            "of another publisher's records about parties already in the graph "
            "(bench/updates.py), loaded with `load_paths`; then claims through the API's "
            "`addClaim`, one after the other; then `graphsvc resolve` over everything, whose "
            "moved records are those the resolutions in part placed where a full one would not.",
            "",
            "| | figure | target |",
            "| --- | --- | --- |",
            f"| {small['records']}-record file, start to resolved and committed | "
            f"{small['seconds']:.1f} s ({small['records_resolved']:,} records resolved, "
            f"{small['entities_rebuilt']:,} entities rebuilt"
            f"{'' if small['in_part'] else '; resolved in full'}) | at most 5 s |",
            f"| `addClaim`, {cl['n']} claims | p50 {cl['p50']:,.0f} ms, p99 {cl['p99']:,.0f} ms, "
            f"max {cl['max']:,.0f} ms, {cl['errors']} errors | p99 at most 1,000 ms |",
            f"| full resolution afterwards | {check['moved']:,} of {check['records']:,} records "
            f"moved, {check['seconds']:.0f} s | 0 moved |",
            "",
        ]
    if "resolution" in report:
        res = report["resolution"]
        target = 1_000_000 / 120
        lines += [
            "## Resolution",
            "",
            f"Speed: `graphsvc.resolve.pipeline.resolve` on {res['size']:,} generated records "
            f"(bench/resolution_speed.py), {res['runs']} run(s): {fmt(res['records_per_s'])} "
            f"records/s, {fmt(res['seconds'], 1)} s. Target 1M in 120 s = {target:,.0f}/s: "
            f"{'met' if res['records_per_s']['median'] >= target else 'MISSED'}.",
            "",
        ]
        titles = {
            "own": "the project's labelled pairs (tests/resolve/labelled_pairs.yaml)",
            "heldout": "the held-out pairs from the official lists, never used for tuning "
            "(bench/heldout/pairs.yaml)",
        }
        for set_name, q in res["quality"].items():
            lines += [
                f"Quality on {titles.get(set_name, set_name)}: {q['pairs']} pairs "
                f"({q['positives']} matches), each matcher at its own threshold; pairs/s is the "
                "scoring rate on these pairs:",
                "",
                "| matcher | threshold | precision | recall | F1 | FP | FN | pairs/s |",
                "| --- | --- | --- | --- | --- | --- | --- | --- |",
            ]
            for name in ("graphsvc", "nomenklatura logic-v2", "rapidfuzz WRatio"):
                r = q[name]
                lines.append(
                    f"| {name} | {r['threshold']} | {r['precision']:.3f} | {r['recall']:.3f} | "
                    f"{r['f1']:.3f} | {r['fp']} | {r['fn']} | {fmt(r['pairs_per_s'])} |"
                )
            lines.append("")
    if "queries" in report:
        qs = report["queries"]
        lines += [
            "## Queries",
            "",
            f"Each phase: N closed-loop clients for {qs['seconds']} s, {qs['runs']} run(s) per "
            "phase, from the Java load generator (bench/loadgen/, one JVM per query and mode) "
            "on the same 2 cores as Neo4j and the API. `cypher` runs the same queries the "
            "GraphQL resolvers run, directly through the official Java driver (one session per "
            "request, auto-commit queries as the API runs them); `graphql` is HTTP to "
            f"`graphsvc serve` on 127.0.0.1 with {qs.get('api_workers', 1)} worker process(es). "
            + (
                f"Before each query and mode's phases, {qs['warmup_seconds']:g} s of warm-up "
                f"at {qs['warmup_clients']} clients, in the same JVM, not counted in the "
                "table (its figures are below it). "
                if "warmup_seconds" in qs
                else ""
            )
            + (
                f"Each phase starts after {qs['ramp_seconds']:g} s at its own number of "
                "clients, not counted: the connections and server threads a phase needs "
                "are opened then. "
                if qs.get("ramp_seconds")
                else ""
            )
            + "Latencies in ms. Samples per query: "
            + ", ".join(f"{k} {v}" for k, v in qs["samples"].items())
            + "."
            + (
                f" The phases began once Neo4j had used under a tenth of a core for 5 s "
                f"({report['quiet_wait_seconds']:.0f} s after the ingest section)."
                if "quiet_wait_seconds" in report
                else ""
            ),
            "",
            "`client GC ms`: the longest total of the load generator's own garbage-collection "
            "pauses in one phase; they stop its clients, so they count in the latencies. "
            "`client CPU ms/req`: the load generator's CPU time per request (median of the "
            "runs), taken from the same two cores as the server under test: the Java Bolt "
            "driver costs more per request than the generator's plain HTTP connection.",
            "",
            "| query | clients | mode | p50 ms | p99 ms | req/s | errors | client GC ms "
            "| client CPU ms/req |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for key, r in qs["results"].items():
            kind, c, mode = key.split("/")
            lines.append(
                f"| {kind} | {c} | {mode} | {fmt(r['p50'], 1)} | {fmt(r['p99'], 1)} | "
                f"{fmt(r['throughput'])} | {r['errors']} | {r.get('client_gc_ms', '-')} | "
                + (
                    f"{r['client_cpu_ms_per_request']:.3f} |"
                    if "client_cpu_ms_per_request" in r
                    else "- |"
                )
            )
        if qs.get("warmup"):
            lines += [
                "",
                "Warm-up, from a cold load-generator JVM (the first query and mode to run "
                "also meets a cold Neo4j), one run each:",
                "",
                "| query | mode | requests | p50 ms | p99 ms | max ms |",
                "| --- | --- | --- | --- | --- | --- |",
            ]
            for key, w in qs["warmup"].items():
                kind, mode = key.split("/")
                lines.append(
                    f"| {kind} | {mode} | {w['requests']:,} | {w['p50']:.1f} | {w['p99']:.1f} "
                    f"| {w['max']:.1f} |"
                )
        lines += [
            "",
            "Targets at 16 clients (p99 of the GraphQL query; GraphQL overhead is "
            "the ratio of GraphQL p99 to direct-Cypher p99, target <= 1.5):",
            "",
            "| query | target p99 ms | GraphQL p99 | verdict | GraphQL/Cypher p99 |",
            "| --- | --- | --- | --- | --- |",
        ]
        for kind in GQL:
            g = qs["results"].get(f"{kind}/16/graphql")
            d = qs["results"].get(f"{kind}/16/cypher")
            if g is None or d is None:
                continue
            ratio = g["p99"]["median"] / max(d["p99"]["median"], 1e-9)
            target = TARGETS.get(kind)
            p99 = g["p99"]["median"]
            verdict = "no target"
            if target is not None:
                verdict = (
                    "met"
                    if p99 <= target
                    else f"MISSED by {p99 - target:.0f} ms ({p99 / target:.1f}x)"
                )
            lines.append(
                f"| {kind} | {target or '-'} | {p99:.1f} | {verdict} | {ratio:.2f} "
                f"({'met' if ratio <= 1.5 else 'MISSED'}) |"
            )
        sq = qs.get("search_quality")
        if sq:
            names = sum(g["names"] for g in sq["groups"].values())
            lines += [
                "",
                f"Search quality: the {names} search names (Latin: the generator's "
                "transliterations, with variant spellings, legal forms and typos; Cyrillic: "
                "as registered), each asked once through GraphQL before the phases; how often "
                "the entity the name was made from comes first, and among the first "
                f"{sq['top']}. Generated names repeat across parties, so some misses are "
                "namesakes ranked above it.",
                "",
                f"| names | searches | first | in the first {sq['top']} |",
                "| --- | --- | --- | --- |",
            ]
            for label, g in sq["groups"].items():
                lines.append(f"| {label} | {g['names']} | {g['first']} | {g['top']} |")
        lines += [
            "",
            f"API process RSS during the GraphQL phases: peak {qs['api_rss_mb']['peak']:.0f} MB, "
            f"median {qs['api_rss_mb']['median']:.0f} MB.",
            "",
        ]
    if "memory" in report:
        mem = report["memory"]
        lines += [
            "## Memory",
            "",
            "Peak RSS of a loader process (`load_paths` without resolution, validate pass and "
            "batched writes) on a file set and on one 10 times larger, each in a fresh "
            "subprocess (its own VmHWM high-water mark from /proc), plus the peak of the "
            "reader child process that parses each file during the writes (every file read "
            "that way in both runs, GRAPHSVC_READER_PROCESS_MB=0):",
            "",
            "| file set | party records | records | MB on disk | peak RSS MB "
            "| loader MB | reader MB |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for f in ("1x", "10x"):
            r = mem[f]
            parts = [r.get("loader_rss_mb"), r.get("reader_rss_mb")]
            split = " | ".join("?" if v is None else f"{v:.0f}" for v in parts)
            lines.append(
                f"| {f} | {r['party_records']:,} | {r['records']:,} | "
                f"{r['file_mb']:.1f} | {r['peak_rss_mb']:.0f} | {split} |"
            )
        lines += ["", f"10x / 1x peak RSS: {mem['ratio']:.2f}.", ""]
    if report.get("profiles"):
        lines += ["## Profiles", ""]
        for title, text in report["profiles"].items():
            lines += [f"### {title}", "", "```", text.rstrip(), "```", ""]
    if report.get("notes"):
        lines += ["## Notes", ""]
        for note in report["notes"]:
            lines += [note, ""]  # each its own paragraph
    lines += [DESIGN_MEASUREMENTS.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(lines)


# -- main --------------------------------------------------------------------
def save(report: dict[str, Any], out: Path, started: float) -> None:
    """Write the report so far (JSON and Markdown): a run stopped part-way
    still leaves the sections it finished."""
    report["total_seconds"] = time.perf_counter() - started
    out.with_suffix(".json").write_text(json.dumps(report, indent=1, default=str))
    out.write_text(render(report), encoding="utf-8")


@contextlib.contextmanager
def neo4j_for_run(args: argparse.Namespace) -> Iterator[tuple[Settings, int | None]]:
    """Settings for the run's Neo4j, and its process id when the run started it."""
    base = Settings()
    if base.neo4j_uri:
        yield base.model_copy(update={"batch_size": args.batch_size or base.batch_size}), None
        return
    from graphsvc.neo4j_runtime.server import LocalNeo4j, free_port

    tmp = Path(tempfile.mkdtemp(prefix="graphsvc-bench-"))
    server = LocalNeo4j(
        data_dir=tmp / "neo4j",
        cache_dir=base.cache_dir,
        port=free_port(),
        password=secrets.token_urlsafe(12),
        heap=args.heap,
        pagecache=args.pagecache,
    )
    status = server.start(timeout=240)
    try:
        yield (
            Settings(
                neo4j_uri=server.bolt_uri,
                neo4j_password=server.password,  # type: ignore[arg-type]
                home=tmp / "home",
                batch_size=args.batch_size or base.batch_size,
            ),
            status.pid,
        )
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def run(
    settings: Settings,
    driver: neo4j.Driver,
    *,
    size: int,
    runs: int,
    out: Path,
    work: Path,
    seed: int = 7,
    ingest_runs: int | None = None,
    resolution_runs: int | None = None,
    resolution_size: int | None = None,
    query_seconds: float = 5.0,
    warmup_seconds: float = 20.0,
    ramp_seconds: float = 1.0,
    clients: Sequence[int] = (1, 16, 64),
    api_workers: int = 1,
    memory_base: int | None = None,
    profile: bool = True,
    neo4j_pid: int | None = None,
    command: str = "",
    heap: str = "?",
    pagecache: str = "?",
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    started = time.perf_counter()
    report: dict[str, Any] = {
        "command": command or f"python -m bench.run --size {size}",
        "date": dt.datetime.now().isoformat(timespec="minutes"),
        "size": size,
        "seed": seed,
        "batch_size": settings.batch_size,
        "neo4j_heap": heap,
        "neo4j_pagecache": pagecache,
        "machine": machine(driver, settings),
        "notes": list(notes),
    }
    data = work / "data"
    log(f"generating {size:,}")
    manifest = gen.generate(size, data, seed)
    report["data"] = {
        "party_records": manifest["party_records"],
        "counts": manifest["counts"],
        "super_links": manifest["super_links"],
        "total_mb": sum((data / f).stat().st_size for f in gen.FILES) / 2**20,
    }
    ingest_runs = ingest_runs or runs
    report["ingest"] = bench_ingest(driver, settings, data, ingest_runs)
    save(report, out, started)
    if neo4j_pid is not None:
        # Resolution and rebuild have just written gigabytes: Neo4j flushes
        # them in the background, which would land in the first query phases.
        report["quiet_wait_seconds"] = wait_for_quiet(neo4j_pid)
    log("queries")
    report["queries"] = bench_queries(
        driver,
        settings,
        manifest,
        clients=clients,
        runs=runs,
        seconds=query_seconds,
        api_workers=api_workers,
        warmup=warmup_seconds,
        ramp=ramp_seconds,
    )
    save(report, out, started)
    report["profiles"] = {}
    if profile:
        top = 16 if 16 in clients else max(clients)
        slowest = max(
            (k for k in report["queries"]["results"] if k.endswith(f"/{top}/cypher")),
            key=lambda k: report["queries"]["results"][k]["p99"]["median"],
        )
        kind = slowest.split("/")[0]
        params = query_params(driver, settings, manifest)[kind][0]
        name, fn = max(cypher_calls(kind), key=lambda c: c[0] not in ("entity/by_ids",))
        report["profiles"][f"Neo4j PROFILE of {name} (slowest at 16 clients: {kind})"] = "\n".join(
            profile_query(driver, settings, name, fn(params))
        )
    log("updates")
    report["updates"] = bench_updates(driver, settings, data, work)
    save(report, out, started)
    log("resolution")
    report["resolution"] = bench_resolution(resolution_size or size, resolution_runs or runs)
    save(report, out, started)
    log("memory")
    base = memory_base or max(200, min(size // 10, 20_000))
    report["memory"] = bench_memory(settings, work, base, seed)
    if profile:
        # Into an empty graph: resolving a small file set into the loaded 1M
        # graph would re-resolve all of it under the profiler.
        log("profile of a load")
        wipe(driver, settings)
        dest = work / "ingest-profile.txt"
        report["profiles"][
            f"pyinstrument: load_paths with resolution into an empty graph, {base:,} party records"
        ] = profile_ingest(settings, work, base, seed, dest)
    save(report, out, started)
    log(f"wrote {out}")
    return report


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--ingest-runs", type=int, default=None, help="default: --runs, 1 above 200,000"
    )
    ap.add_argument("--resolution-runs", type=int, default=None)
    ap.add_argument(
        "--resolution-size",
        type=int,
        default=None,
        help="records for the resolver speed run (default: --size)",
    )
    ap.add_argument("--query-seconds", type=float, default=5.0)
    ap.add_argument(
        "--warmup-seconds",
        type=float,
        default=20.0,
        help="warm-up of each query and mode before its phases, reported apart",
    )
    ap.add_argument(
        "--ramp-seconds",
        type=float,
        default=1.0,
        help="unmeasured load before each phase, at the phase's number of clients",
    )
    ap.add_argument(
        "--api-workers", type=int, default=1, help="GRAPHSVC_API_WORKERS of the API under test"
    )
    ap.add_argument("--clients", default="1,16,64")
    ap.add_argument("--memory-base", type=int, default=None)
    ap.add_argument("--batch-size", type=int, default=None)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--heap", default=os.environ.get("GRAPHSVC_NEO4J_HEAP", "4g"))
    ap.add_argument("--pagecache", default=os.environ.get("GRAPHSVC_NEO4J_PAGECACHE", "4g"))
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--note", action="append", default=[], help="a line for the Notes section")
    ap.add_argument("--work", type=Path, default=None, help="where generated files go")
    ap.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    ap.add_argument("--render", type=Path, default=None, help="only render this JSON report")
    args = ap.parse_args(argv)
    if args.render is not None:
        report = json.loads(args.render.read_text())
        report["notes"] = [*report.get("notes", []), *args.note]
        args.out.write_text(render(report), encoding="utf-8")
        return
    big = args.size > 200_000
    with neo4j_for_run(args) as (settings, neo4j_pid):
        driver = open_driver(settings)
        apply_schema(driver, settings)
        work = args.work or Path(tempfile.mkdtemp(prefix="graphsvc-bench-data-"))
        try:
            run(
                settings,
                driver,
                size=args.size,
                runs=args.runs,
                out=args.out,
                work=work,
                seed=args.seed,
                ingest_runs=args.ingest_runs or (1 if big else args.runs),
                resolution_runs=args.resolution_runs or (1 if big else args.runs),
                resolution_size=args.resolution_size,
                query_seconds=args.query_seconds,
                warmup_seconds=args.warmup_seconds,
                ramp_seconds=args.ramp_seconds,
                api_workers=args.api_workers,
                clients=[int(c) for c in args.clients.split(",")],
                memory_base=args.memory_base,
                profile=not args.no_profile,
                neo4j_pid=neo4j_pid,
                command="python -m bench.run " + " ".join(sys.argv[1:] if argv is None else argv),
                heap=args.heap,
                pagecache=args.pagecache,
                notes=args.note,
            )
        finally:
            driver.close()
            if args.work is None:
                shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
