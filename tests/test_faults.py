"""Faults injected into a real deployment: Neo4j stopped under API traffic and
under a load, the loader killed. Every answer is a normal one or a 503 with
the reason, a re-run load leaves a clean load's graph, and everything recovers
once Neo4j is back without restarting the API.

One Neo4j of this module's own (not the session's) is stopped and restarted
by the tests. The figures (faults, outcomes, recovery times) are printed at
the end of the module: run with ``-s`` to see them.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest
import uvicorn

from graphsvc.api.app import create_app
from graphsvc.db import apply_schema, open_driver
from graphsvc.neo4j_runtime.server import LocalNeo4j, free_port
from graphsvc.settings import Settings
from tests.conftest import CASE_DATA, cache_dir, wipe
from tests.graphtools import fingerprint, load_files
from tests.test_readme_examples import examples

QUERY_TIMEOUT = Settings().query_timeout  # the deployed default
# Small batches: a load of the bundled case runs long enough to be stopped in.
# Clean loads and re-runs use the default size, which must not change the graph.
SMALL_BATCH = 20


@dataclass
class Fault:
    server: LocalNeo4j
    settings: Settings
    driver: neo4j.Driver
    home: Path
    figures: list[str] = field(default_factory=list)

    def stop(self) -> float:
        t = time.monotonic()
        assert self.server.stop(), "the module's Neo4j was not running"
        return time.monotonic() - t

    def start(self) -> float:
        t = time.monotonic()
        self.server.start(timeout=240)
        return time.monotonic() - t

    def cli_env(self, batch_size: int, atomic_load_records: int = 50_000) -> dict[str, str]:
        return {
            "GRAPHSVC_ATOMIC_LOAD_RECORDS": str(atomic_load_records),
            **os.environ,
            "GRAPHSVC_NEO4J_URI": self.server.bolt_uri,
            "GRAPHSVC_NEO4J_PASSWORD": self.server.password,
            "GRAPHSVC_HOME": str(self.home),
            "GRAPHSVC_BATCH_SIZE": str(batch_size),
            "COLUMNS": "400",
        }


@pytest.fixture(scope="module")
def fault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fault]:
    server = LocalNeo4j(
        data_dir=tmp_path_factory.mktemp("fault-neo4j"),
        cache_dir=cache_dir(),
        port=free_port(),
        password=secrets.token_urlsafe(12),
        heap="512m",
        pagecache="64m",
    )
    server.start(timeout=240)
    cfg = Settings(
        neo4j_uri=server.bolt_uri,
        neo4j_password=server.password,  # type: ignore[arg-type]
        home=tmp_path_factory.mktemp("fault-home"),
        query_timeout=QUERY_TIMEOUT,
        # the clients here ask faster than an anonymous caller may; the guard
        # has its own tests
        rate_limits=False,
    )
    driver = open_driver(cfg)
    apply_schema(driver, cfg)
    state = Fault(server, cfg, driver, cfg.home)
    try:
        yield state
    finally:
        driver.close()
        server.stop()
        print("\nfault figures:\n  " + "\n  ".join(state.figures))


@pytest.fixture()
def running(fault: Fault) -> Fault:
    """The module's Neo4j, started again if a test left it stopped."""
    if not fault.server.status().running:
        fault.start()
    return fault


@pytest.fixture(scope="module")
def clean_case(fault: Fault) -> str:
    """The bundled case loaded into an empty graph; its fingerprint."""
    wipe(fault.driver, fault.settings)
    load_files(fault.driver, fault.settings, _case())
    return fingerprint(fault.driver)


def _case() -> list[Path]:
    from loaders.ingest import expand_paths

    return expand_paths([CASE_DATA])


@pytest.fixture(scope="module")
def api_url(fault: Fault) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(fault.settings), host="127.0.0.1", port=port, log_level="critical"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# -- a. Neo4j stopped under API traffic ---------------------------------------


@dataclass
class Answer:
    title: str
    status: int
    seconds: float
    body: Any
    phase: str


def _post(client: httpx.Client, query: str) -> tuple[int, float, Any]:
    t = time.monotonic()
    resp = client.post("/graphql", json={"query": query})
    body = resp.json()
    body.pop("extensions", None)  # the query's cost, beside the answer
    return resp.status_code, time.monotonic() - t, body


def _names_the_outage(answer: Answer) -> bool:
    """A 503 with the reason, or (Neo4j going away half-way through a query)
    a partial answer, 200 as GraphQL over HTTP asks, whose every error names
    the outage at the field it struck."""
    errors = answer.body.get("errors") or [{}]
    reasoned = all(
        "Neo4j" in str(e.get("message", ""))
        and (e.get("extensions") or {}).get("code") == "DATABASE_UNAVAILABLE"
        for e in errors
    )
    partial = answer.status == -1 and answer.body.get("data") is not None
    return reasoned and (answer.status == 503 or (partial and bool(answer.body.get("errors"))))


def test_queries_while_neo4j_stops_answer_or_503_and_recover(
    running: Fault, clean_case: str, api_url: str
) -> None:
    cases = examples()[:4]
    answers: list[Answer] = []
    done = threading.Event()
    phase = ["before"]

    def client_loop() -> None:
        with httpx.Client(base_url=api_url, timeout=60) as client:
            while not done.is_set():
                # No traffic while Neo4j starts: such queries wait for the
                # database and end as timeouts, which this test does not judge.
                if phase[0] == "starting":
                    time.sleep(0.1)
                    continue
                for title, query, expected in cases:
                    status, seconds, body = _post(client, query)
                    answers.append(Answer(title, status, seconds, body, phase[0]))
                    if status == 200 and body != {"data": expected}:
                        answers[-1].status = -1  # a 200 that is not the normal answer

    with httpx.Client(base_url=api_url, timeout=60) as probe:
        for title, query, expected in cases:
            assert _post(probe, query)[2] == {"data": expected}, title
        workers = [threading.Thread(target=client_loop) for _ in range(3)]
        for w in workers:
            w.start()
        try:
            time.sleep(2)
            phase[0] = "stopping"
            stop_seconds = running.stop()
            phase[0] = "down"
            health = probe.get("/healthz")
            time.sleep(2)  # queries keep coming while Neo4j is down
            phase[0] = "starting"
            start_seconds = running.start()
            phase[0] = "restarted"
            back = time.monotonic()
            recovered = None
            while recovered is None and time.monotonic() - back < 60:
                if all(_post(probe, q)[2] == {"data": a} for _t, q, a in cases):
                    recovered = time.monotonic() - back
                else:
                    time.sleep(0.2)
        finally:
            done.set()
            for w in workers:
                w.join(timeout=60)

    assert health.status_code == 503, health.text
    assert health.json()["neo4j"]["reachable"] is False
    assert "cannot reach Neo4j" in health.json()["neo4j"]["reason"]
    bad = [a for a in answers if a.status != 200 and not _names_the_outage(a)]
    assert bad == [], [(a.phase, a.title[:20], a.status, round(a.seconds, 1), a.body) for a in bad]
    ok = sum(a.status == 200 for a in answers)
    unavailable = sum(a.status == 503 for a in answers)
    partial = len(answers) - ok - unavailable
    assert ok and unavailable, "traffic saw both normal answers and the outage"
    slowest = max(a.seconds for a in answers)
    assert slowest <= QUERY_TIMEOUT + 5, f"an answer took {slowest:.1f}s"
    assert recovered is not None, "queries did not succeed again within 60s of the restart"
    running.figures.append(
        f"a. Neo4j stopped under 3 clients: {len(answers)} answers, {ok} normal, "
        f"{unavailable} 503 with the reason, {partial} partial naming the outage, 0 other "
        f"({_by_phase(answers)}); slowest "
        f"{slowest:.1f}s; stop "
        f"{stop_seconds:.1f}s, restart {start_seconds:.1f}s, queries normal again "
        f"{recovered:.1f}s after the restart"
    )


def _by_phase(answers: list[Answer]) -> str:
    counts: dict[str, list[int]] = {}
    for a in answers:
        counts.setdefault(a.phase, [0, 0])[a.status != 200] += 1
    return ", ".join(f"{p}: {n} normal/{u} 503" for p, (n, u) in counts.items())


# -- b. Neo4j stopped under a load; c. the loader killed ----------------------


def _start_load(fault: Fault, *, atomic: bool) -> tuple[subprocess.Popen[str], list[str]]:
    """``graphsvc load`` of the bundled case (in one transaction, or committed in
    batches), returned once it is connected and loading; the stderr lines read so far."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphsvc.cli", "load", str(CASE_DATA)],
        env=fault.cli_env(SMALL_BATCH, 50_000 if atomic else 0),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    seen: list[str] = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith("connected to Neo4j"):
            break
    time.sleep(1.0)  # into the write pass
    assert proc.poll() is None, "the load ended before the fault: " + "".join(seen)
    return proc, seen


def _rerun(fault: Fault) -> float:
    t = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "graphsvc.cli", "load", str(CASE_DATA)],
        env=fault.cli_env(fault.settings.batch_size),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return time.monotonic() - t


def test_load_stopped_by_neo4j_outage_then_rerun_equals_clean(
    running: Fault, clean_case: str
) -> None:
    wipe(running.driver, running.settings)
    t = time.monotonic()
    proc, _seen = _start_load(running, atomic=False)
    stop_seconds = running.stop()
    out, err = proc.communicate(timeout=120)
    failed_after = time.monotonic() - t
    assert proc.returncode != 0, out + err
    # one line that says what happened and what to do, not a traceback
    assert "Traceback" not in err, err
    assert "run the same command again" in err, err
    start_seconds = running.start()
    rerun_seconds = _rerun(running)
    assert fingerprint(running.driver) == clean_case
    running.figures.append(
        f"b. Neo4j stopped during `graphsvc load` (committing in batches): exit {proc.returncode} "
        f"{failed_after:.1f}s after the load began (stop {stop_seconds:.1f}s); restart "
        f"{start_seconds:.1f}s; re-run {rerun_seconds:.1f}s, graph equal to a clean load"
    )


def test_loader_killed_then_rerun_equals_clean(running: Fault, clean_case: str) -> None:
    wipe(running.driver, running.settings)
    proc, _seen = _start_load(running, atomic=True)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    rerun_seconds = _rerun(running)
    assert fingerprint(running.driver) == clean_case
    running.figures.append(
        f"c. `graphsvc load` SIGKILLed mid-load (one transaction): re-run "
        f"{rerun_seconds:.1f}s, graph equal to a clean load"
    )


# -- d. a write while Neo4j is down -----------------------------------------

ADD_CLAIM = """mutation($c: ClaimInput!) { addClaim(claim: $c) { recordId status } }"""
JUDGE = """mutation { judge(left: "moscow-case:visionlabs", right: "moscow-case:tevian",
  verdict: NEGATIVE) { id } }"""
CLAIM = {
    "id": "fault-claim",
    "schema": "Company",
    "properties": {"name": ["Fault Test Company"]},
    "citation": {"publisher": "Test Gazette", "published": "2024-05-01", "quote": "as reported"},
}


def _assert_reasoned_503(resp: httpx.Response) -> None:
    assert resp.status_code == 503, resp.text
    (error,) = resp.json()["errors"]
    assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE", error
    assert error["message"] == "cannot reach Neo4j; try again shortly", error


def _writer_key(running: Fault, name: str) -> tuple[str, Any]:
    """A writer key, and the caller its check returns (for a check made
    before Neo4j stopped)."""
    from graphsvc import auth

    key = auth.create_key(running.driver, running.settings, name, "writer")[1]
    return key, auth.Caller(key.split("_")[1], name, "writer")


def _claim_audits(running: Fault, record: str) -> int:
    rows, _, _ = running.driver.execute_query(
        "MATCH (a:AuditEntry {action: 'add_claim'}) WHERE a.detail CONTAINS $record "
        "RETURN count(a) AS n",
        record=record,
    )
    return int(rows[0]["n"])


def test_mutations_while_neo4j_is_down_answer_503_with_the_reason(
    running: Fault, clean_case: str, api_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphsvc import auth

    key, caller = _writer_key(running, "fault-writer")
    headers = {"X-API-Key": key}

    async def checked_before_the_stop(*_args: Any, **_kwargs: Any) -> Any:
        return caller

    def both(client: httpx.Client) -> list[httpx.Response]:
        return [
            client.post("/graphql", json={"query": ADD_CLAIM, "variables": {"c": CLAIM}},
                        headers=headers),
            client.post("/graphql", json={"query": JUDGE}, headers=headers),
        ]  # fmt: skip

    with httpx.Client(base_url=api_url, timeout=60) as client:
        running.stop()
        # the key check is the first to meet the stopped server
        key_check = both(client)
        # a key accepted before the stop: the write itself meets it
        monkeypatch.setattr(auth, "require_role", checked_before_the_stop)
        write = both(client)
        monkeypatch.undo()
        running.start()
        for resp in key_check + write:
            _assert_reasoned_503(resp)
        back = client.post(
            "/graphql", json={"query": ADD_CLAIM, "variables": {"c": CLAIM}}, headers=headers
        )
        judged = client.post("/graphql", json={"query": JUDGE}, headers=headers)
    assert back.status_code == 200 and back.json()["data"]["addClaim"]["status"] == "created"
    assert judged.status_code == 200 and "errors" not in judged.json(), judged.text
    running.figures.append(
        "d. addClaim and judge with a writer key while Neo4j is down (key check, then the "
        "write itself): 503 DATABASE_UNAVAILABLE with the reason; both succeed after the restart"
    )


def test_a_write_cut_off_before_its_commit_answers_503_and_leaves_nothing(
    running: Fault, clean_case: str, api_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neo4j stops after the claim and its audit entry are sent, before the
    entities are rebuilt and all of it commits: nothing of it stays."""
    from graphsvc.store import writer

    key, _caller = _writer_key(running, "fault-cut-writer")
    claim = {**CLAIM, "id": "fault-cut-claim"}
    record = "claims:fault-cut-claim"
    resolve = writer.resolve_graph

    def stop_then_resolve(*args: Any, **kwargs: Any) -> Any:
        running.stop()  # in the write's worker thread, its transaction open
        return resolve(*args, **kwargs)

    monkeypatch.setattr(writer, "resolve_graph", stop_then_resolve)
    with httpx.Client(base_url=api_url, timeout=120) as client:
        cut = client.post("/graphql", json={"query": ADD_CLAIM, "variables": {"c": claim}},
                          headers={"X-API-Key": key})  # fmt: skip
    monkeypatch.undo()
    running.start()
    _assert_reasoned_503(cut)
    rows, _, _ = running.driver.execute_query("MATCH (r:Record {id: $id}) RETURN r", id=record)
    assert rows == [], "the claim was not committed"
    assert _claim_audits(running, record) == 0, "nor its audit entry"
    running.figures.append(
        "e. Neo4j stopped inside addClaim's transaction: 503 with the reason; neither the "
        "record nor its audit entry was committed"
    )
