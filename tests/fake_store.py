"""An in-memory store for service tests: a few entities and links, and the
typed read methods the services call, answered as the named queries would.
It follows the queries' meaning closely enough for the service logic; the
queries themselves are tested against a real Neo4j elsewhere."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graphsvc import sanctions
from graphsvc.graph import Store, decode
from graphsvc.graph.nodes import EntityNode
from graphsvc.graph.rows import (
    CandidateRow,
    ChainRow,
    ChainsRow,
    ContractRow,
    CountRow,
    EntityRecordRow,
    EntityRef,
    ExposureRow,
    GapLinkRow,
    GapRow,
    Link,
    MatchEntityRow,
    NameCandidateRow,
    ParticipantRow,
    PathRow,
    ProgrammeLinkRow,
    ProgrammeListRow,
    ProgrammeOfRow,
    RecordRow,
    RelationshipCountRow,
    RelationshipRow,
    ReviewRow,
    SanctionRow,
    SearchCandidate,
    Stake,
    SupplierRow,
)

GAP_TYPES = {"OWNERSHIP", "SUPPLY", "USAGE", "DEVELOPMENT", "DIRECTORSHIP", "CONTRACT_AWARD"}


@dataclass
class FakeLink:
    type: str
    source: str
    target: str
    percentage: str | None = None
    record_ids: list[str] = field(default_factory=list)


@dataclass
class FakeStore:
    entities_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: list[FakeLink] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)  # the methods called, in order

    # -- building the graph ----------------------------------------------------------
    def entity(
        self,
        id: str,
        *,
        listed_by: Sequence[str] = (),
        terms: Sequence[str] = (),
        schema: str = "Company",
    ) -> str:
        """An entity under open-ended sanctions of the ``listed_by``
        authorities, and under those of ``terms`` (graphsvc.sanctions.term)."""
        self.entities_by_id[id] = {
            "id": id,
            "caption": id.replace("-", " ").title(),
            "schema": schema,
            "sanction_terms": [sanctions.term(c, None, None) for c in listed_by] + list(terms),
        }
        return id

    def owns(self, owner: str, owned: str, percentage: str | None) -> None:
        self.links.append(FakeLink("OWNERSHIP", owner, owned, percentage, [f"rec-{owner}-{owned}"]))

    def link(self, type: str, source: str, target: str) -> None:
        self.links.append(FakeLink(type, source, target, record_ids=[f"rec-{source}-{target}"]))

    def _ref(self, id: str) -> EntityRef:
        e = self.entities_by_id[id]
        return EntityRef(
            id=id,
            caption=e["caption"],
            schema=e["schema"],
            sanction_terms=e["sanction_terms"],
        )

    def _terms(self, id: str) -> list[str]:
        terms: list[str] = self.entities_by_id[id]["sanction_terms"]
        return terms

    def _sanctioned(self, id: str, day: str) -> bool:
        return sanctions.sanctioned(self._terms(id), day)

    # -- entities ------------------------------------------------------------------------
    async def has_procedure(self, name: str) -> bool:
        return False

    async def entities(self, ids: Sequence[str]) -> list[EntityNode | None]:
        self.calls.append("entities")
        found = [self.entities_by_id.get(i) for i in ids]
        return [None if e is None else decode.entity(e) for e in found]

    async def entity_records(self, ids: Sequence[str]) -> list[EntityRecordRow]:
        return []

    async def records(self, ids: Sequence[str]) -> list[RecordRow]:
        return []

    async def sanctions(self, ids: Sequence[str], as_of: str | None) -> list[SanctionRow]:
        return []

    async def relationships(
        self,
        id: str,
        types: Sequence[str] | None,
        direction: str | None,
        as_of: str | None,
        after: str | None,
        limit: int,
    ) -> list[RelationshipRow]:
        return []

    async def relationship_counts(self, id: str, as_of: str) -> list[RelationshipCountRow]:
        return []

    async def relationship_counts_all(self, id: str) -> list[RelationshipCountRow]:
        return []

    # -- search, counts and matching: not modelled ------------------------------------
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
        return []

    async def counts(self) -> list[CountRow]:
        return []

    async def dataset_exists(self, name: str) -> bool:
        return False

    async def candidates_by_identifier(
        self,
        lookups: Sequence[tuple[str, Sequence[str]]],
        schemata: Sequence[str],
        dataset: str | None,
    ) -> list[CandidateRow]:
        return []

    async def candidates_by_name(
        self,
        searches: Sequence[tuple[str, str]],
        limit: int,
        schemata: Sequence[str],
        dataset: str | None,
    ) -> list[NameCandidateRow]:
        return []

    async def match_entities(self, ids: Sequence[str]) -> list[MatchEntityRow]:
        return []

    # -- paths -------------------------------------------------------------------------------
    def _path_links(self) -> list[FakeLink]:
        return self.links

    def _shortest(self, start: str, goal: str, max_hops: int) -> PathRow | None:
        found = self._reach(start, max_hops).get(goal)
        return None if found is None else self._path_row(start, found)

    def _reach(self, start: str, max_hops: int) -> dict[str, list[FakeLink]]:
        """Breadth first, links in either direction: each entity reached and
        the links of one shortest path to it."""
        seen: dict[str, list[FakeLink]] = {start: []}
        queue = deque([start])
        while queue:
            at = queue.popleft()
            if len(seen[at]) == max_hops:
                continue
            for x in self._path_links():
                if at not in (x.source, x.target):
                    continue
                other = x.target if x.source == at else x.source
                if other not in seen:
                    seen[other] = [*seen[at], x]
                    queue.append(other)
        return seen

    def _path_row(self, start: str, links: list[FakeLink]) -> PathRow:
        nodes = [start]
        for x in links:
            nodes.append(x.target if x.source == nodes[-1] else x.source)
        rels = [Link(x.type, x.source, x.target, percentage=x.percentage,
                     record_ids=x.record_ids) for x in links]  # fmt: skip
        return PathRow(nodes=nodes, rels=rels, score_merged=[])

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
        found = self._shortest(from_id, to_id, max_hops)
        return [] if found is None else [found]

    async def shortest_path(
        self,
        from_id: str,
        to_id: str,
        max_hops: int,
        types: Sequence[str] | None,
        as_of: str | None,
        confirmed_only: bool,
    ) -> list[PathRow]:
        return await self.shortest_paths(from_id, to_id, max_hops, types, as_of, False, 1)

    async def shortest_path_unfiltered(
        self, from_id: str, to_id: str, max_hops: int
    ) -> list[PathRow]:
        return await self.shortest_paths(from_id, to_id, max_hops, None, None, False, 1)

    async def shortest_path_procedure(
        self,
        from_id: str,
        to_id: str,
        max_hops: int,
        types: Sequence[str],
        as_of: str | None,
        confirmed_only: bool,
    ) -> list[PathRow]:
        return await self.shortest_paths(from_id, to_id, max_hops, types, as_of, False, 1)

    # -- ownership ---------------------------------------------------------------------------
    def _chain(self, entities: list[str], links: list[FakeLink], day: str) -> ChainRow:
        return ChainRow(
            chain=entities,
            links=[Stake(x.percentage, x.record_ids) for x in links],
            sanctioned=[e for e in entities if self._sanctioned(e, day)],
        )

    async def owners(self, id: str, as_of: str | None, day: str, limit: int) -> ChainsRow:
        """Every chain of OWNERSHIP links up to 6 long ending at ``id``."""
        self.calls.append("owners")
        chains: list[ChainRow] = []

        def up(entities: list[str], links: list[FakeLink]) -> None:
            for x in self.links:
                if x.type == "OWNERSHIP" and x.target == entities[0] and x.source not in entities:
                    chains.append(self._chain([x.source, *entities], [x, *links], day))
                    if len(links) < 5:
                        up([x.source, *entities], [x, *links])

        up([id], [])
        return ChainsRow(chains=chains[:limit])

    async def holdings(self, id: str, as_of: str | None, limit: int) -> ChainsRow:
        self.calls.append("holdings")
        chains: list[ChainRow] = []

        def down(entities: list[str], links: list[FakeLink]) -> None:
            for x in self.links:
                if x.type == "OWNERSHIP" and x.source == entities[-1] and x.target not in entities:
                    chains.append(ChainRow([*entities, x.target], [*links, x], []))
                    if len(links) < 5:
                        down([*entities, x.target], [*links, x])

        down([id], [])
        return ChainsRow(chains=chains[:limit])

    # -- sanctions ------------------------------------------------------------------------------
    async def exposure(self, id: str, max_hops: int, day: str, limit: int) -> list[ExposureRow]:
        self.calls.append(f"exposure:{max_hops}")
        reached = self._reach(id, max_hops)
        targets = [t for t in reached if t != id and self._sanctioned(t, day)]
        targets.sort(key=lambda t: (len(reached[t]), self.entities_by_id[t]["caption"]))
        out = []
        for t in targets[:limit]:
            p = self._path_row(id, reached[t])
            out.append(ExposureRow(t, p.nodes, p.rels, p.score_merged))
        return out

    async def gaps(self, authority: str, day: str, after: str | None, limit: int) -> list[GapRow]:
        self.calls.append("gaps")
        out = []
        for eid in sorted(self.entities_by_id):
            listed = sanctions.listed_by(self._terms(eid), day)
            if authority in listed or (after is not None and eid <= after):
                continue
            links: dict[tuple[str, str], GapLinkRow] = {}
            for x in self.links:
                if x.type not in GAP_TYPES or eid not in (x.source, x.target):
                    continue
                other = x.target if x.source == eid else x.source
                if other != eid and self._sanctioned(other, day):
                    o = self.entities_by_id[other]
                    links[(x.type, other)] = GapLinkRow(
                        x.type, other, o["caption"], self._terms(other)
                    )
            if listed or links:
                out.append(GapRow(self._ref(eid), list(links.values())))
        return out[:limit]

    async def suppliers(self, id: str) -> list[SupplierRow]:
        return []

    # -- programmes and contracts -----------------------------------------------------------
    async def participants(self, id: str) -> list[ParticipantRow]:
        """The entities with a PARTICIPATION or PRIZE_AWARD link to ``id``."""
        found: dict[str, list[ProgrammeLinkRow]] = {}
        for x in self.links:
            if x.type in ("PARTICIPATION", "PRIZE_AWARD") and x.target == id:
                row = ProgrammeLinkRow(f"{x.source}-{x.target}", x.type, record_ids=x.record_ids)
                found.setdefault(x.source, []).append(row)
        refs = sorted((self._ref(v) for v in found), key=lambda r: r.caption)
        return [ParticipantRow(ref, found[ref.id]) for ref in refs]

    async def programmes_of(self, id: str) -> list[ProgrammeOfRow]:
        return []

    async def review_queue(self, skip: int, limit: int, day: str) -> list[ReviewRow]:
        return []

    async def programmes(self) -> list[ProgrammeListRow]:
        return []

    async def contracts(self, id: str) -> list[ContractRow]:
        return []


def _conforms(store: FakeStore) -> Store:
    return store  # mypy: the fake has every method of the Store interface
