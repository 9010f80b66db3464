"""The guard in front of every endpoint: request body limits and rate limits.

``GraphsvcApp.__call__`` hands every HTTP request to ``Guard`` before any
routing, so ``/graphql``, which skips FastAPI's middleware, is covered too.
For each request, in this order:

1. Who is calling (``Guard.identify``). A well-formed ``X-API-Key`` whose id
   and secret match a live key is that key, with its role and its own bucket.
   Anything else (no key, a malformed key, an unknown id, a wrong secret) is
   ``anonymous`` and shares the bucket of its client address, so made-up ids
   cannot mint fresh buckets and knowing a key's id does not spend its budget.
   Keys are checked against an in-memory copy of the live keys (id, role,
   secret hash) re-read every ``GRAPHSVC_RATE_KEY_REFRESH`` seconds, so no
   request waits for a database lookup here. The identity is put on
   ``scope["state"]["graphsvc.identity"]`` and the guard itself on
   ``scope["state"]["graphsvc.guard"]``.
2. The request budget of that bucket (``GRAPHSVC_RATE_<ROLE>``): one token per
   request, or 429 with ``Retry-After``. ``/healthz`` is exempt (monitoring).
3. The body limit of the path: a ``Content-Length`` over it is refused with 413
   before a byte is read; otherwise the body is read, counting, and refused
   with 413 the moment it passes the limit. The app then receives the body.

Budgets are token buckets in process memory: each worker process keeps its
own, so with N workers a caller gets up to N times a budget.

Query cost: the GraphQL layer charges a query's cost with ``charge(scope,
cost)`` (or ``Guard.charge(identity, cost)``) against ``GRAPHSVC_COST_<ROLE>``;
None means go ahead, a ``RetryAfter`` means refuse with its status, header and
body.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import math
import time
from dataclasses import dataclass
from functools import partial
from typing import Any

import orjson
from neo4j.exceptions import DriverError, Neo4jError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphsvc.api.buckets import Buckets, Clock
from graphsvc.auth import ROLES, hash_secret, parse_key
from graphsvc.errors import GraphsvcError
from graphsvc.graph.neo4j_store import Neo4jStore
from graphsvc.graphql.context import CHARGE
from graphsvc.settings import Settings, parse_budget

log = logging.getLogger("graphsvc.api")

ANONYMOUS = "anonymous"
EXEMPT_FROM_RATE_LIMITS = frozenset({"/healthz"})
IDENTITY = "graphsvc.identity"
GUARD = "graphsvc.guard"
FIRST_KEY_LOAD_SECONDS = 5.0  # startup does not wait longer for the keys


@dataclass(frozen=True, slots=True)
class Identity:
    """Whose budget a request spends: a live key's, or its client address's."""

    role: str  # "anonymous", "reader", "writer" or "admin"
    key_id: str | None  # set for a live key only
    address: str

    @property
    def bucket(self) -> str:
        return f"key {self.key_id}" if self.key_id else f"address {self.address}"


@dataclass(frozen=True, slots=True)
class RetryAfter:
    """A refusal by a budget: which one, and when the same request could pass."""

    kind: str  # "requests" or "cost"
    identity: Identity
    amount: float  # what the request asked for: 1 request, or its cost
    rate: float
    burst: float
    setting: str
    seconds: float  # math.inf when amount is over the burst

    @property
    def possible(self) -> bool:
        """False when the amount is over the burst: waiting never helps."""
        return math.isfinite(self.seconds)

    @property
    def retry_after(self) -> int:
        """Whole seconds for the Retry-After header, at least 1."""
        wait = self.seconds if self.possible else self.burst / self.rate
        return max(1, math.ceil(wait))

    @property
    def message(self) -> str:
        who = f"{self.identity.bucket} ({self.identity.role})"
        budget = f"{self.rate:g} per second with bursts of {self.burst:g} ({self.setting})"
        if self.kind == "requests":
            return (
                f"too many requests from {who}: the limit is {budget}; "
                f"retry after {self.retry_after} s"
            )
        if not self.possible:
            return (
                f"the query costs {self.amount:g}, more than the cost budget of {who} "
                f"allows at once: {budget}; ask for less"
            )
        return (
            f"the query cost budget of {who} is spent: {budget}; this query costs "
            f"{self.amount:g}; retry after {self.retry_after} s"
        )

    def body(self) -> dict[str, Any]:
        return {
            "error": "rate_limited",
            "message": self.message,
            "limit": {
                "kind": self.kind,
                "bucket": self.identity.bucket,
                "role": self.identity.role,
                "rate": self.rate,
                "burst": self.burst,
                "setting": self.setting,
                "retry_after": self.retry_after,
            },
        }


class KeyDirectory:
    """Role and secret hash of every live API key, held in memory and re-read
    every ``refresh`` seconds in the background: a key created or revoked is
    seen by the rate limits within that time."""

    def __init__(self, refresh: float, clock: Clock = time.monotonic) -> None:
        self.refresh = refresh
        self._clock = clock
        self._keys: dict[str, tuple[str, str]] = {}
        self._next_load = 0.0
        self._task: asyncio.Task[None] | None = None

    def caller(self, raw_key: str | None) -> tuple[str, str] | None:
        """(key id, role) when ``raw_key`` is a live key with the right secret."""
        parsed = parse_key(raw_key) if raw_key else None
        if parsed is None:
            return None
        key_id, secret = parsed
        known = self._keys.get(key_id)
        if known is None or not hmac.compare_digest(known[1], hash_secret(secret)):
            return None
        return key_id, known[0]

    async def load(self, repo: Neo4jStore) -> None:
        """Read the live keys now; on failure keep the ones known and log why."""
        self._next_load = self._clock() + self.refresh
        try:
            rows = await repo.read("auth/live_keys")
        except (GraphsvcError, Neo4jError, DriverError) as exc:  # keep the keys known
            log.warning("could not read the API keys for the rate limits: %s", exc)
            return
        self._keys = {
            str(r["id"]): (str(r["role"]), str(r["hash"]))
            for r in rows
            if r["role"] in ROLES and r["hash"]
        }

    def refresh_if_due(self, repo: Neo4jStore) -> None:
        if self._clock() < self._next_load or (self._task is not None and not self._task.done()):
            return
        self._next_load = self._clock() + self.refresh
        self._task = asyncio.get_running_loop().create_task(self.load(repo))

    def __len__(self) -> int:
        return len(self._keys)


class PayloadTooLarge(Exception):
    pass


class Guard:
    def __init__(self, settings: Settings, clock: Clock = time.monotonic) -> None:
        self.settings = settings
        self.enabled = settings.rate_limits
        self.keys = KeyDirectory(settings.rate_key_refresh, clock)
        self.repository: Neo4jStore | None = None
        self._requests = Buckets(clock)
        self._costs = Buckets(clock)
        roles = [ANONYMOUS, *ROLES]
        self._rates = {r: _budget(settings, "rate", r) for r in roles}
        self._cost_budgets = {r: _budget(settings, "cost", r) for r in roles}

    async def start(self, repo: Neo4jStore) -> None:
        """Called at startup: the keys are read before the first request when
        the database answers in time, else in the background."""
        self.repository = repo
        if not self.enabled:
            return
        try:
            await asyncio.wait_for(self.keys.load(repo), FIRST_KEY_LOAD_SECONDS)
        except TimeoutError:
            log.warning("the API keys were not read in time; requests count as anonymous")

    # --- who is calling -------------------------------------------------------------
    def identify(self, scope: Scope) -> Identity:
        client = scope.get("client")
        address = str(client[0]) if client else "unknown"
        if not self.enabled:
            return Identity(ANONYMOUS, None, address)
        if self.repository is not None:
            self.keys.refresh_if_due(self.repository)
        found = self.keys.caller(_header(scope, b"x-api-key"))
        if found is None:
            return Identity(ANONYMOUS, None, address)
        return Identity(found[1], found[0], address)

    # --- budgets -------------------------------------------------------------------
    def charge(self, identity: Identity, cost: float) -> RetryAfter | None:
        """Spend ``cost`` from the caller's query cost budget; None when spent,
        else the refusal (``possible`` False when ``cost`` is over the burst)."""
        if not self.enabled or cost <= 0:
            return None
        return self._spend(self._costs, "cost", self._cost_budgets, identity, cost)

    def _spend(
        self,
        buckets: Buckets,
        kind: str,
        budgets: dict[str, tuple[float, float, str]],
        identity: Identity,
        amount: float,
    ) -> RetryAfter | None:
        rate, burst, setting = budgets[identity.role]
        wait = buckets.take(identity.bucket, amount, rate, burst)
        if wait == 0.0:
            return None
        return RetryAfter(kind, identity, amount, rate, burst, setting, wait)

    def body_limit(self, path: str) -> tuple[int, str]:
        """The body limit of a path and the setting that holds it."""
        if path == "/graphql":
            return self.settings.max_body_bytes, "GRAPHSVC_MAX_BODY_BYTES"
        if path.startswith("/match/"):
            return self.settings.max_match_body_bytes, "GRAPHSVC_MAX_MATCH_BODY_BYTES"
        return self.settings.max_other_body_bytes, "GRAPHSVC_MAX_OTHER_BODY_BYTES"

    # --- the ASGI part ---------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send, app: ASGIApp) -> None:
        identity = self.identify(scope)
        state = scope.setdefault("state", {})
        state[IDENTITY] = identity
        state[GUARD] = self
        state[CHARGE] = partial(self.charge, identity)
        path: str = scope["path"]
        if self.enabled and path not in EXEMPT_FROM_RATE_LIMITS:
            refused = self._spend(self._requests, "requests", self._rates, identity, 1)
            if refused is not None:
                headers = [(b"retry-after", str(refused.retry_after).encode())]
                await _send_json(send, 429, refused.body(), headers)
                return
        limit, setting = self.body_limit(path)
        too_large = {
            "error": "payload_too_large",
            "message": f"the request body is over the limit of {limit:,} bytes for "
            f"{'/match' if path.startswith('/match/') else path} ({setting})",
        }
        length = _header(scope, b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await _send_json(send, 413, too_large)
            return
        try:
            message = await _read_body(receive, limit)
        except PayloadTooLarge:
            await _send_json(send, 413, too_large)
            return
        if message is None:  # the client went away
            return
        await app(scope, _replay(message, receive), send)


def _budget(settings: Settings, kind: str, role: str) -> tuple[float, float, str]:
    value: str = getattr(settings, f"{kind}_{role}")
    rate, burst = parse_budget(value)
    return rate, burst, f"GRAPHSVC_{kind.upper()}_{role.upper()}"


def charge(scope: Scope, cost: float) -> RetryAfter | None:
    """Charge a query's cost to the caller of the request ``scope`` belongs to.

    None: go ahead (also when the guard is not in front, as in some tests).
    A ``RetryAfter``: refuse with HTTP 429, header ``Retry-After:
    str(retry.retry_after)`` and ``retry.message``; when ``retry.possible`` is
    False the query can never fit the budget and waiting does not help.
    """
    state = scope.get("state") or {}
    guard, identity = state.get(GUARD), state.get(IDENTITY)
    if not isinstance(guard, Guard) or not isinstance(identity, Identity):
        return None
    return guard.charge(identity, cost)


async def _read_body(receive: Receive, limit: int) -> Message | None:
    """The whole body as one ``http.request`` message; PayloadTooLarge as soon
    as it passes ``limit``, the rest left unread; None if the client left."""
    message = await receive()
    if message["type"] != "http.request":
        return None
    body: bytes = message.get("body", b"")
    if len(body) > limit:
        raise PayloadTooLarge
    if not message.get("more_body", False):
        return message  # nearly every request: one message, passed on as it came
    chunks = [body]
    size = len(body)
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}


def _replay(first: Message, receive: Receive) -> Receive:
    """The body already read, then the server's own channel (for disconnects)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return first

    return replay


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value).decode("latin-1")
    return None


async def _send_json(
    send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    data = orjson.dumps(body)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(data)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})
