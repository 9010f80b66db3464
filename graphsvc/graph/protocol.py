"""The store's interface: one typed method per named read query.

Services and GraphQL take a ``Store``; ``Neo4jStore`` runs the queries on
Neo4j, and tests may hand services an in-memory one. Each method's name
says which query it runs (its docstring names the file under ``queries/``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from graphsvc.graph.nodes import EntityNode
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


class ProcedureMissing(Exception):
    """A query called a procedure the server does not have (any more)."""


class Store(Protocol):
    async def has_procedure(self, name: str) -> bool:
        """Whether the server has graphsvc's procedure ``name`` (schema/procedures)."""
        ...

    async def entities(self, ids: Sequence[str]) -> list[EntityNode | None]:
        """The canonical entity of each id, None where there is none (entity/by_ids)."""
        ...

    async def entity_records(self, ids: Sequence[str]) -> list[EntityRecordRow]:
        """entity/records"""
        ...

    async def records(self, ids: Sequence[str]) -> list[RecordRow]:
        """records/by_ids"""
        ...

    async def sanctions(self, ids: Sequence[str], as_of: str | None) -> list[SanctionRow]:
        """sanctions/of_entities"""
        ...

    async def relationships(
        self,
        id: str,
        types: Sequence[str] | None,
        direction: str | None,
        as_of: str | None,
        after: str | None,
        limit: int,
    ) -> list[RelationshipRow]:
        """entity/relationships"""
        ...

    async def relationship_counts(self, id: str, as_of: str) -> list[RelationshipCountRow]:
        """entity/relationship_counts"""
        ...

    async def relationship_counts_all(self, id: str) -> list[RelationshipCountRow]:
        """entity/relationship_counts_all"""
        ...

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
        """search/fulltext: the index's best candidates, best first; topic
        "sanction" keeps entities sanctioned on ``day``."""
        ...

    async def counts(self) -> list[CountRow]:
        """stats/counts"""
        ...

    async def dataset_exists(self, name: str) -> bool:
        """match/dataset_exists"""
        ...

    async def candidates_by_identifier(
        self,
        lookups: Sequence[tuple[str, Sequence[str]]],
        schemata: Sequence[str],
        dataset: str | None,
    ) -> list[CandidateRow]:
        """match/candidates_by_identifier: per (query key, identifier keys)."""
        ...

    async def candidates_by_name(
        self,
        searches: Sequence[tuple[str, str]],
        limit: int,
        schemata: Sequence[str],
        dataset: str | None,
    ) -> list[NameCandidateRow]:
        """match/candidates_by_name: per (query key, escaped Lucene text)."""
        ...

    async def match_entities(self, ids: Sequence[str]) -> list[MatchEntityRow]:
        """match/entities"""
        ...

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
        """paths/shortest"""
        ...

    async def shortest_path(
        self,
        from_id: str,
        to_id: str,
        max_hops: int,
        types: Sequence[str] | None,
        as_of: str | None,
        confirmed_only: bool,
    ) -> list[PathRow]:
        """paths/shortest_one"""
        ...

    async def shortest_path_unfiltered(
        self, from_id: str, to_id: str, max_hops: int
    ) -> list[PathRow]:
        """paths/shortest_one_any"""
        ...

    async def shortest_path_procedure(
        self,
        from_id: str,
        to_id: str,
        max_hops: int,
        types: Sequence[str],
        as_of: str | None,
        confirmed_only: bool,
    ) -> list[PathRow]:
        """paths/shortest_one_procedure; raises ProcedureMissing when the
        server has lost the procedure."""
        ...

    async def owners(self, id: str, as_of: str | None, day: str, limit: int) -> ChainsRow:
        """ownership/owners: links valid on ``as_of`` (None: ever), owners
        sanctioned on ``day``"""
        ...

    async def holdings(self, id: str, as_of: str | None, limit: int) -> ChainsRow:
        """ownership/holdings"""
        ...

    async def exposure(self, id: str, max_hops: int, day: str, limit: int) -> list[ExposureRow]:
        """sanctions/exposure: entities sanctioned on ``day``"""
        ...

    async def gaps(self, authority: str, day: str, after: str | None, limit: int) -> list[GapRow]:
        """sanctions/gaps: as the lists stand on ``day``"""
        ...

    async def suppliers(self, id: str) -> list[SupplierRow]:
        """sanctions/suppliers"""
        ...

    async def participants(self, id: str) -> list[ParticipantRow]:
        """programmes/participants"""
        ...

    async def programmes_of(self, id: str) -> list[ProgrammeOfRow]:
        """programmes/of_entity"""
        ...

    async def review_queue(self, skip: int, limit: int, day: str) -> list[ReviewRow]:
        """store/review_queue: pairs touching an entity sanctioned on ``day`` first"""
        ...

    async def programmes(self) -> list[ProgrammeListRow]:
        """programmes/list"""
        ...

    async def contracts(self, id: str) -> list[ContractRow]:
        """contracts/by_party"""
        ...
