"""The API's writes: judgements and claims, through the API's one (async) driver.

The GraphQL layer calls ``Writes``; it never sees the driver or the store.
Each write runs the store's write-and-resolve code (graphsvc.store.writer,
shared with the CLI) in a worker thread over one transaction of the async
driver (graphsvc.store.bridge): the write, its audit entry and the entities
rebuilt from it commit together or not at all. The driver's failures become
graphsvc errors as for reads: Neo4j gone is ``DatabaseUnavailable`` (503).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import anyio
import neo4j

from graphsvc.auth import Actor
from graphsvc.claims import Claim
from graphsvc.db import database_errors
from graphsvc.errors import WriteBusy
from graphsvc.settings import Settings
from graphsvc.store import writer
from graphsvc.store.bridge import bridged_transaction
from graphsvc.store.unit import Work
from graphsvc.store.writer import ClaimResult, JudgementResult

R = TypeVar("R")

__all__ = ["ClaimResult", "JudgementResult", "Writes"]


class Writes:
    def __init__(self, driver: neo4j.AsyncDriver, settings: Settings) -> None:
        self.driver = driver
        self.settings = settings
        # The store's write lock orders writes across processes; this one keeps
        # a process's waiting writes off the connection pool and worker threads.
        self._one_at_a_time = asyncio.Lock()

    async def judge(
        self, left: str, right: str, verdict: str, actor: Actor, note: str | None = None
    ) -> JudgementResult:
        """Judge two records (or entities) and re-resolve their clusters."""
        writer.check_verdict(verdict)
        return await self._in_transaction(
            partial(writer.judge_in, settings=self.settings, left=left, right=right,
                    verdict=verdict, actor=actor, note=note)
        )  # fmt: skip

    async def add_claim(self, claim: dict[str, Any] | Claim, actor: Actor) -> ClaimResult:
        """Store a cited claim (checked first: InvalidClaim) and resolve what it touches."""
        checked = claim if isinstance(claim, Claim) else Claim.parse(claim)
        return await self._in_transaction(
            partial(writer.add_claim_in, settings=self.settings, claim=checked, actor=actor)
        )

    async def _in_transaction(self, call: Callable[[Work], R]) -> R:
        async with self._one_at_a_time:
            deadline = time.monotonic() + self.settings.write_wait
            while True:
                try:
                    return await self._run(call)
                except WriteBusy:
                    # a load holds the write lease: it ends, or the caller hears 503
                    if time.monotonic() >= deadline:
                        raise
                    await asyncio.sleep(0.25)

    async def _run(self, call: Callable[[Work], R]) -> R:
        with database_errors(self.settings):
            async with bridged_transaction(self.driver, self.settings) as work:
                # the store's code is synchronous: in a thread, its queries sent to this loop
                return await anyio.to_thread.run_sync(call, work)
