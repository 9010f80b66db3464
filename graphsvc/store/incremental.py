"""The part of the graph a load, claim or judgement has to resolve again.

A full resolution reads every record; this reads the touched records, every
stored record sharing a blocking key with one of them (the blocks the full
resolver would put them in, skipped as it skips them when they are too common
in the whole graph), and every record of the entities these belong to,
closed over the links the resolver refused (two clusters that conflict) and
over people's judgements: any of those can change how the entities around
them join. Resolved together, these records get the clusters a full
resolution gives them, because no link reaches outside them.

Blocking keys are stored on the records (``block_keys``, found through the
full-text index ``record_block_keys``); a full resolution writes them all and
marks the graph with their version (``KEYS_VERSION``), without which the next
resolution is a full one.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import neo4j

from graphsvc.model import MATCHABLE_SCHEMATA, Record
from graphsvc.resolve.blocking import MAX_BLOCK, record_keys, stored_keys
from graphsvc.resolve.cluster import JudgedPair
from graphsvc.resolve.score import MatchInput, prepare
from graphsvc.store.unit import Work
from queries import cypher

# Bump when blocking keys change (graphsvc.resolve.blocking): the stored ones
# are then stale, and the next resolution is a full one that writes them anew.
KEYS_VERSION = 1
# An identifier block is never skipped; this only bounds one lookup.
ID_BLOCK_LIMIT = 100_000


@dataclass
class Part:
    """What to resolve again, as the resolver reads it."""

    inputs: list[MatchInput] = field(default_factory=list)  # matchable records
    current: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # id -> schema, entity
    oversize: set[str] = field(default_factory=set)  # name blocks too big in the whole graph
    fresh_keys: dict[str, list[str]] = field(default_factory=dict)  # touched record -> keys


def read_rows(
    tx: neo4j.ManagedTransaction, /, query_name: str, **params: Any
) -> list[dict[str, Any]]:
    """The rows of a named query as dicts. They are maps and lists of plain
    values already: the keys are zipped with each record's values instead of
    data(), which walks every value again."""
    result = tx.run(cypher(query_name), params)
    keys = result.keys()
    return [dict(zip(keys, rec, strict=True)) for rec in result]


def keys_current(work: Work) -> bool:
    rows = work.execute_read(read_rows, "store/resolver_state")
    return bool(rows) and rows[0]["version"] == KEYS_VERSION


def mark_keys_current(work: Work) -> None:
    work.execute_write(read_rows, "store/mark_resolver_state", version=KEYS_VERSION)


def write_keys(work: Work, keys: Mapping[str, list[str]], batch_size: int) -> None:
    rows = [{"id": rid, "keys": k} for rid, k in keys.items()]
    for start in range(0, len(rows), batch_size):
        work.execute_write(
            read_rows, "store/write_block_keys", rows=rows[start : start + batch_size]
        )


def match_input(row: Mapping[str, Any]) -> MatchInput:
    rec = Record(
        id=row["id"],
        schema=row["schema"],
        dataset=row["dataset"],
        source_id=row["id"],
        properties=json.loads(row["props"] or "{}"),
    )
    return MatchInput.from_record(rec)


def _phrase(key: str) -> str:
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _stored_under(
    work: Work, keys: Iterable[str], limits: Mapping[str, int], batch_size: int
) -> dict[str, list[str]]:
    """Record ids stored under each key, up to its limit."""
    wanted = sorted(set(keys))
    out: dict[str, list[str]] = {}
    for start in range(0, len(wanted), batch_size):
        chunk = [
            {"key": k, "query": _phrase(k), "limit": limits[k]}
            for k in wanted[start : start + batch_size]
        ]
        for row in work.execute_read(read_rows, "store/records_by_block_key", keys=chunk):
            out[row["key"]] = row["ids"]
    return out


def find_part(
    work: Work,
    touched: Iterable[str],
    judgements: Sequence[JudgedPair],
    batch_size: int,
    max_block: int = MAX_BLOCK,
) -> Part:
    part = Part()
    touched_ids = sorted(set(touched))
    rows: dict[str, dict[str, Any]] = {}
    for start in range(0, len(touched_ids), batch_size):
        chunk = touched_ids[start : start + batch_size]
        for row in work.execute_read(read_rows, "store/resolution_records", ids=chunk):
            rows[row["id"]] = row
    touched_set = set(rows)

    # The touched records' keys as they are now (their stored ones may be stale).
    for rid, row in rows.items():
        if row["schema"] in MATCHABLE_SCHEMATA:
            names, ids = record_keys(prepare(match_input(row)))
            part.fresh_keys[rid] = stored_keys(names, ids)
    in_touched: Counter[str] = Counter(k for keys in part.fresh_keys.values() for k in keys)

    def limit(key: str) -> int:
        return ID_BLOCK_LIMIT if key.startswith("i:") else max_block + 1 + in_touched[key]

    def sizes(found: Mapping[str, list[str]]) -> None:
        """Mark name blocks over the limit in the whole graph as the full
        resolver counts them: the stored records (a touched record's stale
        entry left out) and the touched ones."""
        for key, ids in found.items():
            outside = sum(1 for i in ids if i not in touched_set)
            if not key.startswith("i:") and outside + in_touched[key] > max_block:
                part.oversize.add(key)

    found = _stored_under(work, in_touched, {k: limit(k) for k in in_touched}, batch_size)
    sizes(found)
    seeds = set(touched_set)
    for key, ids in found.items():
        if key not in part.oversize:
            seeds.update(ids)

    # The entities of those records, closed over refused links and judgements.
    members: dict[str, dict[str, Any]] = dict(rows)
    frontier = sorted(seeds)
    judged: dict[str, set[str]] = {}
    for j in judgements:
        judged.setdefault(j.left, set()).add(j.right)
        judged.setdefault(j.right, set()).add(j.left)
    while frontier:
        new: list[str] = []
        for start in range(0, len(frontier), batch_size):
            chunk = frontier[start : start + batch_size]
            for row in work.execute_read(read_rows, "store/resolution_members", ids=chunk):
                if row["id"] not in members:
                    members[row["id"]] = row
                    new.append(row["id"])
            for row in work.execute_read(read_rows, "store/refused_partners", ids=chunk):
                if row["id"] not in members and row["id"] not in seeds:
                    seeds.add(row["id"])
                    new.append(row["id"])
        for rid in frontier:
            for other in judged.get(rid, ()):
                if other not in members and other not in seeds:
                    seeds.add(other)
                    new.append(other)
        frontier = sorted(set(new) - set(frontier))
        # ids found only as partners: read them (a new record has no entity yet)
        unread = [i for i in frontier if i not in members]
        for start in range(0, len(unread), batch_size):
            chunk = unread[start : start + batch_size]
            for row in work.execute_read(read_rows, "store/resolution_records", ids=chunk):
                members[row["id"]] = row

    # Name blocks of the untouched records, counted in the whole graph.
    untouched_keys = {
        k
        for rid, row in members.items()
        if rid not in touched_set and row["schema"] in MATCHABLE_SCHEMATA
        for k in row["keys"] or ()
        if not k.startswith("i:") and k not in found
    }
    sizes(_stored_under(work, untouched_keys, {k: limit(k) for k in untouched_keys}, batch_size))

    for rid, row in sorted(members.items()):
        part.current[rid] = (row["schema"], row["entity"])
        if row["schema"] in MATCHABLE_SCHEMATA:
            part.inputs.append(match_input(row))
    return part
