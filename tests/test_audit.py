"""Every accepted write leaves exactly one audit entry, in the write's own
transaction (who, when, what, before and after, origin); every refused write
leaves none and is logged. Against a real Neo4j, through GraphQL and the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, LiteralString

import neo4j
import pytest
from fastapi.testclient import TestClient

from graphsvc import auth
from graphsvc.api.app import create_app
from graphsvc.settings import Settings
from loaders.ingest import make_loader
from tests.conftest import FIXTURES
from tests.graphtools import query
from tests.test_load_idempotent import _newer_ofac_edition

AGENT = "audit-test/1.0"
ORIGIN = f"testclient {AGENT}"  # TestClient's client address, then the User-Agent
CITE = {"publisher": "Test Gazette", "published": "2024-05-01", "quote": "as reported"}
SDN = FIXTURES / "sanctions" / "ofac_sdn_new_ns.xml"
CLAIMS = FIXTURES / "claims_moscow_case.yaml"

ADD = """mutation($c: ClaimInput!) { addClaim(claim: $c) { recordId status auditId } }"""
JUDGE = """mutation($l: ID!, $r: ID!, $v: Verdict!, $n: String) {
  judge(left: $l, right: $r, verdict: $v, note: $n) { id verdict auditId } }"""


@pytest.fixture()
def server(clean_graph: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture()
def keys(clean_graph: neo4j.Driver, settings: Settings) -> dict[str, str]:
    made = {role: auth.create_key(clean_graph, settings, f"audit-{role}", role)[1]
            for role in ("reader", "writer")}  # fmt: skip
    revoked = auth.create_key(clean_graph, settings, "audit-revoked", "writer")[1]
    auth.revoke_key(clean_graph, settings, revoked.split("_")[1])
    return made | {"revoked": revoked}


def break_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on the audit entry's query fails; every other query runs as written."""
    real = auth.cypher

    def cypher(name: str) -> LiteralString:
        return "RETURN oops(" if name == "auth/write_audit" else real(name)

    monkeypatch.setattr(auth, "cypher", cypher)


def gql(api: TestClient, q: str, key: str | None = None, **variables: Any) -> dict[str, Any]:
    headers = {"User-Agent": AGENT} | ({"X-API-Key": key} if key else {})
    resp = api.post("/graphql", json={"query": q, "variables": variables}, headers=headers)
    body: dict[str, Any] = resp.json()
    return body


def claim(local: str, name: str) -> dict[str, Any]:
    return {"id": local, "schema": "Company", "properties": {"name": [name]}, "citation": CITE}


def entries(driver: neo4j.Driver, action: str) -> list[dict[str, Any]]:
    """The entries of one action, oldest first, JSON fields decoded."""
    rows = query(
        driver,
        "MATCH (a:AuditEntry {action: $action}) RETURN properties(a) AS a ORDER BY a.at",
        action=action,
    )
    found = []
    for row in rows:
        entry = row["a"]
        for key in ("detail", "before", "after"):
            entry[key] = json.loads(entry[key]) if entry.get(key) is not None else None
        found.append(entry)
    return found


def count(driver: neo4j.Driver, cypher: LiteralString, **params: Any) -> int:
    return int(query(driver, cypher, **params)[0]["n"])


def judgements(driver: neo4j.Driver) -> list[dict[str, Any]]:
    return query(driver, "MATCH (j:Judgement) RETURN j.id AS id, j.verdict AS verdict")


def record_names(driver: neo4j.Driver, record_id: str) -> list[list[str]]:
    rows = query(driver, "MATCH (r:Record {id: $id}) RETURN r.names AS names", id=record_id)
    return [r["names"] for r in rows]


# --- GraphQL ---------------------------------------------------------------------------


def test_graphql_writes_each_leave_one_entry_with_before_after_and_origin(
    server: TestClient, keys: dict[str, str], clean_graph: neo4j.Driver
) -> None:
    writer_id = keys["writer"].split("_")[1]
    made = gql(server, ADD, keys["writer"], c=claim("sfera-a", "Sfera Video"))
    assert made["data"]["addClaim"]["status"] == "created", made
    (entry,) = entries(clean_graph, "add_claim")
    assert entry["id"] == made["data"]["addClaim"]["auditId"]
    assert (entry["actor"], entry["actor_name"], entry["origin"]) == (
        writer_id,
        "audit-writer",
        ORIGIN,
    )
    assert entry["at"] and entry["detail"] == {
        "record": "claims:sfera-a",
        "dataset": "claims",
        "status": "created",
    }
    assert entry["before"] is None, "a new record had nothing before"
    assert entry["after"]["names"] == ["Sfera Video"]
    assert entry["after"]["props"] == {"name": ["Sfera Video"]}
    assert entry["after"]["citations"][0]["publisher"] == "Test Gazette"

    changed = gql(server, ADD, keys["writer"], c=claim("sfera-a", "Sfera Video Analytics"))
    assert changed["data"]["addClaim"]["status"] == "updated", changed
    second = entries(clean_graph, "add_claim")[1]
    assert second["id"] == changed["data"]["addClaim"]["auditId"]
    assert second["before"]["names"] == ["Sfera Video"]
    assert second["after"]["names"] == ["Sfera Video Analytics"]
    assert gql(server, ADD, keys["writer"], c=claim("sfera-b", "Sfera Videoanalytics"))["data"]

    pair = {"l": "claims:sfera-a", "r": "claims:sfera-b"}
    split = gql(server, JUDGE, keys["writer"], v="NEGATIVE", n="different firms", **pair)
    assert "errors" not in split, split
    (judged,) = entries(clean_graph, "judge")
    assert judged["id"] == split["data"]["judge"]["auditId"]
    assert judged["origin"] == ORIGIN and judged["actor"] == writer_id
    assert judged["detail"] == {"pair": split["data"]["judge"]["id"], "left": "claims:sfera-a",
                                "right": "claims:sfera-b", "verdict": "negative"}  # fmt: skip
    assert judged["before"] is None
    assert judged["after"]["verdict"] == "negative"
    assert judged["after"]["note"] == "different firms"
    assert judged["after"]["user"] == f"{writer_id}:audit-writer"

    joined = gql(server, JUDGE, keys["writer"], v="POSITIVE", **pair)
    again = entries(clean_graph, "judge")[1]
    assert again["id"] == joined["data"]["judge"]["auditId"]
    assert again["before"]["verdict"] == "negative" and again["before"]["note"] == "different firms"
    assert again["after"]["verdict"] == "positive" and again["after"]["note"] is None

    # One entry per write, no more.
    assert len(entries(clean_graph, "add_claim")) == 3
    assert len(entries(clean_graph, "judge")) == 2


def test_graphql_write_is_undone_when_its_audit_entry_fails(
    server: TestClient,
    keys: dict[str, str],
    clean_graph: neo4j.Driver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for local, name in (("sfera-a", "Sfera Video"), ("sfera-b", "Sfera Videoanalytics")):
        assert "errors" not in gql(server, ADD, keys["writer"], c=claim(local, name))
    audits = count(clean_graph, "MATCH (a:AuditEntry) RETURN count(a) AS n")
    break_audit(monkeypatch)

    split = gql(server, JUDGE, keys["writer"], l="claims:sfera-a", r="claims:sfera-b",
                v="NEGATIVE")  # fmt: skip
    assert split["data"] is None and split["errors"], split
    assert judgements(clean_graph) == [], "the judgement went with its audit entry"

    new = gql(server, ADD, keys["writer"], c=claim("sfera-c", "Sfera Cameras"))
    assert new["data"] is None and new["errors"], new
    assert record_names(clean_graph, "claims:sfera-c") == [], "the claim went with its entry"

    update = gql(server, ADD, keys["writer"], c=claim("sfera-a", "Renamed"))
    assert update["data"] is None and update["errors"], update
    assert record_names(clean_graph, "claims:sfera-a") == [["Sfera Video"]]

    assert count(clean_graph, "MATCH (a:AuditEntry) RETURN count(a) AS n") == audits


@pytest.mark.parametrize(
    ("who", "refusal", "logged_key"),
    [
        (None, "API key is needed", "none"),
        ("reader", "needs the writer role", "reader"),
        ("revoked", "API key is not valid", "revoked"),
        ("unknown", "API key is not valid", "gsk_000000000000"),
        ("malformed", "malformed API key", "malformed"),
    ],
)
def test_refused_writes_leave_no_entry_and_are_logged(
    server: TestClient,
    keys: dict[str, str],
    clean_graph: neo4j.Driver,
    caplog: pytest.LogCaptureFixture,
    who: str | None,
    refusal: str,
    logged_key: str,
) -> None:
    for local, name in (("sfera-a", "Sfera Video"), ("sfera-b", "Sfera Videoanalytics")):
        assert "errors" not in gql(server, ADD, keys["writer"], c=claim(local, name))
    audits = count(clean_graph, "MATCH (a:AuditEntry) RETURN count(a) AS n")
    raw = {"unknown": "gsk_000000000000_" + "x" * 30, "malformed": "let-me-in-please"}.get(
        who or "", keys.get(who or "")
    )
    if logged_key in keys:
        logged_key = f"gsk_{keys[logged_key].split('_')[1]}"
    caplog.set_level("WARNING", logger="graphsvc.auth")

    for action, out in (
        ("judge", gql(server, JUDGE, raw, l="claims:sfera-a", r="claims:sfera-b", v="POSITIVE")),
        ("add_claim", gql(server, ADD, raw, c=claim("sfera-c", "Sfera Cameras"))),
    ):
        assert out["data"] is None and refusal in out["errors"][0]["message"], out
        logged = [r for r in caplog.records if getattr(r, "action", None) == action]
        assert len(logged) == 1, caplog.records
        assert logged[0].levelname == "WARNING"
        assert (getattr(logged[0], "key", None), getattr(logged[0], "origin", None)) == (
            logged_key,
            ORIGIN,
        )
        message = logged[0].getMessage()
        assert action in message and ORIGIN in message and refusal in message
        if raw is not None:
            assert raw.split("_")[-1] not in message, "the secret is never logged"

    assert judgements(clean_graph) == []
    assert record_names(clean_graph, "claims:sfera-c") == []
    assert count(clean_graph, "MATCH (a:AuditEntry) RETURN count(a) AS n") == audits


# --- CLI -------------------------------------------------------------------------------


def test_cli_judge_is_audited_in_its_transaction(
    cli: Callable[..., Any], clean_graph: neo4j.Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("load", str(CLAIMS))
    pair = ("moscow-case:visionlabs", "moscow-case:mts")
    with monkeypatch.context() as m:
        break_audit(m)
        failed = cli("judge", *pair, "negative", ok=False)
        assert failed.exit_code != 0
    assert judgements(clean_graph) == [] and entries(clean_graph, "judge") == []

    cli("judge", *pair, "negative", "--note", "not the same company")
    (entry,) = entries(clean_graph, "judge")
    user = auth.cli_actor()
    assert entry["actor"] == entry["actor_name"] == entry["origin"] == user
    assert entry["detail"]["verdict"] == "negative"
    assert {entry["detail"]["left"], entry["detail"]["right"]} == set(pair)
    assert entry["before"] is None
    assert entry["after"]["verdict"] == "negative" and entry["after"]["user"] == user
    assert entry["after"]["note"] == "not the same company"
    assert judgements(clean_graph) == [{"id": entry["detail"]["pair"], "verdict": "negative"}]


def test_cli_load_leaves_one_entry_per_file_with_its_edition(
    cli: Callable[..., Any], clean_graph: neo4j.Driver, tmp_path: Path
) -> None:
    cli("load", str(SDN), str(CLAIMS))
    by_path = {e["detail"]["path"]: e for e in entries(clean_graph, "load")}
    assert set(by_path) == {str(SDN), str(CLAIMS)}
    sdn = by_path[str(SDN)]
    assert sdn["actor"] == sdn["actor_name"] == sdn["origin"] == auth.cli_actor()
    detail = sdn["detail"]
    assert detail["format"] == make_loader(SDN, None, None).format
    assert (detail["dataset"], detail["edition"]) == ("us_ofac_sdn", "2026-09-29")
    records = count(clean_graph, "MATCH (r:Record {dataset: 'us_ofac_sdn'}) RETURN count(r) AS n")
    assert detail["records"] == records == sum(detail["counts"].values())
    assert detail["counts"]["entities.created"] > 0 and detail["sanctions_ended"] == 0
    assert sdn["before"] == {"last_edition": None}
    assert sdn["after"] == {"last_edition": "2026-09-29", "sanctions_ended": 0}
    assert by_path[str(CLAIMS)]["detail"]["dataset"] == "moscow-case"

    newer = _newer_ofac_edition(tmp_path)
    cli("load", str(newer), "--allow-mass-delisting")
    (entry,) = [e for e in entries(clean_graph, "load") if e["detail"]["path"] == str(newer)]
    assert entry["detail"]["edition"] == "2026-10-15"
    assert entry["detail"]["sanctions_ended"] == 1
    assert entry["detail"]["counts"].get("entities.created", 0) == 0
    assert entry["before"] == {"last_edition": "2026-09-29"}
    assert entry["after"] == {"last_edition": "2026-10-15", "sanctions_ended": 1}


def test_cli_load_records_no_edition_without_its_entry(
    cli: Callable[..., Any], clean_graph: neo4j.Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        break_audit(m)
        failed = cli("load", str(SDN), ok=False)
    assert failed.exit_code != 0
    # The edition is recorded in the entry's transaction: neither is there.
    assert count(clean_graph, "MATCH (d:Dataset) RETURN count(d) AS n") == 0
    assert entries(clean_graph, "load") == []

    cli("load", str(SDN))  # the audit query works again: a re-run finishes the load
    (entry,) = entries(clean_graph, "load")
    assert entry["before"] == {"last_edition": None}
    assert query(clean_graph, "MATCH (d:Dataset {name: 'us_ofac_sdn'}) "
                 "RETURN d.last_edition AS e") == [{"e": "2026-09-29"}]  # fmt: skip


def test_cli_key_creation_is_undone_without_its_entry(
    cli: Callable[..., Any], clean_graph: neo4j.Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_audit(monkeypatch)
    failed = cli("keys", "create", "no audit", "--role", "writer", ok=False)
    assert failed.exit_code != 0
    assert count(clean_graph, "MATCH (k:ApiKey) RETURN count(k) AS n") == 0
