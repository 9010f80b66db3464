"""The store on Neo4j: named queries run over the async driver.

The API's only door to Neo4j: services, routers and GraphQL resolvers receive
the store and never see the driver. Failures of the database become
``DatabaseUnavailable`` (HTTP 503) with the reason, a query that runs past
the limit ``QueryTimeout`` (HTTP 504).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import neo4j
from neo4j import AsyncDriver
from neo4j import exceptions as neo4j_exc

from graphsvc.coalesce import Coalescer
from graphsvc.db import components, database_errors
from graphsvc.graph import decode
from graphsvc.graph.nodes import EntityNode
from graphsvc.graph.protocol import ProcedureMissing
from graphsvc.graph.rows import (
    CandidateRow,
    ChainsRow,
    ContractRow,
    CountRow,
    EntityRecordRow,
    ExposureRow,
    GapRow,
    MatchEntityRow,
    NameCandidateRow,
    ParticipantRow,
    PathRow,
    ProgrammeListRow,
    ProgrammeOfRow,
    RecordRow,
    RelationshipCountRow,
    RelationshipRow,
    ReviewRow,
    SanctionRow,
    SearchCandidate,
    SupplierRow,
)
from graphsvc.settings import Settings
from queries import cypher

_GRAPH_TYPES = (neo4j.graph.Node, neo4j.graph.Relationship, neo4j.graph.Path)


def _row(rec: neo4j.Record) -> dict[str, Any]:
    """A record as a dict. The queries return plain values and map
    projections, which the driver has already decoded into Python lists and
    dicts; ``Record.data()`` would walk every nested value again to convert
    graph objects (a large share of the API's time on a big search). A node,
    relationship or path in a column still goes through it."""
    values = rec.values()
    if any(isinstance(v, _GRAPH_TYPES) for v in values):
        return rec.data()
    return dict(zip(rec.keys(), values, strict=True))


class Neo4jStore:
    def __init__(self, driver: AsyncDriver, settings: Settings) -> None:
        self.driver = driver
        self.settings = settings
        # Entity lookups by id, shared by the requests in flight: every
        # GraphQL query starts with one (see graphsvc.coalesce).
        self._entity_lookups: Coalescer[str, EntityNode] = Coalescer(self._entities_by_id)
        self._procedures: frozenset[str] | None = None

    # -- the runner ----------------------------------------------------------
    async def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the named read query with a server-side timeout; its rows as dicts.

        Reads run as auto-commit queries: one round trip where a managed
        transaction needs three (begin, run, commit), which is most of the
        latency of a small lookup. A read that meets a connection the server
        dropped is tried once more on a fresh one. The typed methods below
        all come through here; the rest of the API's queries without one yet
        (keys, audit, search, match) call it by name.
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
        query = cypher(name)

        @neo4j.unit_of_work(timeout=self.settings.query_timeout)
        async def work(tx: neo4j.AsyncManagedTransaction) -> list[dict[str, Any]]:
            result = await tx.run(query, params)
            return [rec.data() async for rec in result]

        async def call() -> list[dict[str, Any]]:
            async with self.driver.session(database=self.settings.neo4j_database) as session:
                rows: list[dict[str, Any]] = await session.execute_write(work)
                return rows

        return await self._guard(call)

    async def _guard(self, call: Any) -> list[dict[str, Any]]:
        """Translate the driver's failures into graphsvc errors."""
        timeout = (
            f"the query ran longer than the limit of {self.settings.query_timeout:g}s "
            "(GRAPHSVC_QUERY_TIMEOUT); narrow it down"
        )
        try:
            with database_errors(self.settings, timeout):
                result: list[dict[str, Any]] = await call()
                return result
        except neo4j_exc.ClientError as exc:
            if exc.code is not None and "ProcedureNotFound" in exc.code:
                self._procedures = None  # the server changed under us
                raise ProcedureMissing(str(exc.message)) from exc
            raise

    async def server_info(self) -> dict[str, str]:
        return components(await self.read("schema/components"))

    # -- entities and their evidence ---------------------------------------------
    async def has_procedure(self, name: str) -> bool:
        """The local runtime has graphsvc's procedures, another server (Docker
        image, Aura) has not. Asked once; asked again after a call did not
        find one."""
        if self._procedures is None:
            rows = await self.read("schema/procedures")
            self._procedures = frozenset(rows[0]["names"]) if rows else frozenset()
        return name in self._procedures

    async def entities(self, ids: Sequence[str]) -> list[EntityNode | None]:
        return await self._entity_lookups.load(ids)

    async def _entities_by_id(self, ids: list[str]) -> dict[str, EntityNode]:
        rows = await self.read("entity/by_ids", ids=ids)
        return {
            r["requested"]: decode.entity(r["entity"], r["redirect"])
            for r in rows
            if r["entity"] is not None
        }

    async def entity_records(self, ids: Sequence[str]) -> list[EntityRecordRow]:
        rows = await self.read("entity/records", ids=list(ids))
        return [EntityRecordRow(r["entity"], decode.record(r["record"])) for r in rows]

    async def records(self, ids: Sequence[str]) -> list[RecordRow]:
        rows = await self.read("records/by_ids", ids=list(ids))
        return [RecordRow(decode.record(r["record"])) for r in rows]

    async def sanctions(self, ids: Sequence[str], as_of: str | None) -> list[SanctionRow]:
        rows = await self.read("sanctions/of_entities", ids=list(ids), as_of=as_of)
        return [
            SanctionRow(r["entity"], decode.sanction(r["sanction"]), r["edge_records"] or [])
            for r in rows
        ]

    async def relationships(
        self,
        id: str,
        types: Sequence[str] | None,
        direction: str | None,
        as_of: str | None,
        after: str | None,
        limit: int,
    ) -> list[RelationshipRow]:
        rows = await self.read(
            "entity/relationships",
            id=id,
            types=None if types is None else list(types),
            direction=direction,
            as_of=as_of,
            after=after,
            limit=limit,
        )
        return [RelationshipRow(decode.rel(r["rel"]), r["other"], r["outgoing"]) for r in rows]

    async def relationship_counts(self, id: str, as_of: str) -> list[RelationshipCountRow]:
        rows = await self.read("entity/relationship_counts", id=id, as_of=as_of)
        return [RelationshipCountRow(r["type"], r["outgoing"], r["count"]) for r in rows]

    async def relationship_counts_all(self, id: str) -> list[RelationshipCountRow]:
        rows = await self.read("entity/relationship_counts_all", id=id)
        return [RelationshipCountRow(r["type"], r["outgoing"], r["count"]) for r in rows]

    # -- search and counts -----------------------------------------------------------
    async def search(
        self,
        every: str,
        every_near: str | None,
        any_near: str | None,
        schema: str | None,
        country: str | None,
        topic: str | None,
        day: str,
        limit: int,
    ) -> list[SearchCandidate]:
        rows = await self.read(
            "search/fulltext",
            every=every,
            every_near=every_near,
            any_near=any_near,
            schema=schema,
            country=country,
            topic=topic,
            day=day,
            limit=limit,
        )
        return [decode.search_candidate(h) for h in rows[0]["hits"]] if rows else []

    async def counts(self) -> list[CountRow]:
        return [CountRow(r["kind"], r["name"], r["count"]) for r in await self.read("stats/counts")]

    # -- matching ------------------------------------------------------------------------
    async def dataset_exists(self, name: str) -> bool:
        rows = await self.read("match/dataset_exists", dataset_name=name)
        return bool(rows and rows[0]["found"])

    async def candidates_by_identifier(
        self,
        lookups: Sequence[tuple[str, Sequence[str]]],
        schemata: Sequence[str],
        dataset: str | None,
    ) -> list[CandidateRow]:
        rows = await self.read(
            "match/candidates_by_identifier",
            lookups=[{"key": key, "ids": list(ids)} for key, ids in lookups],
            schemata=list(schemata),
            dataset=dataset,
        )
        return [CandidateRow(r["key"], r["id"]) for r in rows]

    async def candidates_by_name(
        self,
        searches: Sequence[tuple[str, str]],
        limit: int,
        schemata: Sequence[str],
        dataset: str | None,
    ) -> list[NameCandidateRow]:
        rows = await self.read(
            "match/candidates_by_name",
            searches=[{"key": key, "text": text} for key, text in searches],
            limit=limit,
            schemata=list(schemata),
            dataset=dataset,
        )
        return [NameCandidateRow(r["key"], r["id"], r["relevance"]) for r in rows]

    async def match_entities(self, ids: Sequence[str]) -> list[MatchEntityRow]:
        rows = await self.read("match/entities", ids=list(ids))
        return [
            MatchEntityRow(
                id=r["id"],
                schema=r["schema"],
                caption=r["caption"],
                properties=r["properties"],
                datasets=r["datasets"],
                first_seen=r["first_seen"],
                last_seen=r["last_seen"],
                sanction_terms=r["sanction_terms"],
                referents=r["referents"],
            )
            for r in rows
        ]

    # -- paths -------------------------------------------------------------------
    async def shortest_paths(
        self,
        from_id: str,
        to_id: str,
        max_hops: int,
        types: Sequence[str] | None,
        as_of: str | None,
        confirmed_only: bool,
        limit: int,
    ) -> list[PathRow]:
        rows = await self.read(
            "paths/shortest",
            **{"from": from_id, "to": to_id},
            max_hops=max_hops,
            types=None if types is None else list(types),
            as_of=as_of,
            confirmed_only=confirmed_only,
            limit=limit,
        )
        return [decode.path(r) for r in rows]

    async def shortest_path(
        self,
        from_id: str,
        to_id: str,
        max_hops: int,
        types: Sequence[str] | None,
        as_of: str | None,
        confirmed_only: bool,
    ) -> list[PathRow]:
        rows = await self.read(
            "paths/shortest_one",
            **{"from": from_id, "to": to_id},
            max_hops=max_hops,
            types=None if types is None else list(types),
            as_of=as_of,
            confirmed_only=confirmed_only,
        )
        return [decode.path(r) for r in rows]

    async def shortest_path_unfiltered(
        self, from_id: str, to_id: str, max_hops: int
    ) -> list[PathRow]:
        rows = await self.read(
            "paths/shortest_one_any", **{"from": from_id, "to": to_id}, max_hops=max_hops
        )
        return [decode.path(r) for r in rows]

    async def shortest_path_procedure(
        self,
        from_id: str,
        to_id: str,
        max_hops: int,
        types: Sequence[str],
        as_of: str | None,
        confirmed_only: bool,
    ) -> list[PathRow]:
        rows = await self.read(
            "paths/shortest_one_procedure",
            **{"from": from_id, "to": to_id},
            max_hops=max_hops,
            types=list(types),
            as_of=as_of,
            confirmed_only=confirmed_only,
        )
        return [decode.path(r) for r in rows]

    # -- ownership -----------------------------------------------------------------
    async def owners(self, id: str, as_of: str | None, day: str, limit: int) -> ChainsRow:
        rows = await self.read("ownership/owners", id=id, as_of=as_of, day=day, limit=limit)
        return decode.chains(rows)

    async def holdings(self, id: str, as_of: str | None, limit: int) -> ChainsRow:
        rows = await self.read("ownership/holdings", id=id, as_of=as_of, limit=limit)
        return decode.chains(rows)

    # -- sanctions -------------------------------------------------------------------
    async def exposure(self, id: str, max_hops: int, day: str, limit: int) -> list[ExposureRow]:
        rows = await self.read("sanctions/exposure", id=id, max_hops=max_hops, day=day, limit=limit)
        return [decode.exposure(r) for r in rows]

    async def gaps(self, authority: str, day: str, after: str | None, limit: int) -> list[GapRow]:
        rows = await self.read(
            "sanctions/gaps", authority=authority, day=day, after=after, limit=limit
        )
        return [decode.gap(r) for r in rows]

    async def suppliers(self, id: str) -> list[SupplierRow]:
        return [decode.supplier(r) for r in await self.read("sanctions/suppliers", id=id)]

    # -- programmes and contracts ----------------------------------------------------
    async def participants(self, id: str) -> list[ParticipantRow]:
        return [decode.participant(r) for r in await self.read("programmes/participants", id=id)]

    async def programmes_of(self, id: str) -> list[ProgrammeOfRow]:
        return [decode.programme_of(r) for r in await self.read("programmes/of_entity", id=id)]

    async def review_queue(self, skip: int, limit: int, day: str) -> list[ReviewRow]:
        rows = await self.read("store/review_queue", skip=skip, limit=limit, day=day)
        return [ReviewRow(**r) for r in rows]

    async def programmes(self) -> list[ProgrammeListRow]:
        return [decode.programme_list(r) for r in await self.read("programmes/list")]

    async def contracts(self, id: str) -> list[ContractRow]:
        return [decode.contract(r) for r in await self.read("contracts/by_party", id=id)]
