"""Durable entity ids as stored: which id each cluster keeps
(graphsvc.resolve.durable decides), the redirects that keep merged ids
leading to the entity that survived, and each entity's lineage of merges
and splits."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import neo4j

from graphsvc.resolve import durable
from graphsvc.store.unit import Work
from queries import cypher


def _rows(tx: neo4j.ManagedTransaction, /, query_name: str, **params: Any) -> list[Any]:
    return [rec.values() for rec in tx.run(cypher(query_name), params)]


def _batches(items: Sequence[str], size: int) -> list[list[str]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def assign_ids(
    work: Work,
    clusters: Sequence[Sequence[str]],
    former: Mapping[str, str | None],
    batch_size: int,
) -> durable.Succession:
    """The entity id of every record of ``clusters``."""
    minted: dict[str, str | None] = {}
    for chunk in _batches(sorted(durable.contested(clusters, former)), batch_size):
        for eid, when in work.execute_read(_rows, "store/entity_minted", ids=chunk):
            minted[eid] = when
    taken: set[str] = set()
    while True:
        out = durable.assign(clusters, former, minted, taken=taken.__contains__)
        # An entity outside this run may hold a new id already.
        clash = {
            eid
            for chunk in _batches(out.minted, batch_size)
            for (eid,) in work.execute_read(_rows, "store/taken_ids", ids=chunk)
        }
        if not clash - taken:
            return out
        taken |= clash


def record(work: Work, succession: durable.Succession, at: str, batch_size: int) -> None:
    """Redirects for the merged ids; merges and splits in the entities' lineage."""
    events: dict[str, list[str]] = {}

    def event(entity: str, kind: str, other: str) -> None:
        text = json.dumps({"event": kind, "other": other, "at": at}, sort_keys=True)
        events.setdefault(entity, []).append(text)

    for m in succession.merges:
        event(m.survivor, "merged", m.former)
    for s in succession.splits:
        event(s.source, "split", s.new)
        event(s.new, "split_from", s.source)
    merges = [{"former": m.former, "survivor": m.survivor} for m in succession.merges]
    for start in range(0, len(merges), batch_size):
        work.execute_write(
            _rows, "store/write_redirects", rows=merges[start : start + batch_size], at=at
        )
    rows = [{"id": eid, "events": texts} for eid, texts in sorted(events.items())]
    for start in range(0, len(rows), batch_size):
        work.execute_write(_rows, "store/append_lineage", rows=rows[start : start + batch_size])
