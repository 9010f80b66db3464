"""Units of work: the store's writers run either in their own transactions or
all inside one, which readers see committed whole or not at all.

``Work`` is what the writers need of a session (``execute_read``,
``execute_write``, ``run``). A ``neo4j.Session`` is one: each call is its own
transaction. ``OneTransaction`` is another: every call runs in the same
explicit transaction, committed once at the end, so that a load or a claim
and the entities rebuilt from it become visible together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, Concatenate, LiteralString, ParamSpec, Protocol, TypeVar, cast

import neo4j

from graphsvc.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")


class Work(Protocol):
    def execute_read(
        self,
        transaction_function: Callable[Concatenate[neo4j.ManagedTransaction, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R: ...

    def execute_write(
        self,
        transaction_function: Callable[Concatenate[neo4j.ManagedTransaction, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R: ...

    def run(
        self, query: LiteralString, parameters: dict[str, Any] | None = None, **kwargs: Any
    ) -> neo4j.Result: ...


class OneTransaction:
    """Every call in one explicit transaction (see the module's docstring)."""

    def __init__(self, tx: neo4j.Transaction | neo4j.ManagedTransaction) -> None:
        # a managed one too: a batch of the rebuild runs in the driver's retried unit
        self.tx = tx

    def execute_read(
        self,
        transaction_function: Callable[Concatenate[neo4j.ManagedTransaction, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        # An explicit transaction offers what a managed one does (run); the
        # functions are written against the managed type the driver hands them.
        return transaction_function(cast(neo4j.ManagedTransaction, self.tx), *args, **kwargs)

    def execute_write(
        self,
        transaction_function: Callable[Concatenate[neo4j.ManagedTransaction, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        return transaction_function(cast(neo4j.ManagedTransaction, self.tx), *args, **kwargs)

    def run(
        self, query: LiteralString, parameters: dict[str, Any] | None = None, **kwargs: Any
    ) -> neo4j.Result:
        return self.tx.run(query, parameters, **kwargs)


@contextmanager
def one_transaction(driver: neo4j.Driver, settings: Settings) -> Iterator[OneTransaction]:
    """A unit of work committed on leaving the block, rolled back on an error."""
    with driver.session(database=settings.neo4j_database) as session:
        tx = session.begin_transaction()
        try:
            yield OneTransaction(tx)
        except BaseException:
            if not tx.closed():
                # a lost connection: the server rolls the transaction back itself
                with suppress(neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
                    tx.rollback()
            raise
        tx.commit()


@contextmanager
def session_or(
    work: Work | None, driver: neo4j.Driver | None, settings: Settings
) -> Iterator[Work]:
    """The given unit of work, or a session whose calls commit one by one."""
    if work is not None:
        yield work
        return
    if driver is None:
        raise ValueError("a driver or a unit of work is needed")
    with driver.session(database=settings.neo4j_database) as session:
        yield session
