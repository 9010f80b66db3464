"""API keys, roles and the audit log against a real Neo4j, keys made by the CLI."""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import neo4j
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graphsvc import auth
from graphsvc.api.app import create_app
from graphsvc.cli import app as cli_app
from graphsvc.db import open_async_driver, run_read
from graphsvc.errors import Forbidden, Unauthorized
from graphsvc.graph.neo4j_store import Neo4jStore
from graphsvc.settings import Settings

T = TypeVar("T")
KEY = re.compile(r"gsk_[0-9a-f]{12}_[A-Za-z0-9_\-]+")
ORIGIN = "192.0.2.1 probe/0.1"


def with_repo(settings: Settings, fn: Callable[[Neo4jStore], Awaitable[T]]) -> T:
    """Run an async repository call in its own event loop, as a request would."""

    async def go() -> T:
        driver = open_async_driver(settings)
        try:
            return await fn(Neo4jStore(driver, settings))
        finally:
            await driver.close()

    return asyncio.run(go())


def create(cli: Callable[..., Any], name: str, role: str) -> str:
    result = cli("keys", "create", name, "--role", role)
    found = KEY.findall(result.stdout)
    assert len(found) == 1, result.output
    return str(found[0])


def key_id(raw: str) -> str:
    return raw.split("_")[1]


def test_cli_key_is_stored_hashed(
    cli: Callable[..., Any], settings: Settings, clean_graph: neo4j.Driver
) -> None:
    raw = create(cli, "ci loader", "writer")
    secret = raw.split("_", 2)[2]
    rows = run_read(clean_graph, settings, "MATCH (k:ApiKey) RETURN properties(k) AS k")
    assert len(rows) == 1
    stored = rows[0]["k"]
    assert stored["id"] == key_id(raw) and stored["name"] == "ci loader"
    assert stored["role"] == "writer" and stored["created"] and stored.get("revoked") is None
    assert stored["hash"] == hashlib.sha256(secret.encode()).hexdigest()
    # The secret is nowhere in the database, under any label.
    everything = run_read(clean_graph, settings, "MATCH (n) RETURN properties(n) AS p")
    assert secret not in json.dumps([r["p"] for r in everything], default=str)
    listing = cli("keys", "list").stdout
    assert key_id(raw) in listing and secret not in listing
    # Creating the key left an audit entry by the CLI.
    entries = run_read(clean_graph, settings, "MATCH (a:AuditEntry) RETURN properties(a) AS a")
    assert [e["a"]["action"] for e in entries] == ["key.create"]
    entry = entries[0]["a"]
    assert json.loads(entry["detail"])["key_id"] == key_id(raw)
    assert entry["origin"] == entry["actor"] == auth.cli_actor()
    assert "before" not in entry, "a new key had no before"
    assert json.loads(entry["after"]) == {"id": key_id(raw), "name": "ci loader",
                                          "role": "writer", "created": stored["created"],
                                          "revoked": None}  # fmt: skip


def test_roles_and_revocation(
    cli: Callable[..., Any],
    settings: Settings,
    clean_graph: neo4j.Driver,
    caplog: pytest.LogCaptureFixture,
) -> None:
    reader = create(cli, "analyst", "reader")
    writer = create(cli, "loader", "writer")

    def check(raw: str | None, role: str) -> auth.Caller:
        return with_repo(settings, lambda repo: auth.require_role(
            repo, raw, role, action="test.check", origin=ORIGIN))  # fmt: skip

    caller = check(writer, "writer")
    assert (caller.key_id, caller.name, caller.role) == (key_id(writer), "loader", "writer")
    assert check(writer, "reader").role == "writer"  # a higher role does the lower's work
    caplog.set_level("WARNING", logger="graphsvc.auth")
    with pytest.raises(Forbidden) as refused:
        check(reader, "writer")
    assert refused.value.status_code == 403 and "writer role" in str(refused.value)
    # the caller is told what to do; the key and its role are for the log only
    assert key_id(reader) not in str(refused.value) and "has reader" not in str(refused.value)
    assert any(f"API key {key_id(reader)} has reader" in r.getMessage() for r in caplog.records)
    zeros = "0" * 12
    for raw, words, key in [(None, "X-API-Key", "none"), ("letmein", "malformed", "malformed"),
                            (reader[:-4] + "AAAA", "unknown", f"gsk_{key_id(reader)}"),
                            (f"gsk_{zeros}_{'x' * 43}", "unknown", f"gsk_{zeros}")]:  # fmt: skip
        caplog.clear()
        with pytest.raises(Unauthorized) as denied:
            check(raw, "reader")
        assert denied.value.status_code == 401 and words in str(denied.value)
        (logged,) = [r for r in caplog.records if r.name == "graphsvc.auth"]
        assert logged.levelname == "WARNING"
        fields = tuple(getattr(logged, name, None) for name in ("action", "key", "origin"))
        assert fields == ("test.check", key, ORIGIN)
        message = logged.getMessage()
        assert "test.check" in message and words in message and ORIGIN in message
        if raw is not None:
            assert raw.split("_")[-1] not in message, "the secret is never logged"

    assert "revoked" in cli("keys", "revoke", key_id(writer)).stdout
    caplog.clear()
    with pytest.raises(Unauthorized, match="not valid") as gone:
        check(writer, "reader")
    assert key_id(writer) not in str(gone.value)  # nor when it was revoked
    assert any(
        f"API key {key_id(writer)} was revoked at" in r.getMessage()
        for r in caplog.records
        if r.name == "graphsvc.auth"
    )
    kept = run_read(clean_graph, settings, "MATCH (k:ApiKey {name: 'loader'}) "
                    "RETURN k.revoked IS NOT NULL AS revoked")  # fmt: skip
    assert kept == [{"revoked": True}]  # revoked keys stay, so audit entries name them
    unknown = CliRunner().invoke(cli_app, ["keys", "revoke", "ffffffffffff"])
    assert unknown.exit_code == 2 and "no API key" in unknown.output
    # Refusals are logged, never written: the only entries are the CLI's key actions.
    actions = run_read(clean_graph, settings, "MATCH (a:AuditEntry) RETURN a.action AS action")
    assert sorted(r["action"] for r in actions) == ["key.create", "key.create", "key.revoke"]


def test_audit_entries_over_http(
    cli: Callable[..., Any], settings: Settings, clean_graph: neo4j.Driver
) -> None:
    admin = create(cli, "ops", "admin")
    reader = create(cli, "analyst", "reader")
    revoked = create(cli, "old", "admin")
    cli("keys", "revoke", key_id(revoked))

    caller = with_repo(
        settings, lambda repo: auth.require_role(repo, admin, "writer", action="t", origin="t")
    )
    actor = auth.Actor.of(caller, "203.0.113.7 audit-test/1.0")

    def act(tx: neo4j.ManagedTransaction) -> str:
        for i in range(4):
            auth.write_audit(tx, actor, "judgement.create", {"pair": i}, before=None, after=i)
        return auth.write_audit(tx, actor, "claims.load", {"file": "owners.yaml"},
                                before={"n": 1}, after={"n": 2})  # fmt: skip

    with clean_graph.session(database=settings.neo4j_database) as session:
        last_id = session.execute_write(act)
    with TestClient(create_app(settings)) as client:
        assert client.get("/audit").status_code == 401
        assert client.get("/audit", headers={"X-API-Key": revoked}).status_code == 401
        denied = client.get("/audit", headers={"X-API-Key": reader})
        assert denied.status_code == 403 and "admin role" in denied.json()["message"]

        first = client.get("/audit", headers={"X-API-Key": admin}, params={"limit": 1})
        assert first.status_code == 200, first.text
        entry = first.json()["entries"][0]
        assert entry["id"] == last_id and entry["action"] == "claims.load"
        assert entry["actor"] == key_id(admin) and entry["actor_name"] == "ops"
        assert entry["detail"] == {"file": "owners.yaml"}
        assert entry["origin"] == "203.0.113.7 audit-test/1.0"
        assert (entry["before"], entry["after"]) == ({"n": 1}, {"n": 2})

        seen: list[str] = []
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
            page = client.get("/audit", headers={"X-API-Key": admin}, params=params).json()
            seen += [e["id"] for e in page["entries"]]
            cursor = page["next"]
            if cursor is None:
                break
        # 5 API entries, 3 key creations and 1 revocation by the CLI, each once.
        assert len(seen) == len(set(seen)) == 9
        assert client.get("/audit", headers={"X-API-Key": admin},
                          params={"limit": 101}).status_code == 422  # fmt: skip
        assert client.get("/audit", headers={"X-API-Key": admin},
                          params={"cursor": "%%%"}).status_code == 400  # fmt: skip


def test_request_origin_is_address_and_agent() -> None:
    assert auth.http_origin("203.0.113.9", "curl/8.5.0") == "203.0.113.9 curl/8.5.0"
    assert auth.http_origin(None, None) == "unknown -"
    # The agent is the client's text and ends up in logs: no control characters, bounded.
    forged = auth.http_origin("203.0.113.9", "x\r\nrefused judge: forged\x1b[2J" + "y" * 500)
    assert "\n" not in forged and "\r" not in forged and "\x1b" not in forged
    assert len(forged) <= len("203.0.113.9 ") + auth.MAX_USER_AGENT_CHARS


def test_roles_are_checked_by_name() -> None:
    with pytest.raises(Exception, match="unknown role"):
        auth.check_role("superuser")
    key_id_, secret, raw = auth.new_key()
    assert auth.parse_key(raw) == (key_id_, secret)
    assert auth.parse_key(raw + " ") == (key_id_, secret)
    assert auth.parse_key("gsk_xyz_abc") is None
