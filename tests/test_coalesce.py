"""Entity lookups shared by concurrent requests: each request gets its own
answer, failures reach every waiter, and a busy service sends fewer queries."""

from __future__ import annotations

import asyncio
from typing import Any

import neo4j
import pytest

from graphsvc.coalesce import Coalescer
from graphsvc.db import open_async_driver
from graphsvc.graph.neo4j_store import Neo4jStore
from graphsvc.settings import Settings


class Gate:
    """A lookup that answers key -> key * 10 when let through."""

    def __init__(self) -> None:
        self.calls: list[list[int]] = []
        self.open = asyncio.Event()
        self.fail: Exception | None = None

    async def fetch(self, keys: list[int]) -> dict[int, int]:
        self.calls.append(keys)
        await self.open.wait()
        if self.fail is not None:
            raise self.fail
        return {k: k * 10 for k in keys if k >= 0}


def test_an_idle_lookup_goes_at_once() -> None:
    async def run() -> None:
        gate = Gate()
        gate.open.set()
        c = Coalescer(gate.fetch)
        assert await c.load([1, 2, -1]) == [10, 20, None]
        assert gate.calls == [[1, 2, -1]]

    asyncio.run(run())


def test_lookups_asked_while_busy_share_the_next_query() -> None:
    async def run() -> None:
        gate = Gate()
        c = Coalescer(gate.fetch, max_in_flight=1)
        first = asyncio.create_task(c.load([1]))
        await asyncio.sleep(0)
        later = [asyncio.create_task(c.load([k, 1])) for k in (2, 3, 4)]
        await asyncio.sleep(0)
        assert gate.calls == [[1]]  # the others wait for the one in flight
        gate.open.set()
        assert await first == [10]
        assert [await t for t in later] == [[20, 10], [30, 10], [40, 10]]
        assert gate.calls == [[1], [2, 1, 3, 4]]
        assert c.queries == 2

    asyncio.run(run())


def test_a_batch_is_split_at_max_batch() -> None:
    async def run() -> None:
        gate = Gate()
        gate.open.set()
        c = Coalescer(gate.fetch, max_in_flight=3, max_batch=2)
        assert await c.load([1, 2, 3, 4, 5]) == [10, 20, 30, 40, 50]
        assert sorted(len(keys) for keys in gate.calls) == [1, 2, 2]

    asyncio.run(run())


def test_a_failed_lookup_fails_every_waiter_and_the_next_one_works() -> None:
    async def run() -> None:
        gate = Gate()
        c = Coalescer(gate.fetch, max_in_flight=1)
        gate.fail = RuntimeError("database unavailable")
        waiters = [asyncio.create_task(c.load([k])) for k in (1, 2, 3)]
        await asyncio.sleep(0)
        gate.open.set()
        for w in waiters:
            with pytest.raises(RuntimeError, match="database unavailable"):
                await w
        gate.fail = None
        assert await c.load([5]) == [50]

    asyncio.run(run())


def test_a_cancelled_request_does_not_cancel_the_others_lookup() -> None:
    async def run() -> None:
        gate = Gate()
        c = Coalescer(gate.fetch, max_in_flight=1)
        blocker = asyncio.create_task(c.load([0]))
        await asyncio.sleep(0)
        gone = asyncio.create_task(c.load([1]))
        stays = asyncio.create_task(c.load([1, 2]))
        await asyncio.sleep(0)
        gone.cancel()
        gate.open.set()
        assert await stays == [10, 20]
        assert await blocker == [0]
        assert gone.cancelled()

    asyncio.run(run())


def test_concurrent_entity_lookups_on_neo4j(case_graph: neo4j.Driver, settings: Settings) -> None:
    ids = [
        "moscow-case:ntechlab",
        "moscow-case:visionlabs",
        "moscow-case:tevian",
        "moscow-case:synesis",
        "moscow-case:nvidia",
        "moscow-case:moscow-metro",
        "no-such-id",
    ]

    async def run() -> tuple[list[Any], list[Any], int]:
        driver = open_async_driver(settings)
        try:
            repo = Neo4jStore(driver, settings)
            alone = [(await repo.entities([i]))[0] for i in ids]
            sent = repo._entity_lookups.queries
            together = await asyncio.gather(*(repo.entities([i]) for i in ids * 3))
            return alone, [t[0] for t in together], repo._entity_lookups.queries - sent
        finally:
            await driver.close()

    alone, together, queries = asyncio.run(run())
    assert alone[-1] is None and all(e is not None for e in alone[:-1])
    assert {e.caption for e in alone[:-1]} >= {"NtechLab", "VisionLabs", "Tevian"}
    assert together == alone * 3
    # 21 requests at once: two lookups go at once, the rest share one more.
    assert queries == 3
