"""Connections to Neo4j: one driver for the life of a process.

The API uses the async driver (opened and closed in the FastAPI lifespan);
the CLI and loaders use the sync one. Both come from here, with the same
settings and the same translation of driver failures into graphsvc errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, LiteralString

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, Driver, GraphDatabase
from neo4j import exceptions as neo4j_exc

from graphsvc.errors import ConfigError, DatabaseUnavailable, QueryTimeout
from graphsvc.settings import Settings
from queries import cypher, statements

# Driver failures that mean "the database is not there or refuses us", as
# opposed to a bad query.
UNAVAILABLE = (
    neo4j_exc.ServiceUnavailable,
    neo4j_exc.SessionExpired,
    neo4j_exc.AuthError,
    neo4j_exc.DatabaseUnavailable,
    ConnectionError,
    OSError,
)


def describe_failure(exc: BaseException, uri: str, user: str) -> str:
    """One line that says what went wrong and what to check."""
    if isinstance(exc, neo4j_exc.AuthError):
        return (
            f"Neo4j at {uri} refused the credentials of user {user!r} "
            "(check GRAPHSVC_NEO4J_USER and GRAPHSVC_NEO4J_PASSWORD)"
        )
    if isinstance(exc, neo4j_exc.ConfigurationError | ValueError):
        return f"GRAPHSVC_NEO4J_URI={uri!r} is not a usable Bolt URI: {exc}"
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"cannot reach Neo4j at {uri}: {reason}"


@contextmanager
def unavailable_as_error(settings: Settings) -> Iterator[None]:
    """Driver failures that mean the database is gone become DatabaseUnavailable
    (HTTP 503, one line in the CLI) for code that uses the driver directly."""
    try:
        yield
    except UNAVAILABLE as exc:
        raise DatabaseUnavailable(
            describe_failure(exc, settings.bolt_uri(), settings.neo4j_user)
        ) from exc


@contextmanager
def database_errors(
    settings: Settings,
    timeout_message: str = "the write ran longer than Neo4j's transaction time limit; "
    "try again shortly",
) -> Iterator[None]:
    """The driver's failures as the API reports them, for reads and writes:
    the database gone or refusing us is DatabaseUnavailable (HTTP 503), a
    transaction stopped by the server's time limit QueryTimeout (504)."""
    try:
        yield
    except neo4j_exc.ClientError as exc:
        if isinstance(exc, neo4j_exc.AuthError):
            raise DatabaseUnavailable(
                describe_failure(exc, settings.bolt_uri(), settings.neo4j_user)
            ) from exc
        if exc.code is not None and "TransactionTimedOut" in exc.code:
            raise QueryTimeout(timeout_message) from exc
        raise
    except UNAVAILABLE as exc:
        raise DatabaseUnavailable(
            describe_failure(exc, settings.bolt_uri(), settings.neo4j_user)
        ) from exc


def _auth(settings: Settings) -> tuple[str, str]:
    return (settings.neo4j_user, settings.resolved_password())


def _driver_options() -> dict[str, Any]:
    # Short connection timeouts so an outage is reported within seconds; the
    # pool reconnects by itself once the server is back.
    return {
        "connection_timeout": 5.0,
        "connection_acquisition_timeout": 10.0,
        "max_transaction_retry_time": 5.0,
        "max_connection_pool_size": 64,
        "keep_alive": True,
        # Schema notifications (unknown property keys on an empty graph) are
        # not errors; they would only flood the log.
        "notifications_min_severity": "OFF",
    }


def open_driver(settings: Settings) -> Driver:
    uri = settings.bolt_uri()
    try:
        return GraphDatabase.driver(uri, auth=_auth(settings), **_driver_options())
    except (neo4j_exc.ConfigurationError, ValueError) as exc:
        raise ConfigError(describe_failure(exc, uri, settings.neo4j_user)) from exc


def open_async_driver(settings: Settings) -> AsyncDriver:
    uri = settings.bolt_uri()
    try:
        return AsyncGraphDatabase.driver(uri, auth=_auth(settings), **_driver_options())
    except (neo4j_exc.ConfigurationError, ValueError) as exc:
        raise ConfigError(describe_failure(exc, uri, settings.neo4j_user)) from exc


def check(driver: Driver, settings: Settings) -> dict[str, str]:
    """Connect, authenticate and read the server's version; raise DatabaseUnavailable."""
    try:
        driver.verify_connectivity()
        records, _summary, _keys = driver.execute_query(
            cypher("schema/components"), database_=settings.neo4j_database
        )
    except UNAVAILABLE as exc:
        raise DatabaseUnavailable(
            describe_failure(exc, settings.bolt_uri(), settings.neo4j_user)
        ) from exc
    return components([rec.data() for rec in records])


def components(rows: list[dict[str, Any]]) -> dict[str, str]:
    """Name, version and edition from the rows of ``schema/components``."""
    for rec in rows:
        if rec["name"] == "Neo4j Kernel":
            return {"name": "Neo4j", "version": rec["versions"][0], "edition": rec["edition"]}
    return {"name": "Neo4j", "version": "unknown", "edition": "unknown"}


def apply_schema(driver: Driver, settings: Settings) -> int:
    """Create constraints and indexes (idempotent). Returns how many statements ran."""
    count = 0
    with driver.session(database=settings.neo4j_database) as session:
        for stmt in statements("schema/constraints"):
            session.run(stmt).consume()
            count += 1
        session.run("CALL db.awaitIndexes(300)").consume()
    return count


def run_read(
    driver: Driver, settings: Settings, query: LiteralString, **params: Any
) -> list[dict[str, Any]]:
    """A read query as plain dicts, retried by the driver on transient failures."""
    return _run(driver, settings, query, params, write=False)


def run_write(
    driver: Driver, settings: Settings, query: LiteralString, **params: Any
) -> list[dict[str, Any]]:
    return _run(driver, settings, query, params, write=True)


def _run(
    driver: Driver, settings: Settings, query: LiteralString, params: dict[str, Any], *, write: bool
) -> list[dict[str, Any]]:
    def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
        return [rec.data() for rec in tx.run(query, params)]

    with driver.session(database=settings.neo4j_database) as session:
        return session.execute_write(work) if write else session.execute_read(work)
