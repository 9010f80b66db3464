"""Entity matching for screening clients: the logic behind ``POST /match`` and GraphQL.

A query is an FtM-style example (schema + multi-valued properties). Candidates come
from two places: the full-text index ``entity_names`` (the query's names, their
transliterations and fuzzy variants, every term escaped for Lucene) and exact
identifier keys (``inn:7704734000``) through the :Identifier nodes. Every
candidate is then scored with the resolver's pair scorer (graphsvc.resolve.score)
against a ``MatchInput`` built from the entity's stored properties, so a match
here means what a merge means in the graph.

Invariant: nothing from a request reaches Cypher except as a parameter, and the
only request text that reaches Lucene passes through ``lucene_escape``.

GraphQL wiring: call ``match_entities`` (one query) or ``match_queries`` (many);
both raise ``BadRequest`` / ``LimitExceeded`` with a message for bad input.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from graphsvc.errors import BadRequest, LimitExceeded, NotFound
from graphsvc.model import IDENTIFIER_PROPERTIES, MATCHABLE_SCHEMATA, Record, names_of
from graphsvc.namefold import fold
from graphsvc.repository import Repository
from graphsvc.resolve.identifiers import identifier_key
from graphsvc.resolve.score import (
    AUTO_MATCH,
    MAX_NAMES,
    MatchInput,
    MatchResult,
    schema_compatibility,
    score,
)

ALGORITHM = "graphsvc-v1"  # the only scorer; yente's "best" is taken to mean it
ALGORITHM_ALIASES = frozenset({ALGORITHM, "best"})
ALL_DATASETS = frozenset({"default", "all"})

# Input limits: each keeps one request's work bounded (scoring is pure Python).
MAX_LIMIT = 50
MAX_VALUE_CHARS = 1000  # no real name or identifier is longer
MAX_PROPERTIES = 50  # distinct properties per query
MAX_VALUES = 50  # values per property
MAX_TERMS = 64  # Lucene terms per query (Lucene itself refuses >1024 clauses)
MAX_FUZZY_CHARS = 40  # longer terms are searched as written: a fuzzy term's cost grows with it
MAX_REQUEST_CLAUSES = 5000  # Lucene clauses of all a request's queries: bounds its index time
PREFIX_FROM, PREFIX_CHARS = 6, 5  # words of 6+ letters also search their first 5
CANDIDATES_MIN = 20  # candidates fetched per query: enough for limit=5 to be robust...
CANDIDATES_MAX = 200  # ...and bounded for limit=50

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

_NAME_PROPS = ("name", "alias", "previousName", "weakAlias")
_PERSON_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
_PROP_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
_WORD = re.compile(r"\w+")
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
_LUCENE_OPERATORS = frozenset({"AND", "OR", "NOT", "TO"})


@dataclass(frozen=True, slots=True)
class MatchQuery:
    """One validated query: what the client sent (echoed back) and what is matched."""

    key: str
    schema: str
    properties: dict[str, list[str]]
    input: MatchInput
    search_text: str  # Lucene query text, escaped; "" when the query has no usable name
    identifier_keys: tuple[str, ...]  # valid keys, as Entity.identifiers stores them

    def echo(self) -> dict[str, Any]:
        return {"id": self.key, "schema": self.schema, "properties": self.properties}


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


# --- validation ----------------------------------------------------------------
def compatible_schemata(schema: str) -> list[str]:
    """Entity schemata a query of ``schema`` can match (Person never matches Company)."""
    return sorted(s for s in MATCHABLE_SCHEMATA if schema_compatibility(schema, s) > 0.0)


def _clean_properties(key: str, properties: Any) -> dict[str, list[str]]:
    if not isinstance(properties, Mapping):
        raise BadRequest(f"query {key!r}: 'properties' must be an object of lists of strings")
    if len(properties) > MAX_PROPERTIES:
        raise LimitExceeded(
            f"query {key!r}: {len(properties)} properties; at most {MAX_PROPERTIES} are accepted"
        )
    out: dict[str, list[str]] = {}
    for prop, raw in properties.items():
        if not isinstance(prop, str) or not _PROP_NAME.match(prop):
            raise BadRequest(f"query {key!r}: {prop!r} is not a property name")
        # yente accepts a single string for a property; so do we.
        values = [raw] if isinstance(raw, str) else raw
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise BadRequest(f"query {key!r}: property {prop!r} must be a list of strings")
        if len(values) > MAX_VALUES:
            raise LimitExceeded(
                f"query {key!r}: property {prop!r} has {len(values)} values; "
                f"at most {MAX_VALUES} are accepted"
            )
        for value in values:
            if len(value) > MAX_VALUE_CHARS:
                raise LimitExceeded(
                    f"query {key!r}: a value of {prop!r} is {len(value)} characters long; "
                    f"at most {MAX_VALUE_CHARS} are accepted"
                )
            # Normalising can lengthen text many times over ("ﷺ" is 18 letters).
            grown = normalised_length(value)
            if grown > MAX_VALUE_CHARS:
                raise LimitExceeded(
                    f"query {key!r}: a value of {prop!r} is {grown} characters long once "
                    f"normalised (NFKC, case folded, transliterated); at most "
                    f"{MAX_VALUE_CHARS} are accepted"
                )
        cleaned = list(dict.fromkeys(v.strip() for v in values if v.strip()))
        if cleaned:
            out[prop] = cleaned
    return out


def normalised_length(value: str) -> int:
    """The length of the longest form of ``value`` that matching works on."""
    if value.isascii():  # folding ASCII keeps its length
        return len(value)
    return max(len(value.casefold()), len(fold(value)))


def _with_person_name(schema: str, props: dict[str, list[str]]) -> dict[str, list[str]]:
    """A Person given only in parts gets a full name, as yente's combine_names does."""
    if schema != "Person" or any(props.get(p) for p in _NAME_PROPS):
        return props
    parts = [props[p][0] for p in _PERSON_PARTS if props.get(p)]
    if not parts:
        return props
    return {**props, "name": [" ".join(parts)]}


def parse_query(key: str, schema: Any, properties: Any) -> MatchQuery:
    """Validate one query; raises ``BadRequest`` or ``LimitExceeded`` saying what is wrong."""
    if not isinstance(schema, str) or schema not in MATCHABLE_SCHEMATA:
        raise BadRequest(
            f"query {key!r}: schema {schema!r} cannot be matched; "
            f"use one of {', '.join(sorted(MATCHABLE_SCHEMATA))}"
        )
    props = _clean_properties(key, properties)
    record = Record(
        id=f"query:{key}",
        schema=schema,
        dataset="query",
        source_id=key,
        properties=_with_person_name(schema, props),
    )
    names = names_of(record)
    identifier_keys = sorted(
        {
            ikey
            for prop, scheme in IDENTIFIER_PROPERTIES.items()
            for value in record.properties.get(prop, ())
            for ikey, valid in [identifier_key(scheme, value)]
            if valid
        }
    )
    text = search_query(names[:MAX_NAMES])  # the scorer compares no more names than these
    if not text and not identifier_keys:
        raise BadRequest(
            f"query {key!r} has no name and no valid identifier to match on "
            f"(give 'name' or one of {', '.join(sorted(IDENTIFIER_PROPERTIES))})"
        )
    return MatchQuery(
        key=key,
        schema=schema,
        properties=props,
        input=MatchInput.from_record(record),
        search_text=text,
        identifier_keys=tuple(identifier_keys),
    )


def check_request(queries: Sequence[MatchQuery]) -> None:
    """Refuse a batch whose queries together would search too much of the index."""
    clauses = sum(len(q.search_text.split()) for q in queries)
    if clauses > MAX_REQUEST_CLAUSES:
        raise LimitExceeded(
            f"the queries of this request search {clauses} name terms in all; at most "
            f"{MAX_REQUEST_CLAUSES} are searched per request: send fewer queries or fewer "
            "names per request"
        )


# --- full-text query -------------------------------------------------------------
def lucene_escape(text: str) -> str:
    """Backslash every Lucene query-syntax character; bare operators become lower case."""
    if text in _LUCENE_OPERATORS:
        text = text.lower()
    return _LUCENE_SPECIAL.sub(r"\\\1", text)


def _terms(name: str) -> list[str]:
    out: list[str] = []
    # As written (the index keeps names as written too) and folded as everywhere else.
    for form in (name.casefold(), fold(name)):
        tokens = _WORD.findall(form)
        # "N-Tech Lab" is indexed both as "n tech lab" and as "ntechlab" elsewhere.
        joined = "".join(tokens) if len(tokens) > 1 else None
        if joined is not None and len(joined) > MAX_FUZZY_CHARS:
            joined = None  # no single word in the index is that long
        out.extend(tokens)
        if joined:
            out.append(joined)
    return out


def search_query(names: Iterable[str]) -> str:
    """A Lucene OR-query over the names' words, transliterations and fuzzy variants."""
    terms: list[str] = []
    for name in names:
        for term in _terms(name):
            if term not in terms:
                terms.append(term)
    parts: list[str] = []
    for term in terms[:MAX_TERMS]:
        escaped = lucene_escape(term)
        parts.append(escaped)
        # Edit distance grows with length: one typo in a short word, two in a long one.
        fuzzy = len(term) <= MAX_FUZZY_CHARS
        if fuzzy and len(term) >= 8:
            parts.append(f"{escaped}~2")
        elif fuzzy and len(term) >= 4:
            parts.append(f"{escaped}~1")
        # A stem catches transliteration endings (Rostec/Rostekh) and near names
        # (Rostelecom/Rostec) so that the scorer, not the index, tells them apart.
        if len(term) >= PREFIX_FROM:
            parts.append(f"{lucene_escape(term[:PREFIX_CHARS])}*")
    return " ".join(parts)


# --- scoring ---------------------------------------------------------------------
def _plain_properties(raw: str | None) -> dict[str, list[str]]:
    """The stored {prop: [{value, records}]} JSON as FtM {prop: [values]}."""
    stored: dict[str, list[dict[str, Any]]] = json.loads(raw or "{}")
    return {prop: [str(item["value"]) for item in items] for prop, items in stored.items()}


def _entity_input(row: Mapping[str, Any], props: dict[str, list[str]]) -> MatchInput:
    record = Record(
        id=row["id"], schema=row["schema"], dataset="", source_id=row["id"], properties=props
    )
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
    query: MatchQuery, rows: Sequence[Mapping[str, Any]], threshold: float, cutoff: float
) -> list[MatchHit]:
    hits: list[MatchHit] = []
    for row in rows:
        props = _plain_properties(row["properties"])
        result = best_score(query.input, _entity_input(row, props))
        if result.score <= cutoff:
            continue
        hits.append(
            MatchHit(
                id=row["id"],
                caption=row["caption"] or row["id"],
                schema=row["schema"],
                properties=props,
                datasets=list(row["datasets"]),
                referents=list(row["referents"]),
                target=bool(row["target"]),
                first_seen=row["first_seen"],
                last_seen=row["last_seen"],
                score=result.score,
                match=result.score >= threshold,
                features=dict(result.features),
                explanation=list(result.explanation),
            )
        )
    hits.sort(key=lambda h: (-h.score, h.caption, h.id))
    return hits


# --- the graph ---------------------------------------------------------------------
async def resolve_dataset(repo: Repository, dataset: str | None) -> str | None:
    """None for every dataset ("default"/"all"); NotFound for a dataset never loaded."""
    if dataset is None or dataset in ALL_DATASETS:
        return None
    rows = await repo.read("match/dataset_exists", dataset_name=dataset)
    if not rows or not rows[0]["found"]:
        raise NotFound(f"no dataset {dataset!r} has been loaded; use 'default' for all")
    return dataset


def candidate_pool(limit: int) -> int:
    return max(CANDIDATES_MIN, min(CANDIDATES_MAX, limit * 4))


async def _candidates(
    repo: Repository, queries: Sequence[MatchQuery], limit: int, dataset: str | None
) -> dict[str, list[str]]:
    """Candidate entity ids per query key: identifier hits first, then by relevance."""
    schemata = sorted({s for q in queries for s in compatible_schemata(q.schema)})
    searches = [{"key": q.key, "text": q.search_text} for q in queries]
    lookups = [{"key": q.key, "ids": list(q.identifier_keys)} for q in queries]
    by_key: dict[str, list[str]] = {q.key: [] for q in queries}
    if any(q.identifier_keys for q in queries):
        for row in await repo.read(
            "match/candidates_by_identifier",
            lookups=[x for x in lookups if x["ids"]],
            schemata=schemata,
            dataset=dataset,
        ):
            by_key[row["key"]].append(row["id"])
    if any(q.search_text for q in queries):
        for row in await repo.read(
            "match/candidates_by_name",
            searches=[x for x in searches if x["text"]],
            limit=candidate_pool(limit),
            schemata=schemata,
            dataset=dataset,
        ):
            by_key[row["key"]].append(row["id"])
    # The Cypher filters on the union of schemata; match_queries applies each query's own.
    return {k: list(dict.fromkeys(ids)) for k, ids in by_key.items()}


async def match_queries(
    repo: Repository,
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
    candidates = await _candidates(repo, queries, limit, dataset)
    all_ids = sorted({i for ids in candidates.values() for i in ids})
    rows = await repo.read("match/entities", ids=all_ids) if all_ids else []
    by_id = {row["id"]: row for row in rows}
    allowed = {q.key: set(compatible_schemata(q.schema)) for q in queries}

    def score_all() -> dict[str, tuple[list[MatchHit], int]]:
        out: dict[str, tuple[list[MatchHit], int]] = {}
        for q in queries:
            q_rows = [
                by_id[i]
                for i in candidates.get(q.key, [])
                if i in by_id and by_id[i]["schema"] in allowed[q.key]
            ]
            hits = _score_candidates(q, q_rows, threshold, cutoff)
            out[q.key] = (hits[:limit], len(hits))
        return out

    # Scoring is CPU work; a worker thread keeps the event loop answering meanwhile.
    return await asyncio.to_thread(score_all)


async def match_entities(
    repo: Repository,
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
        repo,
        [query],
        limit=limit,
        threshold=threshold,
        dataset=await resolve_dataset(repo, dataset),
    )
    return found["q"][0]
