"""Entity matching for screening clients: the logic behind ``POST /match`` and
GraphQL ``match``.

Candidates for each validated query (graphsvc.services.match_query) come from
the full-text index and from identifier keys; every candidate is scored with
the resolver's pair scorer (graphsvc.resolve.score) against a ``MatchInput``
built from the entity's stored properties, so a match here means what a merge
means in the graph. ``match_entities`` (one query) and ``match_queries``
(many) raise ``BadRequest`` / ``LimitExceeded`` with a message for bad input.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from graphsvc import sanctions
from graphsvc.errors import LimitExceeded, NotFound
from graphsvc.graph import Store, decode
from graphsvc.graph.rows import MatchEntityRow
from graphsvc.model import Record
from graphsvc.resolve.score import AUTO_MATCH, MAX_NAMES, MatchInput, MatchResult, score
from graphsvc.services.dates import sanctions_day
from graphsvc.services.match_query import (
    ALGORITHM,
    ALGORITHM_ALIASES,
    ALL_DATASETS,
    CANDIDATES_MAX,
    CANDIDATES_MIN,
    MAX_FUZZY_CHARS,
    MAX_LIMIT,
    MAX_PROPERTIES,
    MAX_REQUEST_CLAUSES,
    MAX_TERMS,
    MAX_VALUE_CHARS,
    MAX_VALUES,
    MatchQuery,
    check_request,
    compatible_schemata,
    lucene_escape,
    parse_query,
    search_query,
)

__all__ = [
    "ALGORITHM",
    "ALGORITHM_ALIASES",
    "FEATURE_DOCS",
    "MAX_FUZZY_CHARS",
    "MAX_LIMIT",
    "MAX_PROPERTIES",
    "MAX_REQUEST_CLAUSES",
    "MAX_TERMS",
    "MAX_VALUES",
    "MAX_VALUE_CHARS",
    "MatchHit",
    "MatchQuery",
    "check_request",
    "lucene_escape",
    "match_entities",
    "match_queries",
    "parse_query",
    "resolve_dataset",
    "search_query",
]

# yente's ``matcher`` block: what each feature in a result's ``features`` means.
FEATURE_DOCS: dict[str, dict[str, Any]] = {
    "identifier": {"description": "A valid identifier (INN, OGRN, LEI, list id...) is shared; "
                   "decides the match on its own", "coefficient": 1.0, "url": None},
    "identifier_conflict": {"description": "Both sides carry a different valid identifier of "
                            "the same scheme", "coefficient": -0.4, "url": None},
    "name": {"description": "Best name similarity across scripts and transliterations, legal "
             "forms removed; the base of the score", "coefficient": 1.0, "url": None},
    "schema": {"description": "Related but different schemata (Company ~ PublicBody)",
               "coefficient": -0.03, "url": None},
    "country": {"description": "Countries agree (+) or differ (-)", "coefficient": None,
                "url": None},
    "birth_date": {"description": "Birth dates agree (+) or differ (-) at their common "
                   "precision", "coefficient": None, "url": None},
    "incorporation_date": {"description": "Incorporation dates agree (+) or differ (-)",
                           "coefficient": None, "url": None},
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class MatchHit:
    """One scored candidate, in yente's ``ScoredEntityResponse`` vocabulary.

    ``explanation`` is graphsvc's own addition: the scorer's reasons in words.
    """

    id: str
    caption: str
    schema: str
    properties: dict[str, list[str]]
    datasets: list[str]
    referents: list[str]
    target: bool
    first_seen: str | None
    last_seen: str | None
    score: float
    match: bool
    features: dict[str, float] = field(default_factory=dict)
    explanation: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "caption": self.caption,
            "schema": self.schema,
            "properties": self.properties,
            "datasets": self.datasets,
            "referents": self.referents,
            "target": self.target,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "last_change": self.last_seen,  # no separate change date is kept
            "score": self.score,
            "match": self.match,
            "features": self.features,
            "explanation": self.explanation,
        }


# --- scoring ---------------------------------------------------------------------
def _plain_properties(raw: str | None) -> dict[str, list[str]]:
    """The stored {prop: [{value, records}]} JSON as FtM {prop: [values]}."""
    return {prop: [str(v) for v in values] for prop, values in decode.ftm_values(raw).items()}


def _entity_input(row: MatchEntityRow, props: dict[str, list[str]]) -> MatchInput:
    record = Record(id=row.id, schema=row.schema, dataset="", source_id=row.id, properties=props)
    return MatchInput.from_record(record)


def best_score(query: MatchInput, entity: MatchInput) -> MatchResult:
    """The scorer compares MAX_NAMES names per side; a merged entity may have many
    more, so score each slice of its names and keep the best."""
    names = entity.names or ("",)
    best: MatchResult | None = None
    for start in range(0, len(names), MAX_NAMES):
        result = score(query, replace(entity, names=names[start : start + MAX_NAMES]))
        if best is None or result.score > best.score:
            best = result
    assert best is not None  # at least one slice
    return best


def _score_candidates(
    query: MatchQuery,
    rows: Sequence[MatchEntityRow],
    threshold: float,
    cutoff: float,
    day: str,
) -> list[MatchHit]:
    hits: list[MatchHit] = []
    for row in rows:
        props = _plain_properties(row.properties)
        result = best_score(query.input, _entity_input(row, props))
        if result.score <= cutoff:
            continue
        hits.append(
            MatchHit(
                id=row.id,
                caption=row.caption or row.id,
                schema=row.schema,
                properties=props,
                datasets=list(row.datasets),
                referents=list(row.referents),
                target=sanctions.sanctioned(row.sanction_terms, day),
                first_seen=row.first_seen,
                last_seen=row.last_seen,
                score=result.score,
                match=result.score >= threshold,
                features=dict(result.features),
                explanation=list(result.explanation),
            )
        )
    hits.sort(key=lambda h: (-h.score, h.caption, h.id))
    return hits


# --- the graph ---------------------------------------------------------------------
async def resolve_dataset(store: Store, dataset: str | None) -> str | None:
    """None for every dataset ("default"/"all"); NotFound for a dataset never loaded."""
    if dataset is None or dataset in ALL_DATASETS:
        return None
    if not await store.dataset_exists(dataset):
        raise NotFound(f"no dataset {dataset!r} has been loaded; use 'default' for all")
    return dataset


def candidate_pool(limit: int) -> int:
    return max(CANDIDATES_MIN, min(CANDIDATES_MAX, limit * 4))


async def _candidates(
    store: Store, queries: Sequence[MatchQuery], limit: int, dataset: str | None
) -> dict[str, list[str]]:
    """Candidate entity ids per query key: identifier hits first, then by relevance."""
    schemata = sorted({s for q in queries for s in compatible_schemata(q.schema)})
    by_key: dict[str, list[str]] = {q.key: [] for q in queries}
    lookups = [(q.key, list(q.identifier_keys)) for q in queries if q.identifier_keys]
    if lookups:
        for row in await store.candidates_by_identifier(lookups, schemata, dataset):
            by_key[row.key].append(row.id)
    searches = [(q.key, q.search_text) for q in queries if q.search_text]
    if searches:
        pool = candidate_pool(limit)
        for hit in await store.candidates_by_name(searches, pool, schemata, dataset):
            by_key[hit.key].append(hit.id)
    # The Cypher filters on the union of schemata; match_queries applies each query's own.
    return {k: list(dict.fromkeys(ids)) for k, ids in by_key.items()}


async def match_queries(
    store: Store,
    queries: Sequence[MatchQuery],
    *,
    limit: int = 5,
    threshold: float = AUTO_MATCH,
    cutoff: float = 0.0,
    dataset: str | None = None,
) -> dict[str, tuple[list[MatchHit], int]]:
    """Match validated queries: {key: (best ``limit`` hits, total above cutoff)}.

    ``dataset`` is a dataset name, or None for all; three Cypher round trips in
    all, whatever the number of queries.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise LimitExceeded(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if not queries:
        return {}
    candidates = await _candidates(store, queries, limit, dataset)
    all_ids = sorted({i for ids in candidates.values() for i in ids})
    rows = await store.match_entities(all_ids) if all_ids else []
    by_id = {row.id: row for row in rows}
    allowed = {q.key: set(compatible_schemata(q.schema)) for q in queries}
    day = sanctions_day()  # a target is under a sanction in force today

    def score_all() -> dict[str, tuple[list[MatchHit], int]]:
        out: dict[str, tuple[list[MatchHit], int]] = {}
        for q in queries:
            found = (by_id.get(i) for i in candidates.get(q.key, []))
            q_rows = [r for r in found if r is not None and r.schema in allowed[q.key]]
            hits = _score_candidates(q, q_rows, threshold, cutoff, day)
            out[q.key] = (hits[:limit], len(hits))
        return out

    # Scoring is CPU work; a worker thread keeps the event loop answering meanwhile.
    return await asyncio.to_thread(score_all)


async def match_entities(
    store: Store,
    schema: str,
    properties: Mapping[str, Sequence[str]],
    limit: int = 5,
    threshold: float = AUTO_MATCH,
    dataset: str | None = None,
) -> list[MatchHit]:
    """Match one FtM-style example against the graph, best first.

    ``schema``: one of ``MATCHABLE_SCHEMATA``; ``properties``: FtM properties as
    lists of strings (``{"name": ["NtechLab"], "country": ["ru"], "innCode": [...]}``);
    ``limit``: 1..MAX_LIMIT; ``threshold``: a hit's ``match`` is ``score >= threshold``;
    ``dataset``: a dataset name, or None / "default" / "all" for every dataset.
    Raises BadRequest / LimitExceeded (HTTP 400) for bad input, NotFound for an
    unknown dataset. Hits with score 0 are left out.
    """
    query = parse_query("q", schema, {k: list(v) for k, v in properties.items()})
    found = await match_queries(
        store,
        [query],
        limit=limit,
        threshold=threshold,
        dataset=await resolve_dataset(store, dataset),
    )
    hits, _total = found[query.key]
    return hits
