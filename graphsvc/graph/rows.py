"""The rows of the named read queries, typed.

One class per query shape: its fields are the query's columns, in the order
its header names them (tests/test_store_contract.py holds the two together).
The maps inside a column that services read field by field become small
typed values too; property bags the API passes through whole (an entity's
or a record's properties) stay mappings. Rows are plain frozen dataclasses,
built without validation: the queries fix their shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphsvc.graph.nodes import EntityNode, RecordNode, Redirect, RelNode, SanctionNode

# A map the API hands on whole (a contract award's properties).
NodeMap = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Link:
    """A relationship between entities on a path (``x {.*, type, from, to}``)."""

    type: str
    from_id: str
    to_id: str
    schema: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    summary: str | None = None
    percentage: str | None = None
    role: str | None = None
    record_ids: list[str] = field(default_factory=list)
    properties: str | None = None  # FtM properties as JSON text


@dataclass(frozen=True, slots=True)
class PathRow:
    nodes: list[str]
    rels: list[Link]
    score_merged: list[str]


@dataclass(frozen=True, slots=True)
class ExposureRow:
    target: str
    nodes: list[str]
    rels: list[Link]
    score_merged: list[str]


@dataclass(frozen=True, slots=True)
class Stake:
    """One ownership link of a chain: what the share arithmetic and its
    citations need."""

    percentage: str | None
    record_ids: list[str]


@dataclass(frozen=True, slots=True)
class ChainRow:
    chain: list[str]
    links: list[Stake]
    sanctioned: list[str]


@dataclass(frozen=True, slots=True)
class ChainsRow:
    chains: list[ChainRow]


@dataclass(frozen=True, slots=True)
class EntityRef:
    """The few properties of an entity that lists and filters need."""

    id: str
    caption: str
    schema: str | None = None
    countries: list[str] = field(default_factory=list)
    sanction_terms: list[str] = field(default_factory=list)  # see graphsvc.sanctions


@dataclass(frozen=True, slots=True)
class GapLinkRow:
    type: str
    other: str
    other_caption: str
    other_terms: list[str]


@dataclass(frozen=True, slots=True)
class GapRow:
    entity: EntityRef
    links: list[GapLinkRow]


@dataclass(frozen=True, slots=True)
class SupplierRow:
    supplier: EntityRef
    how: list[str]
    via: list[str]


@dataclass(frozen=True, slots=True)
class ProgrammeLinkRow:
    """A PARTICIPATION or PRIZE_AWARD edge (``x {.*, type}``)."""

    id: str
    type: str
    algorithm: list[str] | None = None
    start_date: str | None = None
    amount: str | None = None
    currency: str | None = None
    summary: str | None = None
    record_ids: list[str] = field(default_factory=list)
    properties: str | None = None


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    participant: EntityRef
    links: list[ProgrammeLinkRow]


@dataclass(frozen=True, slots=True)
class ProgrammeOfRow:
    programme: EntityRef
    links: list[ProgrammeLinkRow]


@dataclass(frozen=True, slots=True)
class ProgrammeListRow:
    programme: EntityRef
    participants: int


@dataclass(frozen=True, slots=True)
class ContractMap:
    id: str
    caption: str | None = None
    title: str | None = None
    amount: str | None = None
    currency: str | None = None
    sign_date: str | None = None
    start_date: str | None = None
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class ContractRow:
    contract: ContractMap
    role: str
    buyers: list[EntityRef]
    suppliers: list[EntityRef]
    awards: list[NodeMap]


@dataclass(frozen=True, slots=True)
class EntityRow:
    requested: str
    entity: EntityNode | None
    redirect: Redirect | None


@dataclass(frozen=True, slots=True)
class EntityRecordRow:
    entity: str
    record: RecordNode


@dataclass(frozen=True, slots=True)
class RecordRow:
    record: RecordNode


@dataclass(frozen=True, slots=True)
class SanctionRow:
    entity: str
    sanction: SanctionNode
    edge_records: list[str]


@dataclass(frozen=True, slots=True)
class RelationshipRow:
    rel: RelNode
    other: str
    outgoing: bool


@dataclass(frozen=True, slots=True)
class SearchCandidate:
    id: str
    caption: str | None
    folded: list[str] | None  # the names as ranking compares them
    names: list[str] | None  # only where folded is missing
    score: float


@dataclass(frozen=True, slots=True)
class SearchRow:
    hits: list[SearchCandidate]


@dataclass(frozen=True, slots=True)
class CountRow:
    kind: str  # "label" or "type"
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class CandidateRow:
    key: str  # the query's
    id: str  # the candidate entity's


@dataclass(frozen=True, slots=True)
class NameCandidateRow:
    key: str
    id: str
    relevance: float


@dataclass(frozen=True, slots=True)
class FoundRow:
    found: bool


@dataclass(frozen=True, slots=True)
class MatchEntityRow:
    id: str
    schema: str
    caption: str | None
    properties: str | None  # JSON {prop: [{value, records}]}
    datasets: list[str]
    first_seen: str | None
    last_seen: str | None
    sanction_terms: list[str]
    referents: list[str]


@dataclass(frozen=True, slots=True)
class RelationshipCountRow:
    type: str
    outgoing: bool
    count: int


@dataclass(frozen=True, slots=True)
class ProcedureNamesRow:
    names: list[str]


@dataclass(frozen=True, slots=True)
class ComponentRow:
    name: str
    versions: list[str]
    edition: str


# The row type of each named read query the store runs, for the contract
# test that holds every type to its query's header.
@dataclass(frozen=True, slots=True)
class ReviewRow:
    id: str
    a: str
    b: str
    score: float
    features: str | None  # JSON {feature: value}
    explanation: list[str] | None
    conflict: str | None  # why the pair may not merge
    entity_a: str | None
    entity_b: str | None
    useful: float


ROW_TYPES: dict[str, type] = {
    "entity/by_ids": EntityRow,
    "entity/records": EntityRecordRow,
    "records/by_ids": RecordRow,
    "sanctions/of_entities": SanctionRow,
    "entity/relationships": RelationshipRow,
    "entity/relationship_counts": RelationshipCountRow,
    "entity/relationship_counts_all": RelationshipCountRow,
    "paths/shortest": PathRow,
    "paths/shortest_one": PathRow,
    "paths/shortest_one_any": PathRow,
    "paths/shortest_one_procedure": PathRow,
    "ownership/owners": ChainsRow,
    "ownership/holdings": ChainsRow,
    "sanctions/exposure": ExposureRow,
    "sanctions/gaps": GapRow,
    "sanctions/suppliers": SupplierRow,
    "programmes/participants": ParticipantRow,
    "programmes/of_entity": ProgrammeOfRow,
    "programmes/list": ProgrammeListRow,
    "contracts/by_party": ContractRow,
    "search/fulltext": SearchRow,
    "stats/counts": CountRow,
    "match/dataset_exists": FoundRow,
    "match/candidates_by_identifier": CandidateRow,
    "match/candidates_by_name": NameCandidateRow,
    "match/entities": MatchEntityRow,
    "schema/procedures": ProcedureNamesRow,
    "schema/components": ComponentRow,
    "store/review_queue": ReviewRow,
}
