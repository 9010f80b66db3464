"""One writer at a time per database: a load holds the graph's write lease in
Neo4j, so a second load waits (and says for whom), an API claim waits until
the load ends, and a writer killed on this machine does not hold up the next."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.auth import create_key
from graphsvc.errors import WriteBusy
from graphsvc.settings import Settings
from graphsvc.store.lease import WriteLease, gone, holder_name
from tests.conftest import CASE_DATA
from tests.graphtools import fingerprint, query

ADD = "mutation($c: ClaimInput!) { addClaim(claim: $c) { recordId status } }"
CLAIM = {
    "id": "lease-claim",
    "schema": "Company",
    "properties": {"name": ["NtechLab"], "country": ["ru"]},
    "citation": {"publisher": "Test Gazette", "published": "2024-05-01", "quote": "as reported"},
}


def _env(settings: Settings, **extra: str) -> dict[str, str]:
    assert settings.neo4j_uri is not None and settings.neo4j_password is not None
    return {
        **os.environ,
        "GRAPHSVC_NEO4J_URI": settings.neo4j_uri,
        "GRAPHSVC_NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        "GRAPHSVC_HOME": str(settings.home),
        "COLUMNS": "400",
        **extra,
    }


def _holder(driver: neo4j.Driver) -> str | None:
    rows = query(driver, "MATCH (l:WriteLock {id: 'people'}) RETURN l.holder AS h")
    return rows[0]["h"] if rows else None


def _keep_only_keys(driver: neo4j.Driver) -> None:
    query(driver, "MATCH (n) WHERE NOT n:ApiKey DETACH DELETE n")


@pytest.fixture()
def writer_api(clean_graph: neo4j.Driver, settings: Settings) -> Iterator[tuple[TestClient, str]]:
    key = create_key(clean_graph, settings, "lease-writer", "writer")[1]
    # a claim waits out the whole load, however slow the machine
    patient = settings.model_copy(update={"write_wait": 300.0})
    with TestClient(create_app(patient)) as client:
        yield client, key


def _claim(api: TestClient, key: str) -> dict[str, Any]:
    resp = api.post(
        "/graphql", json={"query": ADD, "variables": {"c": CLAIM}}, headers={"X-API-Key": key}
    )
    body: dict[str, Any] = {"status": resp.status_code, **resp.json()}
    return body


def _load_cli(settings: Settings, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "graphsvc.cli", "load", str(CASE_DATA)],
        env=_env(settings, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_claim_during_a_load_waits_and_ends_as_one_after_the_other(
    writer_api: tuple[TestClient, str], clean_graph: neo4j.Driver, settings: Settings
) -> None:
    api, key = writer_api
    done = subprocess.run(
        [sys.executable, "-m", "graphsvc.cli", "load", str(CASE_DATA)],
        env=_env(settings),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert _claim(api, key)["data"]["addClaim"]["status"] == "created"
    one_after_the_other = fingerprint(clean_graph)

    _keep_only_keys(clean_graph)
    proc = _load_cli(settings)
    deadline = time.monotonic() + 120
    while _holder(clean_graph) is None:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the load never took the write lease"
        time.sleep(0.05)
    answer = _claim(api, key)  # sent while the load holds the lease: it waits
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert answer["status"] == 200 and "errors" not in answer, answer
    assert answer["data"]["addClaim"]["status"] == "created"
    at = "MATCH (a:AuditEntry {action: $a}) RETURN max(a.at) AS last, min(a.at) AS first"
    load = query(clean_graph, at, a="load")[0]
    claim = query(clean_graph, at, a="add_claim")[0]
    assert load["last"] <= claim["first"], "the claim was written after the load"
    assert _holder(clean_graph) is None, "the lease was given back"
    assert fingerprint(clean_graph) == one_after_the_other


def test_a_second_load_waits_and_names_the_holder(
    clean_graph: neo4j.Driver, settings: Settings
) -> None:
    with WriteLease(clean_graph, settings, "another load"):
        proc = _load_cli(settings, GRAPHSVC_WRITE_LEASE_WAIT="2")
        _out, err = proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert "waiting for the write lease: held by another load" in err, err
    assert "the graph is being written (another load" in err, err
    assert "Traceback" not in err, err
    assert query(clean_graph, "MATCH (r:Record) RETURN count(r) AS n")[0]["n"] == 0


def test_an_api_claim_answers_503_when_a_load_holds_on(
    clean_graph: neo4j.Driver, settings: Settings
) -> None:
    key = create_key(clean_graph, settings, "lease-writer", "writer")[1]
    patient = settings.model_copy(update={"write_wait": 1.0})
    with TestClient(create_app(patient)) as api, WriteLease(clean_graph, settings, "a long load"):
        t = time.monotonic()
        answer = _claim(api, key)
        waited = time.monotonic() - t
    assert answer["status"] == 503, answer
    error = answer["errors"][0]
    assert error["extensions"]["code"] == "WRITE_BUSY"
    assert "the graph is being written (a long load" in error["message"]
    assert waited >= 1.0
    assert query(clean_graph, "MATCH (r:Record) RETURN count(r) AS n")[0]["n"] == 0


def test_the_lease_of_a_killed_writer_on_this_machine_is_taken_at_once(
    clean_graph: neo4j.Driver, settings: Settings
) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = holder_name("graphsvc load").replace(f"(pid {os.getpid()},", f"(pid {dead.pid},")
    assert gone(stale) and not gone(holder_name("graphsvc load"))
    query(
        clean_graph,
        "MERGE (l:WriteLock {id: 'people'}) SET l.holder = $h, "
        "l.since = toString(datetime()), l.expires = datetime() + duration('PT1H')",
        h=stale,
    )
    t = time.monotonic()
    with WriteLease(clean_graph, settings.model_copy(update={"write_lease_wait": 5.0}), "next"):
        assert (_holder(clean_graph) or "").startswith("next by ")
    assert time.monotonic() - t < 5.0
    assert _holder(clean_graph) is None


def test_a_live_holder_elsewhere_is_waited_for_until_its_lease_runs_out(
    clean_graph: neo4j.Driver, settings: Settings
) -> None:
    query(
        clean_graph,
        "MERGE (l:WriteLock {id: 'people'}) SET l.holder = 'a load by x@elsewhere "
        "(pid 1, abc)', l.since = toString(datetime()), "
        "l.expires = datetime() + duration('PT2S')",
    )
    waits: list[str] = []
    lease = WriteLease(
        clean_graph,
        settings.model_copy(update={"write_lease_wait": 30.0}),
        "next",
        on_wait=lambda h, _s: waits.append(h),
    )
    with lease:
        assert (_holder(clean_graph) or "").startswith("next by ")
    assert waits == ["a load by x@elsewhere (pid 1, abc)"]
    impatient = settings.model_copy(update={"write_lease_wait": 1.0})
    with (
        pytest.raises(WriteBusy),
        WriteLease(clean_graph, settings, "holder"),
        WriteLease(clean_graph, impatient, "second"),
    ):
        pytest.fail("a second lease was granted while the first was held")
