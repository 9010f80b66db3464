"""API keys, roles and the audit log against a real Neo4j, keys made by the CLI."""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections.abc import Awaitable, Callable, Iterator
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
from graphsvc.repository import Repository
from graphsvc.settings import Settings, get_settings

T = TypeVar("T")
KEY = re.compile(r"gsk_[0-9a-f]{12}_[A-Za-z0-9_\-]+")


def with_repo(settings: Settings, fn: Callable[[Repository], Awaitable[T]]) -> T:
    """Run an async repository call in its own event loop, as a request would."""

    async def go() -> T:
        driver = open_async_driver(settings)
        try:
            return await fn(Repository(driver, settings))
        finally:
            await driver.close()

    return asyncio.run(go())


@pytest.fixture()
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Any]]:
    """Invoke ``graphsvc`` in-process against the test server."""
    assert settings.neo4j_uri is not None and settings.neo4j_password is not None
    monkeypatch.setenv("GRAPHSVC_NEO4J_URI", settings.neo4j_uri)
    monkeypatch.setenv("GRAPHSVC_NEO4J_PASSWORD", settings.neo4j_password.get_secret_value())
    monkeypatch.setenv("GRAPHSVC_HOME", str(settings.home))
    get_settings.cache_clear()
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        result = runner.invoke(cli_app, list(args))
        assert result.exit_code == 0, result.output
        return result

    yield invoke
    get_settings.cache_clear()


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
    assert json.loads(entries[0]["a"]["detail"])["key_id"] == key_id(raw)


def test_roles_and_revocation(
    cli: Callable[..., Any], settings: Settings, clean_graph: neo4j.Driver
) -> None:
    reader = create(cli, "analyst", "reader")
    writer = create(cli, "loader", "writer")

    def check(raw: str | None, role: str) -> auth.Caller:
        return with_repo(settings, lambda repo: auth.require_role(repo, raw, role))

    caller = check(writer, "writer")
    assert (caller.key_id, caller.name, caller.role) == (key_id(writer), "loader", "writer")
    assert check(writer, "reader").role == "writer"  # a higher role does the lower's work
    with pytest.raises(Forbidden) as refused:
        check(reader, "writer")
    assert refused.value.status_code == 403 and "writer role" in str(refused.value)
    for raw, words in [(None, "X-API-Key"), ("letmein", "malformed"),
                       (reader[:-4] + "AAAA", "unknown"),
                       (f"gsk_{'0' * 12}_{'x' * 43}", "unknown")]:  # fmt: skip
        with pytest.raises(Unauthorized) as denied:
            check(raw, "reader")
        assert denied.value.status_code == 401 and words in str(denied.value)

    assert "revoked" in cli("keys", "revoke", key_id(writer)).stdout
    with pytest.raises(Unauthorized, match="revoked"):
        check(writer, "reader")
    kept = run_read(clean_graph, settings, "MATCH (k:ApiKey {name: 'loader'}) "
                    "RETURN k.revoked IS NOT NULL AS revoked")  # fmt: skip
    assert kept == [{"revoked": True}]  # revoked keys stay, so audit entries name them
    unknown = CliRunner().invoke(cli_app, ["keys", "revoke", "ffffffffffff"])
    assert unknown.exit_code == 2 and "no API key" in unknown.output


def test_audit_entries_over_http(
    cli: Callable[..., Any], settings: Settings, clean_graph: neo4j.Driver
) -> None:
    admin = create(cli, "ops", "admin")
    reader = create(cli, "analyst", "reader")
    revoked = create(cli, "old", "admin")
    cli("keys", "revoke", key_id(revoked))

    async def act(repo: Repository) -> str:
        caller = await auth.require_role(repo, admin, "writer")
        for i in range(4):
            await auth.audit(repo, caller, "judgement.create", {"pair": i})
        return await auth.audit(repo, caller, "claims.load", {"file": "owners.yaml"})

    last_id = with_repo(settings, act)
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


def test_roles_are_checked_by_name() -> None:
    with pytest.raises(Exception, match="unknown role"):
        auth.check_role("superuser")
    key_id_, secret, raw = auth.new_key()
    assert auth.parse_key(raw) == (key_id_, secret)
    assert auth.parse_key(raw + " ") == (key_id_, secret)
    assert auth.parse_key("gsk_xyz_abc") is None
