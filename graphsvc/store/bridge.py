"""The store's synchronous writers, run over a transaction of the async driver.

The API holds one driver, the async one. Its writes (judgements, claims) reuse
the synchronous write-and-resolve code that the loaders and the CLI run; that
code runs in a worker thread, and ``BridgedWork`` hands each of its queries to
the event loop, where they run in one explicit transaction of the async
driver. The write, its audit entry and the entities rebuilt from it commit
together, as ``graphsvc.store.unit.one_transaction`` does for the CLI.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from contextlib import asynccontextmanager, suppress
from typing import Any, Concatenate, LiteralString, ParamSpec, TypeVar, cast

import neo4j

from graphsvc.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


class BufferedResult:
    """A query's answer read whole: the parts of ``neo4j.Result`` the store
    uses (iteration, ``single``, ``keys``, ``consume``, ``data``)."""

    def __init__(
        self, keys: tuple[str, ...], records: list[neo4j.Record], summary: neo4j.ResultSummary
    ) -> None:
        self._keys = keys
        self._records = records
        self._summary = summary

    def __iter__(self) -> Iterator[neo4j.Record]:
        return iter(self._records)

    def keys(self) -> tuple[str, ...]:
        return self._keys

    def single(self) -> neo4j.Record | None:
        return self._records[0] if self._records else None

    def data(self) -> list[dict[str, Any]]:
        return [rec.data() for rec in self._records]

    def consume(self) -> neo4j.ResultSummary:
        return self._summary


class BridgedTransaction:
    """A synchronous face of an async transaction, for code in a worker thread."""

    def __init__(self, tx: neo4j.AsyncTransaction, loop: asyncio.AbstractEventLoop) -> None:
        self._tx = tx
        self._loop = loop
        self._loop_thread = threading.get_ident()

    def _wait(self, coro: Coroutine[Any, Any, T]) -> T:
        if threading.get_ident() == self._loop_thread:
            coro.close()
            # waiting here would block the loop that has to run the query
            raise RuntimeError("a bridged transaction is used from its event loop's thread")
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    def run(
        self, query: LiteralString, parameters: dict[str, Any] | None = None, **kwargs: Any
    ) -> BufferedResult:
        async def fetch() -> BufferedResult:
            result = await self._tx.run(query, parameters, **kwargs)
            keys = tuple(result.keys())
            records = [rec async for rec in result]
            return BufferedResult(keys, records, await result.consume())

        return self._wait(fetch())


class BridgedWork:
    """``graphsvc.store.unit.Work`` over one async transaction: every call runs in it."""

    def __init__(self, tx: neo4j.AsyncTransaction, loop: asyncio.AbstractEventLoop) -> None:
        self._tx = BridgedTransaction(tx, loop)

    def _managed(self) -> neo4j.ManagedTransaction:
        # The store's functions are typed against the driver's transaction;
        # they use only what BridgedTransaction offers (run and its result).
        return cast(neo4j.ManagedTransaction, self._tx)

    def execute_read(
        self,
        transaction_function: Callable[Concatenate[neo4j.ManagedTransaction, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        return transaction_function(self._managed(), *args, **kwargs)

    def execute_write(
        self,
        transaction_function: Callable[Concatenate[neo4j.ManagedTransaction, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        return transaction_function(self._managed(), *args, **kwargs)

    def run(
        self, query: LiteralString, parameters: dict[str, Any] | None = None, **kwargs: Any
    ) -> neo4j.Result:
        return cast(neo4j.Result, self._tx.run(query, parameters, **kwargs))


@asynccontextmanager
async def bridged_transaction(
    driver: neo4j.AsyncDriver, settings: Settings
) -> AsyncIterator[BridgedWork]:
    """One async transaction, committed on leaving the block, rolled back on an error."""
    async with driver.session(database=settings.neo4j_database) as session:
        tx = await session.begin_transaction()
        try:
            yield BridgedWork(tx, asyncio.get_running_loop())
        except BaseException:
            if not tx.closed():
                # a lost connection: the server rolls the transaction back itself
                with suppress(neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
                    await tx.rollback()
            raise
        await tx.commit()
