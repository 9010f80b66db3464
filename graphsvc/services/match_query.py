"""Screening queries for ``POST /match`` and GraphQL ``match``: validation,
limits and the full-text query text.

A query is an FtM-style example (schema + multi-valued properties). Its
candidates come from the full-text index ``entity_names`` (the query's names,
their transliterations and fuzzy variants, every term escaped for Lucene) and
from exact identifier keys (``inn:7704734000``). Nothing from a request
reaches Cypher except as a parameter, and the only request text that reaches
Lucene passes through ``lucene_escape``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphsvc.errors import BadRequest, LimitExceeded
from graphsvc.model import IDENTIFIER_PROPERTIES, MATCHABLE_SCHEMATA, Record, names_of
from graphsvc.namefold import fold
from graphsvc.resolve.identifiers import identifier_key
from graphsvc.resolve.score import MAX_NAMES, MatchInput, schema_compatibility

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
