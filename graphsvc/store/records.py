"""Source records to Neo4j rows, and the batched writes that store them.

Every record is stored as read (``raw``), with its FtM properties, citations
and provenance; identifiers become shared ``:Identifier`` nodes, and record
references become ``END`` (relationship records) and ``REF`` (reference
properties) links between records. Canonical entities are derived later.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import neo4j
import orjson

from graphsvc.model import (
    EDGE_SCHEMATA,
    REFERENCE_PROPERTIES,
    Record,
    identifiers_of,
    names_of,
)
from graphsvc.resolve.identifiers import identifier_key
from queries import cypher


def _json(value: Any) -> str:
    # orjson: a third of the time json.dumps takes, over millions of records
    return orjson.dumps(value, default=str, option=orjson.OPT_SORT_KEYS).decode("utf-8")


def record_row(rec: Record, seen: str | None) -> dict[str, Any]:
    names = names_of(rec)
    fields: dict[str, Any] = {
        "dataset": rec.dataset,
        "schema": rec.schema,
        "source_id": rec.source_id,
        "source_url": rec.source_url,
        "published": rec.published,
        "retrieved": rec.retrieved,
        "origin": rec.origin,
        "caption": names[0] if names else rec.first("title") or rec.first("summary") or rec.id,
        "names": names,
        "props": _json(rec.properties),
        "raw": _json(rec.raw) if rec.raw is not None else None,
        "citations": _json([c.to_dict() for c in rec.citations]) if rec.citations else None,
    }
    return {"id": rec.id, "hash": rec.content_hash(), "seen": seen, "fields": fields}


def record_links(rec: Record) -> dict[str, Any]:
    idents = []
    seen_keys: set[str] = set()
    for scheme, value in identifiers_of(rec):
        key, valid = identifier_key(scheme, value)
        if key in seen_keys:
            continue
        seen_keys.add(key)
        idents.append(
            {
                "key": key,
                "scheme": scheme,
                "value": key.split(":", 1)[1],
                "valid": valid,
                "raw": value,
            }
        )
    links: list[dict[str, Any]] = []
    if rec.schema in EDGE_SCHEMATA:
        src, dst, edge_type = EDGE_SCHEMATA[rec.schema]
        for role, prop in (("source", src), ("target", dst)):
            for target in rec.properties.get(prop, ()):
                links.append(
                    {"kind": "END", "prop": prop, "type": edge_type, "role": role, "target": target}
                )
    for (schema, prop), edge_type in REFERENCE_PROPERTIES.items():
        if schema != rec.schema:
            continue
        for target in rec.properties.get(prop, ()):
            links.append({"kind": "REF", "prop": prop, "type": edge_type, "target": target})
    return {"id": rec.id, "idents": idents, "links": links}


@dataclass(frozen=True, slots=True)
class PreparedBatch:
    """A batch as Neo4j rows, computed ahead of the transaction (see
    ``prepare``), so that a loader can build the next batch while Neo4j
    writes this one. Plain data only: it may come from another process."""

    rows: list[dict[str, Any]]
    links: dict[str, dict[str, Any]]
    #: per row: True for a relationship record (Ownership, Sanction, ...)
    edges: list[bool]


def prepare(records: Sequence[Record], seen: str | None) -> PreparedBatch:
    return PreparedBatch(
        [record_row(rec, seen) for rec in records],
        {rec.id: record_links(rec) for rec in records},
        [rec.is_edge for rec in records],
    )


def _node(row: dict[str, Any]) -> dict[str, Any]:
    """A new record's node properties, as one map."""
    return {
        **row["fields"],
        "id": row["id"],
        "hash": row["hash"],
        "first_seen": row["seen"],
        "last_seen": row["seen"],
    }


def write_batch(
    tx: neo4j.ManagedTransaction, records: Sequence[Record] | PreparedBatch, seen: str | None
) -> dict[str, str]:
    """Write one batch in the caller's transaction: record id -> created, updated,
    seen (unchanged content, seen in a wider edition range) or unchanged.

    Records not stored yet (most of a first load) are created outright; the
    others, and any id repeated within the batch, go through the upsert."""
    batch = records if isinstance(records, PreparedBatch) else prepare(records, seen)
    ids = [row["id"] for row in batch.rows]
    stored = {rec["id"] for rec in tx.run(cypher("store/existing_records"), ids=ids)}
    repeated = {i for i, n in Counter(ids).items() if n > 1}
    new_rows = [row for row in batch.rows if row["id"] not in stored and row["id"] not in repeated]
    old_rows = [row for row in batch.rows if row["id"] in stored or row["id"] in repeated]
    status: dict[str, str] = {}
    if new_rows:
        tx.run(cypher("store/create_records"), rows=[_node(row) for row in new_rows]).consume()
        links = [batch.links[row["id"]] for row in new_rows]
        # link targets neither created here nor stored: stubs, in their own statement
        created = {row["id"] for row in new_rows}
        targets = {link["target"] for row in links for link in row["links"]} - created - stored
        if targets:
            tx.run(cypher("store/create_stubs"), ids=sorted(targets)).consume()
        tx.run(cypher("store/create_record_links"), rows=links).consume()
        status.update(dict.fromkeys(created, "created"))
    if old_rows:
        status.update(
            (rec["id"], rec["status"])
            for rec in tx.run(cypher("store/write_records"), rows=old_rows)
        )
        changed = [
            batch.links[row["id"]] for row in old_rows if status.get(row["id"]) != "unchanged"
        ]
        # an id repeated in the batch gets its links once, from its last copy
        changed = list({row["id"]: row for row in changed}.values())
        if changed:
            tx.run(cypher("store/write_record_links"), rows=changed).consume()
    return status
