"""32 concurrent clients of mixed reads against a real server, with the answers checked.

Run: .venv/bin/pytest tests/attack/test_load_mixed.py -q -s
Shorter: GRAPHSVC_LOAD_SECONDS=10 .venv/bin/pytest tests/attack/test_load_mixed.py -q -s

The documents are the README's examples (suppliers, paths, owners,
participants, search, entity lookups, gaps), the caseFile query of
docs/sanctions-advocate.md and the /match request of docs/developer.md. Each
client sends one after another, chosen at random (seeded), for
GRAPHSVC_LOAD_SECONDS (default 60). Every README answer must equal the one
printed under it, and the others the answer they gave before the load: a
mix-up between requests in flight (entity lookups are shared between them)
shows as a wrong answer. The test fails on any 5xx, transport error, other
non-200 status, wrong answer or answer slower than the query timeout, and
prints requests, errors, p50 and p99 per kind, also written to
``<pytest tmp>/load-*/load.json``.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests.attack.conftest import AttackServer, graph_state
from tests.conftest import ROOT

CLIENTS = 32
SECONDS = float(os.environ.get("GRAPHSVC_LOAD_SECONDS", "60"))
_README_EXAMPLE = re.compile(r"### \d+\. [^\n]+\n+```graphql\n(.*?)```\n+```json\n(.*?)```", re.S)
_GRAPHQL_BLOCK = re.compile(r"```graphql\n(.*?)```", re.S)
_CURL_MATCH = re.compile(r"curl -s -X POST [^\n]*?/match/(\w+) .*?-d '(.*?)'", re.S)


@dataclass(frozen=True)
class Request:
    kind: str
    path: str
    body: bytes
    expected: Any | None  # the README's answer; None: the answer before the load


def _root_field(query: str) -> str:
    found = re.search(r"\{\s*(?:\w+\s*:\s*)?(\w+)", query)
    assert found, query
    return found.group(1)


def documents() -> list[Request]:
    out = []
    readme = (ROOT / "README.md").read_text("utf-8")
    for query, answer in _README_EXAMPLE.findall(readme):
        body = json.dumps({"query": query}).encode()
        out.append(Request(_root_field(query), "/graphql", body, json.loads(answer)))
    advocate = (ROOT / "docs" / "sanctions-advocate.md").read_text("utf-8")
    case_files = [q for q in _GRAPHQL_BLOCK.findall(advocate) if "caseFile(" in q]
    assert case_files, "docs/sanctions-advocate.md has no caseFile example"
    out.append(Request("caseFile", "/graphql", json.dumps({"query": case_files[0]}).encode(), None))
    developer = (ROOT / "docs" / "developer.md").read_text("utf-8")
    curl = _CURL_MATCH.search(developer)
    assert curl, "docs/developer.md has no /match example"
    out.append(Request("match", f"/match/{curl.group(1)}", curl.group(2).encode(), None))
    kinds = {r.kind for r in out}
    assert {"entity", "search", "paths", "owners", "gaps", "caseFile", "match"} <= kinds, kinds
    return out


def answer(path: str, body: Any) -> Any:
    """What is compared: GraphQL data, or /match results without timings."""
    if path == "/graphql":
        return body.get("data"), body.get("errors")
    return {k: [(r["id"], r["score"]) for r in v["results"]] for k, v in body["responses"].items()}


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: list[str] = field(default_factory=list)

    def error(self, what: str, detail: str) -> None:
        self.errors[what] += 1
        if len(self.examples) < 3:
            self.examples.append(f"{what}: {detail[:300]}")


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def drive(server: AttackServer, requests: list[Request]) -> dict[str, Stats]:
    stats: dict[str, Stats] = defaultdict(Stats)
    headers = {"content-type": "application/json"}
    timeout = httpx.Timeout(server.time_limit * 3)
    expected: dict[int, Any] = {}
    async with httpx.AsyncClient(base_url=server.base_url, timeout=timeout) as warm:
        for i, r in enumerate(requests):
            resp = await warm.post(r.path, content=r.body, headers=headers)
            assert resp.status_code == 200, resp.text
            got = answer(r.path, resp.json())
            if r.expected is not None:
                assert got == (r.expected, None), f"{r.kind} differs from the README before load"
            expected[i] = got
    deadline = time.monotonic() + SECONDS

    async def client(seed: int) -> None:
        rng = random.Random(seed)
        async with httpx.AsyncClient(base_url=server.base_url, timeout=timeout) as http:
            while time.monotonic() < deadline:
                i = rng.randrange(len(requests))
                r = requests[i]
                s = stats[r.kind]
                started = time.monotonic()
                try:
                    resp = await http.post(r.path, content=r.body, headers=headers)
                except httpx.HTTPError as exc:
                    s.latencies.append(time.monotonic() - started)
                    s.error("transport", repr(exc))
                    continue
                elapsed = time.monotonic() - started
                s.latencies.append(elapsed)
                if resp.status_code != 200:  # 5xx, and 429 if the rate limits stayed on
                    s.error(f"HTTP {resp.status_code}", resp.text)
                elif answer(r.path, resp.json()) != expected[i]:
                    s.error("wrong answer", resp.text)
                if elapsed > server.time_limit:
                    s.error("slower than the query timeout", f"{elapsed:.1f} s")

    await asyncio.gather(*(client(n) for n in range(CLIENTS)))
    return stats


def test_mixed_reads_under_load(
    attack_server: AttackServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    requests = documents()
    before = graph_state(attack_server.driver)
    started = time.monotonic()
    stats = asyncio.run(drive(attack_server, requests))
    wall = time.monotonic() - started
    table = {
        kind: {
            "requests": len(s.latencies),
            "errors": sum(s.errors.values()),
            "error_kinds": dict(s.errors),
            "p50_ms": round(percentile(s.latencies, 50) * 1000, 1),
            "p99_ms": round(percentile(s.latencies, 99) * 1000, 1),
            "max_ms": round(max(s.latencies, default=0) * 1000, 1),
            "examples": s.examples,
        }
        for kind, s in sorted(stats.items())
    }
    total = sum(t["requests"] for t in table.values())
    errors = sum(t["errors"] for t in table.values())
    report = tmp_path_factory.mktemp("load") / "load.json"
    summary = {"clients": CLIENTS, "seconds": SECONDS, "wall_seconds": round(wall, 1),
               "requests": total, "errors": errors, "per_second": round(total / wall, 1),
               "kinds": table}  # fmt: skip
    report.write_text(json.dumps(summary, indent=1))
    print(f"\nload: {CLIENTS} clients, {wall:.0f} s, {total} requests "
          f"({total / wall:.0f}/s), {errors} errors; {report}")  # fmt: skip
    print(f"{'kind':<14}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind, t in table.items():
        print(f"{kind:<14}{t['requests']:>9}{t['errors']:>8}{t['p50_ms']:>9}"
              f"{t['p99_ms']:>9}{t['max_ms']:>9}")  # fmt: skip
    assert total > 0
    failed = {k: (t["error_kinds"], t["examples"]) for k, t in table.items() if t["errors"]}
    assert not failed, failed
    assert graph_state(attack_server.driver) == before
    assert attack_server.new_log_alarms() == []
