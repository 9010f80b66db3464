"""The nodes the API shows: entities, source records, sanctions and
relationships as their queries project them, and the values stored on them
as JSON text (decoded by graphsvc.graph.decode when a field shows them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class EntityNode:
    """A canonical entity's node. The JSON texts are decoded when a field
    that shows them is asked for (graphsvc.graph.decode)."""

    id: str
    schema: str
    caption: str
    names: list[str]
    countries: list[str]
    identifiers: list[str]
    datasets: list[str]
    topics: list[str]
    first_seen: str | None
    last_seen: str | None
    record_count: int
    resolution: str
    sanction_terms: list[str]  # "start_key|end_key|CODE", see graphsvc.sanctions
    properties: str | None  # {property: [{value, records}]}
    merge_links: str | None
    refused_links: str | None
    minted: str | None = None  # when the id was minted (None: before the time was kept)
    lineage: tuple[str, ...] = ()  # merges and splits, JSON texts, oldest first
    redirect: Redirect | None = None  # how a merged entity's former id led here


@dataclass(frozen=True, slots=True)
class Redirect:
    """The id asked for named an entity that was merged into this one."""

    reason: str
    at: str | None


@dataclass(frozen=True, slots=True)
class LineageEvent:
    """A merge or split in an entity's history: ``merged`` (``other`` was
    merged into it), ``split`` (records left it for ``other``), ``split_from``
    (it took records from ``other``)."""

    event: str
    other: str
    at: str | None


@dataclass(frozen=True, slots=True)
class RecordNode:
    """A source record as read (``r {.id, .dataset, ...}``)."""

    id: str
    dataset: str | None
    schema: str | None
    source_id: str | None
    source_url: str | None
    published: str | None
    retrieved: str | None
    origin: str | None
    raw: str | None  # the fields exactly as read, JSON
    props: str | None  # FtM properties as the source states them, JSON
    citations: str | None  # JSON list of citations
    first_seen: str | None
    last_seen: str | None
    caption: str | None
    publisher: str | None


@dataclass(frozen=True, slots=True)
class SanctionNode:
    id: str
    authority: str | None
    authority_code: str | None
    program: str | None
    listing_date: str | None
    start_date: str | None
    end_date: str | None
    start_key: str | None
    end_key: str | None
    stated_status: str | None  # a status the list states other than "active"
    reason: str | None
    source_url: str | None
    datasets: list[str]
    properties: str | None


@dataclass(frozen=True, slots=True)
class RelNode:
    """A relationship of an entity (``x {.*, type}``)."""

    id: str
    type: str
    schema: str | None
    start_date: str | None
    end_date: str | None
    percentage: str | None
    role: str | None
    summary: str | None
    amount: str | None
    currency: str | None
    algorithm: list[str] | None
    datasets: list[str]
    record_ids: list[str]
    first_seen: str | None
    last_seen: str | None
    properties: str | None


@dataclass(frozen=True, slots=True)
class Citation:
    publisher: str
    published: str | None
    url: str | None
    title: str | None
    quote: str | None


@dataclass(frozen=True, slots=True)
class PropertyValue:
    name: str
    value: str
    record_ids: list[str]


@dataclass(frozen=True, slots=True)
class MergeLink:
    left: str
    right: str
    kind: str
    score: float
    features: Any
    explanation: list[str]
    overrides: str | None


@dataclass(frozen=True, slots=True)
class RefusedLink:
    left: str
    right: str
    score: float
    conflict: str
    features: Any
    explanation: list[str]
