"""Canonical entities and edges derived from their records.

Pure functions: given the member records of an entity (or the records behind
an edge), compute the properties stored on the node (or relationship). Every
value keeps the ids of the records that state it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from graphsvc import sanctions
from graphsvc import schemata as ftm
from graphsvc.model import ENTITY_SCHEMATA, IDENTIFIER_PROPERTIES
from graphsvc.resolve.identifiers import identifier_key
from graphsvc.search import compact_folded, fold, folded_names, sound_keys, words_folded

# When records of several schemata merge, the most specific one names the entity:
# of two where one extends the other in FtM's model, the narrower; between kinds
# where neither extends the other (Person, PublicBody, Company), this order.
_PREFERRED_KINDS = ("Person", "PublicBody", "Company", "Organization", "Vehicle", "LegalEntity")
_RANKS: dict[str, tuple[int, str]] = {}


def schema_rank(schema: str) -> tuple[int, str]:
    """Sort key of a schema among others that it does not extend: preferred kind, name."""
    rank = _RANKS.get(schema)
    if rank is None:
        kind = next(
            (i for i, k in enumerate(_PREFERRED_KINDS) if ftm.is_a(schema, k)),
            len(_PREFERRED_KINDS),
        )
        rank = _RANKS[schema] = (kind, schema)
    return rank


def entity_schema(schemata: Iterable[str]) -> str:
    """The schema that names an entity whose records have these schemata."""
    distinct = set(schemata)
    if len(distinct) <= 1:
        return next(iter(distinct), "Thing")
    narrowest = [s for s in distinct if not any(t != s and ftm.is_a(t, s) for t in distinct)]
    return min(narrowest, key=schema_rank)


# Properties copied to a top-level node property (first value), so that
# queries can filter and sort on them.
_TOP_LEVEL: Mapping[str, str] = {
    "birthDate": "birth_date",
    "incorporationDate": "incorporation_date",
    "authority": "authority",
    "program": "program",
    "listingDate": "listing_date",
    "startDate": "start_date",
    "endDate": "end_date",
    "reason": "reason",
    "sourceUrl": "source_url",
    "amount": "amount",
    "currency": "currency",
    "signDate": "sign_date",
    "title": "title",
    "summary": "summary",
    "legalForm": "legal_form",
    "status": "status",
}


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isascii()) / len(letters)


def _casing_penalty(name: str) -> int:
    """Names written all in lower or upper case read worse as a caption."""
    return 1 if name.islower() or name.isupper() else 0


def choose_caption(names: Sequence[str], counts: Counter[str]) -> str:
    """A name in mixed case that most sources use; ties go to Latin script, then the shorter."""
    return min(
        names,
        key=lambda n: (_casing_penalty(n), -counts[n], -round(_latin_share(n)), len(n), n),
    )


# The index's tokenizer (Unicode word boundaries) keeps these inside a word:
# "moscow's", "u.s.a", "a_b"; a query's words never have them.
_JOINED_WORDS = re.compile(r"[a-z0-9]['._:][a-z0-9]")


def search_text(names: Iterable[str]) -> str:
    """Names, their ASCII transliterations, compact forms and the sound keys
    of their words, for the full-text index (see graphsvc.search for the
    query side); and a name's words as a query splits them where the
    tokenizer would keep them joined, so that "Moscow" finds "Moscow's ...",
    as every word of a query must be found."""
    parts: list[str] = []
    keys: list[str] = []
    for name in names:
        folded = fold(name)  # transliterated once for all forms
        words = " ".join(words_folded(folded)) if _JOINED_WORDS.search(folded) else ""
        for form in (name, folded, compact_folded(folded), words):
            if form and form not in parts:
                parts.append(form)
        keys.extend(k for k in sound_keys(folded) if k not in keys)
    if keys:
        parts.append(" ".join(keys))
    return " | ".join(parts)


def merge_properties(members: Sequence[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """{prop: [{value, records: [ids]}]} over all members."""
    merged: dict[str, dict[str, list[str]]] = {}
    for member in members:
        props: dict[str, list[str]] = json.loads(member["props"] or "{}")
        for prop, values in props.items():
            bucket = merged.setdefault(prop, {})
            for value in values:
                bucket.setdefault(value, []).append(member["id"])
    return {
        prop: [{"value": v, "records": sorted(ids)} for v, ids in values.items()]
        for prop, values in sorted(merged.items())
    }


def _values(props: Mapping[str, list[dict[str, Any]]], prop: str) -> list[str]:
    return [item["value"] for item in props.get(prop, [])]


def stated_status(props: Mapping[str, list[dict[str, Any]]]) -> str | None:
    """The status a list states for a sanction, when it is a fact of its own:
    "active" is not, since whether a sanction is active depends on the day
    asked about (graphsvc.sanctions)."""
    stated = [v.lower() for v in _values(props, "status")]
    return None if not stated or stated[0] == sanctions.ACTIVE else stated[0]


def derive_entity(
    entity_id: str, members: Sequence[Mapping[str, Any]], resolution: str
) -> tuple[str, dict[str, Any]]:
    """(schema label, node properties) of one canonical entity."""
    schemata = [m["schema"] for m in members if m["schema"] in ENTITY_SCHEMATA]
    schema = entity_schema(schemata)
    props = merge_properties(members)
    name_counts: Counter[str] = Counter()
    for member in members:
        name_counts.update(member.get("names") or [])
    names = sorted(name_counts, key=lambda n: (-name_counts[n], n))
    caption_pool = _values(props, "name") or names
    if not caption_pool:
        caption_pool = _values(props, "title") or _values(props, "summary") or [entity_id]
    if schema == "Sanction" and not _values(props, "name"):
        # A sanction has no name of its own: say whose list and programme it is.
        label = " · ".join(
            v for v in (*_values(props, "authority")[:1], *_values(props, "program")[:1]) if v
        )
        caption_pool = [label or "Sanction"]
    caption = choose_caption(caption_pool, name_counts)
    identifiers = sorted(
        {
            key
            for prop, scheme in IDENTIFIER_PROPERTIES.items()
            for value in _values(props, prop)
            for key, valid in [identifier_key(scheme, value)]
            if valid
        }
    )
    seen_first = [m["first_seen"] for m in members if m.get("first_seen")]
    seen_last = [m["last_seen"] for m in members if m.get("last_seen")]
    out: dict[str, Any] = {
        "schema": schema,
        "caption": caption,
        "names": names,
        "search_text": search_text(names or [caption]),
        "folded_names": folded_names(names or [caption]),
        "countries": sorted(set(_values(props, "country") + _values(props, "jurisdiction"))),
        "identifiers": identifiers,
        "datasets": sorted({m["dataset"] for m in members if m.get("dataset")}),
        "topics": sorted(set(_values(props, "topics"))),
        "first_seen": min(seen_first) if seen_first else None,
        "last_seen": max(seen_last) if seen_last else None,
        "record_count": len(members),
        "resolution": resolution,
        "properties": json.dumps(props, ensure_ascii=False, sort_keys=True),
    }
    for prop, key in _TOP_LEVEL.items():
        values = _values(props, prop)
        if values:
            out[key] = min(values) if prop.endswith("Date") else values[0]
    if schema == "Sanction":
        _sanction(out, props, [m["ended"] for m in members if m.get("ended")])
    return schema, out


def _sanction(
    out: dict[str, Any], props: Mapping[str, list[dict[str, Any]]], ended: list[str]
) -> None:
    """A Sanction's dates as keys, its authority's code and its term (see
    graphsvc.sanctions); nothing that depends on the day it is read."""
    out.pop("status", None)
    stated = stated_status(props)
    if stated is not None:
        out["stated_status"] = stated
    # A delisting ends a sanction on the edition that no longer names it, even
    # when the list had stated a later end.
    ends = [k for k in (date_ceiling(out.get("end_date")), *ended) if k is not None]
    if ended and "end_date" not in out:
        out["end_date"] = min(ended)
    out["authority_code"] = authority_code(out.get("authority", ""))
    out["start_key"] = date_floor(out.get("listing_date") or out.get("start_date"))
    out["end_key"] = min(ends) if ends else None
    if stated is None:
        out["term"] = sanctions.term(out["authority_code"], out["start_key"], out["end_key"])


def date_floor(value: str | None) -> str | None:
    """The first day a partial date can mean: "2022" -> "2022-01-01"."""
    if value is None:
        return None
    return value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value[:10]


def date_ceiling(value: str | None) -> str | None:
    """The last day a partial date can mean: "2022" -> "2022-12-31", "2022-02" -> "2022-02-31".

    Day 31 for every month is deliberate: the key is only compared with
    ISO dates as text, where "2022-02-31" sorts after every day of February.
    """
    if value is None:
        return None
    return value + "-12-31"[len(value) - 4 :] if len(value) < 10 else value[:10]


_AUTHORITY_CODES = (
    ("EU", ("european union", "eu ", "council of the eu", "eu-", "(eu)")),
    ("UK", ("united kingdom", "uk ", "hm treasury", "ofsi", "fcdo", "(uk)")),
    (
        "US",
        (
            "ofac",
            "office of foreign assets control",
            "treasury",
            "united states",
            "us ",
            "(us)",
            "department of commerce",
        ),
    ),
    ("UN", ("united nations", "un security council", "un ", "(un)")),
)


def authority_code(authority: str) -> str:
    """EU, UK, US or UN for the authorities of those lists; else the text itself."""
    text = f" {authority.lower()} "
    for code, needles in _AUTHORITY_CODES:
        if any(needle in text or text.strip() == needle.strip() for needle in needles):
            return code
    return authority


def edge_id(edge_type: str, a: str, b: str, *statement: str) -> str:
    key = "|".join((edge_type, a, b, *statement))
    return "ge-" + hashlib.sha1(key.encode()).hexdigest()[:16]


_START_PROPS = ("startDate", "date", "listingDate", "signDate", "submissionDate")


def _statement(props_json: str | None) -> tuple[str, str, str, str]:
    """What distinguishes one statement of a link from another: its validity,
    share and amount. Sources that agree on these merge into one edge; a stake
    that ended and a later one of another size stay two edges, and so do two
    prizes of different amounts."""
    props: dict[str, list[str]] = json.loads(props_json or "{}")
    start = min((v for p in _START_PROPS for v in props.get(p, [])), default="")
    end = max(props.get("endDate", []), default="")
    share = (props.get("percentage") or [""])[0]
    amount = (props.get("amount") or [""])[0]
    return start, end, share, amount


def derive_edges(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Group link rows by (type, a, b, statement) into one edge each, with provenance."""
    groups: dict[tuple[str, str, str, tuple[str, ...]], list[Mapping[str, Any]]] = {}
    for row in rows:
        if row["a"] == row["b"]:
            continue  # a record linked to another record of the same entity
        key = (row["type"], row["a"], row["b"], _statement(row["props"]))
        groups.setdefault(key, []).append(row)
    edges: list[dict[str, Any]] = []
    for (edge_type, a, b, statement), vias in sorted(groups.items()):
        # In record id order: derived values must not follow the store's scan order.
        unique = {v["via"]: v for v in sorted(vias, key=lambda v: str(v["via"]))}
        members = [
            {"id": v["via"], "props": v["props"], "dataset": v["dataset"]} for v in unique.values()
        ]
        props = merge_properties(members)
        starts = (
            _values(props, "startDate") + _values(props, "date") + _values(props, "listingDate")
        )
        starts += _values(props, "signDate") + _values(props, "submissionDate")
        ends = _values(props, "endDate")
        first_seen = [v["first_seen"] for v in unique.values() if v.get("first_seen")]
        last_seen = [v["last_seen"] for v in unique.values() if v.get("last_seen")]
        schemas = sorted({v["schema"] for v in unique.values()})
        edge: dict[str, Any] = {
            "id": edge_id(edge_type, a, b, *statement),
            "schema": schemas[0],
            "start_date": min(starts) if starts else None,
            "end_date": max(ends) if ends else None,
            "start_key": date_floor(min(starts)) if starts else None,
            "end_key": date_ceiling(max(ends)) if ends else None,
            "record_ids": sorted(unique),
            "datasets": sorted({v["dataset"] for v in unique.values() if v.get("dataset")}),
            "first_seen": min(first_seen) if first_seen else None,
            "last_seen": max(last_seen) if last_seen else None,
            "cited": any(v.get("has_citation") for v in unique.values()),
            "properties": json.dumps(props, ensure_ascii=False, sort_keys=True),
        }
        for prop in ("percentage", "role", "summary", "amount", "currency", "algorithm"):
            values = _values(props, prop)
            if values:
                edge[prop] = values if prop == "algorithm" else values[0]
        edges.append({"type": edge_type, "a": a, "b": b, "props": edge})
    return edges
