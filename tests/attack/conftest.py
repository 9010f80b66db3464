"""A real ``graphsvc serve`` process over the bundled Moscow case, the payload
corpus, and a view of the graph that tells whether anything changed.

The server runs in a process of its own (not a thread of the test process),
started with ``GRAPHSVC_RATE_LIMITS=false`` so that the request guard lets the
attack and load traffic through, and with its log in a file that the tests
read for unexpected errors.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest

from graphsvc import auth
from graphsvc.neo4j_runtime.server import free_port
from graphsvc.settings import Settings
from tests.graphtools import fingerprint

CORPUS = Path(__file__).resolve().parent / "corpus"
# Lines of these files are the inside of a JSON string literal, so that control
# characters, NUL and lone surrogates can be written down; other files are literal.
ESCAPED_SUFFIX = ".escaped.txt"
# Slack on top of the Neo4j query timeout for HTTP, Python-side scoring and
# encoding, and for waiting behind the other requests in flight on a shared
# machine: what this bound catches is a request that does not end.
TIMEOUT_GRACE = 8.0
# Server-log lines that mean a request hit a bug; strawberry also logs a
# traceback for each expected error, so "Traceback" alone means nothing.
LOG_ALARMS = ("unexpected error", "internal error", "Exception in ASGI")


@dataclass(frozen=True)
class Payload:
    source: str  # corpus file and line, or "generated:<what>"
    text: str

    def show(self) -> str:
        text = self.text
        shown = text if len(text) <= 80 else f"{text[:60]}... ({len(text)} chars)"
        return f"{self.source} {json.dumps(shown)}"


def _cursor(kind: str, value: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode()


def generated_payloads() -> list[Payload]:
    """Payloads too long or too odd for a line of a file."""
    out: dict[str, str] = {
        "empty": "",
        "space": " ",
        "combining x1000": "a" + "\u0301" * 1000,
        "combining only x1000": "\u0301" * 1000,
        "zero-width x1000": "\u200b" * 1000,
        "zwj x1000 between letters": "\u200d".join("NtechLab" * 125),
        "rtl override x200": "\u202e" * 200,
        "U+FDFA x200 (NFKC x18)": "\ufdfa" * 200,
        "U+FDFA x1000": "\ufdfa" * 1000,
        "ligature ffi x200 (NFKC x3)": "\ufb03" * 200,
        "nul x200": "\u0000" * 200,
        "lone surrogates x200": "\ud800" * 200,
        "backslash x1001": "\\" * 1001,
        "open paren x10000": "(" * 10_000,
        "words x1000": "a " * 1000,
        "fuzzy words x100": "ntechlab~1 " * 100,
        "wildcard words x600": " OR ".join(["a*"] * 600),
        "cyrillic x201": "Н" * 201,
        "emoji zwj family x100": "\U0001f468\u200d\U0001f469\u200d\U0001f467" * 100,
        "int64 overflow": str(2**63),
        "int64 underflow": str(-(2**63) - 1),
        "cursor search superscript two": _cursor("search", "\u00b2"),
        "cursor search int64 overflow": _cursor("search", str(2**63)),
        "cursor search huge": _cursor("search", "9" * 400),
        "cursor review superscript two": _cursor("review", "\u00b2"),
        "cursor review int64 overflow": _cursor("review", str(2**63)),
        "cursor review huge": _cursor("review", "9" * 400),
        "cursor rel injection": _cursor("rel", "' OR 1=1 //"),
        "cursor rel empty": _cursor("rel", ""),
        "cursor not utf-8": base64.urlsafe_b64encode(b"\xff\xfe\xfd").decode(),
        "cursor bad padding": "c2VhcmNoOjE",
    }
    for n in (199, 200, 201, 999, 1000, 1001, 2000, 2001, 10_000, 100_000):
        out[f"A x{n}"] = "A" * n
    return [Payload(f"generated:{name}", text) for name, text in out.items()]


def corpus() -> list[Payload]:
    """Every payload: the corpus files, line by line (# starts a comment), then the generated."""
    out: list[Payload] = []
    for path in sorted(CORPUS.glob("*.txt")):
        for number, line in enumerate(path.read_text("utf-8").split("\n"), start=1):
            if not line or line.startswith("#"):
                continue
            text = json.loads(f'"{line}"') if path.name.endswith(ESCAPED_SUFFIX) else line
            out.append(Payload(f"{path.name}:{number}", text))
    out.extend(generated_payloads())
    assert len(out) > 250, "the corpus files are missing"
    return out


FULL = os.environ.get("GRAPHSVC_ATTACK_FULL") == "1"
STRIDE = 12  # each target gets every 12th payload (a different twelfth per target)...
CORE = 24  # ...and every 24th payload goes to every target


def covers(target: int, payload: int) -> bool:
    """Whether target number ``target`` gets payload number ``payload``: every
    payload goes through several targets and every target gets a spread of
    every corpus file, about a tenth of the whole product;
    GRAPHSVC_ATTACK_FULL=1 sends the whole product."""
    return FULL or payload % CORE == 0 or payload % STRIDE == target % STRIDE


def json_body(value: Any) -> bytes:
    """JSON with every non-ASCII character escaped, so lone surrogates reach the
    server as the \\ud800 escapes a hostile client would send."""
    return json.dumps(value, ensure_ascii=True).encode("ascii")


@dataclass(frozen=True)
class GraphState:
    nodes: int
    relationships: int
    audit_entries: int
    digest: str


def graph_state(driver: neo4j.Driver) -> GraphState:
    records, _, _ = driver.execute_query(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } "
        "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } "
        "CALL () { MATCH (a:AuditEntry) RETURN count(a) AS audit } "
        "RETURN nodes, rels, audit"
    )
    row = records[0]
    return GraphState(row["nodes"], row["rels"], row["audit"], fingerprint(driver))


@dataclass
class AttackServer:
    base_url: str
    reader_key: str
    query_timeout: float
    log_path: Path
    driver: neo4j.Driver
    _log_offset: int = 0

    @property
    def time_limit(self) -> float:
        return self.query_timeout + TIMEOUT_GRACE

    def new_log_alarms(self) -> list[str]:
        """Distinct log lines since the last call that point at a bug."""
        with self.log_path.open("rb") as f:
            f.seek(self._log_offset)
            text = f.read().decode("utf-8", "replace")
            self._log_offset = f.tell()
        alarms = [line for line in text.splitlines() if any(a in line for a in LOG_ALARMS)]
        return list(dict.fromkeys(alarms))


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"graphsvc serve exited: {log_path.read_text('utf-8')[-3000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"graphsvc serve did not answer: {log_path.read_text('utf-8')[-3000:]}")


@pytest.fixture(scope="module")
def attack_server(
    case_graph: neo4j.Driver, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AttackServer]:
    """``graphsvc serve`` in its own process over the loaded case, with a reader key."""
    assert settings.neo4j_password is not None
    # Made before any test takes the graph's state: creating a key writes.
    _, reader_key = auth.create_key(case_graph, settings, "attack reader", "reader")
    port = free_port()
    log_path = tmp_path_factory.mktemp("attack-server") / "server.log"
    env = {
        **os.environ,
        "GRAPHSVC_NEO4J_URI": str(settings.neo4j_uri),
        "GRAPHSVC_NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        "GRAPHSVC_HOME": str(settings.home),
        "GRAPHSVC_QUERY_TIMEOUT": str(settings.query_timeout),
        "GRAPHSVC_RATE_LIMITS": "false",
        "GRAPHSVC_API_ACCESS_LOG": "false",
    }
    command = [
        sys.executable,
        "-m",
        "graphsvc.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log_path)
        server = AttackServer(url, reader_key, settings.query_timeout, log_path, case_graph)
        server.new_log_alarms()  # start reading after the start-up lines
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
