"""API keys, roles and the audit log.

A key reads ``gsk_<id>_<secret>``. Only the sha256 of the secret is stored, in
``(:ApiKey {id, name, role, hash, created, revoked})``, so a copy of the
database does not give anyone a working key; the full key is shown once, when
it is created. Roles are ordered: reader < writer < admin. Revoking keeps the
node (with the time) so that audit entries still name who acted.

Every write through the API calls ``require_role`` with the ``X-API-Key``
header value; a refusal is logged (logger ``graphsvc.auth``), never written to
Neo4j, so a caller without a key cannot make the server write. An accepted
write calls ``write_audit`` inside its own transaction: the change and its
entry (who, when, what, before and after, origin) commit together or not at
all. Keys are created, listed and revoked from the CLI (``graphsvc keys``) with
the sync functions at the end, which audit the same way.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import json
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import neo4j
import orjson

from graphsvc import pages
from graphsvc.db import run_read
from graphsvc.errors import BadRequest, Forbidden, NotFound, Unauthorized
from graphsvc.graph.neo4j_store import Neo4jStore
from graphsvc.settings import Settings
from queries import cypher

ROLES: dict[str, int] = {"reader": 1, "writer": 2, "admin": 3}
KEY_PREFIX = "gsk"
API_KEY_HEADER = "X-API-Key"
MAX_NAME_CHARS = 100
MAX_AUDIT_PAGE = 100
MAX_USER_AGENT_CHARS = 200

log = logging.getLogger("graphsvc.auth")

INVALID_KEY = "this API key is not valid (unknown or revoked); ask for a new one"

_KEY = re.compile(r"^gsk_([0-9a-f]{12})_([A-Za-z0-9_\-]{20,100})$")


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is acting: the key's id and name and its role."""

    key_id: str
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class Actor:
    """Who writes and from where, as the audit entry of the write names them."""

    id: str  # the key id, or "cli:<user>"
    name: str  # the key's name, or "cli:<user>"
    origin: str  # "<client address> <User-Agent>" of the request, or "cli:<user>"

    @classmethod
    def of(cls, caller: Caller, origin: str) -> Actor:
        return cls(caller.key_id, caller.name, origin)

    @classmethod
    def cli(cls) -> Actor:
        user = cli_actor()
        return cls(user, user, user)

    @property
    def label(self) -> str:
        """How judgements and claims name their author."""
        return self.id if self.id == self.name else f"{self.id}:{self.name}"


@dataclass(frozen=True, slots=True)
class ApiKeyInfo:
    id: str
    name: str
    role: str
    created: str
    revoked: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ApiKeyInfo:
        return cls(row["id"], row["name"], row["role"], row["created"], row["revoked"])


def now() -> str:
    """UTC, microseconds, one fixed format: such strings sort in time order."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_key() -> tuple[str, str, str]:
    """(id, secret, the full key to hand out)."""
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return key_id, secret, f"{KEY_PREFIX}_{key_id}_{secret}"


def parse_key(raw: str) -> tuple[str, str] | None:
    """(id, secret) of a well-formed key, else None."""
    m = _KEY.match(raw.strip())
    return (m.group(1), m.group(2)) if m else None


def check_role(role: str) -> str:
    if role not in ROLES:
        raise BadRequest(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
    return role


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME_CHARS:
        raise BadRequest(f"a key name must be 1 to {MAX_NAME_CHARS} characters")
    return name


def verify(row: dict[str, Any] | None, secret: str, role: str) -> Caller:
    """The caller behind a stored key row, or Unauthorized / Forbidden saying why."""
    # Compare digests in constant time; an unknown id compares against nothing.
    # Callers learn what to do; which key, its role and when it was revoked go
    # to the log only (the exception's detail).
    if row is None or not hmac.compare_digest(row["hash"], hash_secret(secret)):
        raise Unauthorized(INVALID_KEY, detail="unknown API key")
    if row["revoked"] is not None:
        raise Unauthorized(
            INVALID_KEY, detail=f"API key {row['id']} was revoked at {row['revoked']}"
        )
    if ROLES.get(row["role"], 0) < ROLES[role]:
        raise Forbidden(
            f"this needs the {role} role; use a key that has it",
            detail=f"API key {row['id']} has {row['role']}",
        )
    return Caller(row["id"], row["name"], row["role"])


def http_origin(client: str | None, user_agent: str | None) -> str:
    """The origin of an HTTP request: its client address, a space, its User-Agent.

    Control characters are dropped and the agent cut short: both land in logs."""
    agent = "".join(c for c in (user_agent or "-") if c.isprintable())[:MAX_USER_AGENT_CHARS]
    return f"{client or 'unknown'} {agent or '-'}"


async def require_role(
    repo: Neo4jStore, raw_key: str | None, role: str, *, action: str, origin: str
) -> Caller:
    """Check the ``X-API-Key`` value against the stored keys.

    Raises Unauthorized (401) for a missing, malformed, unknown or revoked key
    and Forbidden (403) when the key's role is below ``role``; each refusal is
    logged with ``action``, the key id (never the secret) and ``origin``.
    """
    check_role(role)
    parsed = parse_key(raw_key) if raw_key else None
    try:
        if not raw_key:
            raise Unauthorized(f"an API key is needed: send it in the {API_KEY_HEADER} header")
        if parsed is None:
            raise Unauthorized("malformed API key; keys read gsk_<id>_<secret>")
        key_id, secret = parsed
        rows = await repo.read("auth/get_key", id=key_id)
        return verify(rows[0] if rows else None, secret, role)
    except (Unauthorized, Forbidden) as exc:
        key = f"{KEY_PREFIX}_{parsed[0]}" if parsed else ("malformed" if raw_key else "none")
        log.warning(
            "refused %s: %s (key %s, origin %s)", action, exc.logged, key, origin,
            extra={"action": action, "key": key, "origin": origin},
        )  # fmt: skip
        raise


def _json(value: Any) -> str:
    return orjson.dumps(value, default=str, option=orjson.OPT_SORT_KEYS).decode("utf-8")


def write_audit(
    tx: neo4j.ManagedTransaction,
    actor: Actor,
    action: str,
    detail: dict[str, Any],
    *,
    before: Any,
    after: Any,
) -> str:
    """Append the audit entry of a write, in the write's own transaction, so
    that neither commits without the other; returns the entry id. ``before``
    and ``after`` are what the write changed (None: nothing there)."""
    entry_id = "au_" + secrets.token_hex(8)
    row = tx.run(
        cypher("auth/write_audit"),
        id=entry_id,
        at=now(),
        actor=actor.id,
        actor_name=actor.name,
        origin=actor.origin,
        action=action,
        detail=_json(detail),
        before=None if before is None else _json(before),
        after=None if after is None else _json(after),
    ).single()
    if row is None:  # CREATE returns its row; anything else must not commit the write
        raise RuntimeError("the audit entry was not written")
    return entry_id


# --- reading the audit log ------------------------------------------------------
AUDIT_CURSOR = "audit"


def encode_cursor(at: str, entry_id: str) -> str:
    return pages.encode_cursor(AUDIT_CURSOR, json.dumps([at, entry_id]))


def decode_cursor(cursor: str) -> tuple[str, str]:
    refusal = "invalid cursor; pass back a 'next' value unchanged"
    try:
        at, entry_id = json.loads(pages.decode_cursor(AUDIT_CURSOR, cursor) or "")
    except (BadRequest, ValueError, TypeError) as exc:
        raise BadRequest(refusal) from exc
    if not isinstance(at, str) or not isinstance(entry_id, str):
        raise BadRequest(refusal)
    return at, entry_id


async def list_audit(
    repo: Neo4jStore, limit: int = 50, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of audit entries, newest first, and the cursor of the next page."""
    pages.page_size(limit, MAX_AUDIT_PAGE, setting=None, name="limit")
    before_at, before_id = decode_cursor(cursor) if cursor else (None, None)
    rows = await repo.read(
        "auth/list_audit", before_at=before_at, before_id=before_id, limit=limit + 1
    )
    page = rows[:limit]
    for row in page:
        row["detail"] = json.loads(row["detail"] or "{}")
        for key in ("before", "after"):
            row[key] = None if row[key] is None else json.loads(row[key])
    more = len(rows) > limit
    return page, encode_cursor(page[-1]["at"], page[-1]["id"]) if more else None


# --- sync versions for the CLI ----------------------------------------------------
def cli_actor() -> str:
    """Who acts from the command line, for audit entries."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a bare container
        return "cli"


def create_key(
    driver: neo4j.Driver, settings: Settings, name: str, role: str
) -> tuple[ApiKeyInfo, str]:
    """Store a new key; returns its record and the full key, which is not kept."""
    name, role = _check_name(name), check_role(role)
    key_id, secret, raw = new_key()
    info = ApiKeyInfo(key_id, name, role, now(), None)
    actor = Actor.cli()

    def write(tx: neo4j.ManagedTransaction) -> None:
        tx.run(cypher("auth/create_key"), id=key_id, name=name, role=role,
               hash=hash_secret(secret), created=info.created).consume()  # fmt: skip
        write_audit(tx, actor, "key.create", {"key_id": key_id, "name": name, "role": role},
                    before=None, after=_public(info))  # fmt: skip

    with driver.session(database=settings.neo4j_database) as session:
        session.execute_write(write)
    return info, raw


def list_keys(driver: neo4j.Driver, settings: Settings) -> list[ApiKeyInfo]:
    return [ApiKeyInfo.from_row(r) for r in run_read(driver, settings, cypher("auth/list_keys"))]


def revoke_key(driver: neo4j.Driver, settings: Settings, key_id: str) -> ApiKeyInfo:
    """Revoke a key by id (the part after ``gsk_``); NotFound if there is none."""
    key_id = key_id.strip()
    actor = Actor.cli()

    def write(tx: neo4j.ManagedTransaction) -> ApiKeyInfo | None:
        old = tx.run(cypher("auth/get_key"), id=key_id).single()
        row = tx.run(cypher("auth/revoke_key"), id=key_id, revoked=now()).single()
        if old is None or row is None:
            return None
        info = ApiKeyInfo.from_row(row.data())
        write_audit(tx, actor, "key.revoke", {"key_id": info.id, "name": info.name},
                    before=_public(ApiKeyInfo.from_row(old.data())),
                    after=_public(info))  # fmt: skip
        return info

    with driver.session(database=settings.neo4j_database) as session:
        info = session.execute_write(write)
    if info is None:
        raise NotFound(f"no API key with id {key_id!r} (see 'graphsvc keys list')")
    return info


def _public(info: ApiKeyInfo) -> dict[str, Any]:
    """A key as an audit entry shows it: never its hash."""
    return {"id": info.id, "name": info.name, "role": info.role, "created": info.created,
            "revoked": info.revoked}  # fmt: skip
