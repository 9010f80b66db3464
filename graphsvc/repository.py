"""Read and write access to the graph for the API, through named queries.

The API's only door to Neo4j: routers and GraphQL resolvers receive a
Repository and never see the driver. Failures of the database become
``DatabaseUnavailable`` (HTTP 503) with the reason.
"""

from __future__ import annotations

from typing import Any

import neo4j
from neo4j import AsyncDriver
from neo4j import exceptions as neo4j_exc

from graphsvc.coalesce import Coalescer
from graphsvc.db import UNAVAILABLE, components, describe_failure
from graphsvc.errors import DatabaseUnavailable, QueryTimeout
from graphsvc.settings import Settings
from queries import cypher

_GRAPH_TYPES = (neo4j.graph.Node, neo4j.graph.Relationship, neo4j.graph.Path)


def _row(rec: neo4j.Record) -> dict[str, Any]:
    """A record as a dict. The queries return plain values and map
    projections, which the driver has already decoded into Python lists and
    dicts; ``Record.data()`` would walk every nested value again to convert
    graph objects (a fifth of the API's time on a 200-hit search). A node,
    relationship or path in a column still goes through it."""
    values = rec.values()
    if any(isinstance(v, _GRAPH_TYPES) for v in values):
        return rec.data()
    return dict(zip(rec.keys(), values, strict=True))


class ProcedureMissing(Exception):
    """A query called a procedure the server does not have (any more)."""


class Repository:
    def __init__(self, driver: AsyncDriver, settings: Settings) -> None:
        self.driver = driver
        self.settings = settings
        # Entity lookups by id, shared by the requests in flight: every
        # GraphQL query starts with one (see graphsvc.coalesce).
        self._entity_lookups: Coalescer[str, dict[str, Any]] = Coalescer(self._entities_by_id)
        self._procedures: frozenset[str] | None = None

    async def has_procedure(self, name: str) -> bool:
        """Whether the server has graphsvc's procedure ``name``: the local
        runtime has them, another server (Docker image, Aura) has not. Asked
        once; asked again after a call did not find one."""
        if self._procedures is None:
            rows = await self.read("schema/procedures")
            self._procedures = frozenset(rows[0]["names"]) if rows else frozenset()
        return name in self._procedures

    async def entities(self, ids: list[str]) -> list[dict[str, Any] | None]:
        """The canonical entity of each id (an entity's or a merged record's);
        None where there is none."""
        return await self._entity_lookups.load(ids)

    async def _entities_by_id(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        rows = await self.read("entity/by_ids", ids=ids)
        return {r["requested"]: r["entity"] for r in rows if r["entity"] is not None}

    async def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the named read query with a server-side timeout.

        Reads run as auto-commit queries: one round trip where a managed
        transaction needs three (begin, run, commit), which is most of the
        latency of a small lookup. A read that meets a connection the server
        dropped is tried once more on a fresh one.
        """
        query = neo4j.Query(cypher(name), timeout=self.settings.query_timeout)

        async def once() -> list[dict[str, Any]]:
            async with self.driver.session(
                database=self.settings.neo4j_database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                result = await session.run(query, params)
                return [_row(rec) async for rec in result]

        async def work() -> list[dict[str, Any]]:
            try:
                return await once()
            except (neo4j_exc.SessionExpired, neo4j_exc.ServiceUnavailable):
                return await once()

        return await self._guard(work)

    async def write(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return await self._session_call(self._work(name, params), write=True)

    def _work(self, name: str, params: dict[str, Any]) -> Any:
        query = cypher(name)

        @neo4j.unit_of_work(timeout=self.settings.query_timeout)
        async def work(tx: neo4j.AsyncManagedTransaction) -> list[dict[str, Any]]:
            result = await tx.run(query, params)
            return [rec.data() async for rec in result]

        return work

    async def _session_call(self, work: Any, *, write: bool) -> list[dict[str, Any]]:
        async def call() -> list[dict[str, Any]]:
            async with self.driver.session(database=self.settings.neo4j_database) as session:
                if write:
                    result: list[dict[str, Any]] = await session.execute_write(work)
                else:
                    result = await session.execute_read(work)
                return result

        return await self._guard(call)

    async def _guard(self, call: Any) -> list[dict[str, Any]]:
        """Translate the driver's failures into graphsvc errors."""
        try:
            result: list[dict[str, Any]] = await call()
            return result
        except neo4j_exc.ClientError as exc:
            if exc.code is not None and "ProcedureNotFound" in exc.code:
                self._procedures = None  # the server changed under us
                raise ProcedureMissing(str(exc.message)) from exc
            if exc.code is not None and "TransactionTimedOut" in exc.code:
                raise QueryTimeout(
                    f"the query ran longer than the limit of {self.settings.query_timeout:g}s "
                    "(GRAPHSVC_QUERY_TIMEOUT); narrow it down"
                ) from exc
            if isinstance(exc, neo4j_exc.AuthError):
                raise self._unavailable(exc) from exc
            raise
        except UNAVAILABLE as exc:
            raise self._unavailable(exc) from exc

    def _unavailable(self, exc: BaseException) -> DatabaseUnavailable:
        return DatabaseUnavailable(
            describe_failure(exc, self.settings.bolt_uri(), self.settings.neo4j_user)
        )

    async def server_info(self) -> dict[str, str]:
        return components(await self.read("schema/components"))
