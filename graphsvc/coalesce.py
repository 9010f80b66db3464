"""One lookup query shared by the concurrent requests of a process.

Every GraphQL query starts by looking up entities by id, and under load many
requests do so at the same moment. Each lookup run on its own costs a
session, a Bolt round trip and a plan execution, in the API and in Neo4j,
for one row. The coalescer sends a lookup at once while fewer than
``max_in_flight`` are running; keys asked for meanwhile wait and go
together in the next query. An idle service answers as before, a busy one
sends fewer, larger queries (on 16 clients, several requests per query).

Requests only share reads of the current graph, run with the service's own
credentials, so no request can see anything it could not have read alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Coalescer(Generic[K, V]):
    def __init__(
        self,
        fetch: Callable[[list[K]], Awaitable[Mapping[K, V]]],
        *,
        max_in_flight: int = 2,
        max_batch: int = 1000,
    ) -> None:
        self._fetch = fetch
        self.max_in_flight = max_in_flight
        self.max_batch = max_batch
        self._waiting: dict[K, list[asyncio.Future[V | None]]] = {}
        self._in_flight = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self.queries = 0  # lookups sent, for tests and diagnostics

    async def load(self, keys: Sequence[K]) -> list[V | None]:
        """The value of each key (None where the lookup found nothing)."""
        if not keys:
            return []
        loop = asyncio.get_running_loop()
        futures: list[asyncio.Future[V | None]] = []
        for key in keys:
            future: asyncio.Future[V | None] = loop.create_future()
            self._waiting.setdefault(key, []).append(future)
            futures.append(future)
        self._dispatch()
        return list(await asyncio.gather(*futures))

    def _dispatch(self) -> None:
        while self._waiting and self._in_flight < self.max_in_flight:
            batch: dict[K, list[asyncio.Future[V | None]]] = {}
            for key in list(self._waiting)[: self.max_batch]:
                batch[key] = self._waiting.pop(key)
            self._in_flight += 1
            self.queries += 1
            # The query runs in a task of its own, so that a request that is
            # cancelled (its client gone) does not cancel the others' lookup.
            task = asyncio.get_running_loop().create_task(self._run(batch))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _run(self, batch: dict[K, list[asyncio.Future[V | None]]]) -> None:
        try:
            found = await self._fetch(list(batch))
        except asyncio.CancelledError:
            for futures in batch.values():
                for future in futures:
                    future.cancel()
            raise
        except Exception as exc:  # noqa: BLE001 - handed to every waiter, none is lost
            for futures in batch.values():
                for future in futures:
                    if not future.done():
                        future.set_exception(exc)
        else:
            for key, futures in batch.items():
                value = found.get(key)
                for future in futures:
                    if not future.done():
                        future.set_result(value)
        finally:
            self._in_flight -= 1
            self._dispatch()
