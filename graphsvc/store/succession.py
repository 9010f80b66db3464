"""Durable entity ids as stored: which id each cluster keeps
(graphsvc.resolve.durable decides), the redirects that keep merged ids
leading to the entity that survived, and each entity's lineage of merges
and splits."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from graphsvc.resolve import durable
from graphsvc.store.incremental import read_rows
from graphsvc.store.unit import Work


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
        for row in work.execute_read(read_rows, "store/entity_minted", ids=chunk):
            minted[row["id"]] = row["minted"]
    taken: set[str] = set()
    while True:
        out = durable.assign(clusters, former, minted, taken=taken.__contains__)
        # An entity outside this run may hold a new id already.
        clash = {
            row["id"]
            for chunk in _batches(out.minted, batch_size)
            for row in work.execute_read(read_rows, "store/taken_ids", ids=chunk)
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
            read_rows, "store/write_redirects", rows=merges[start : start + batch_size], at=at
        )
    lineage = [{"id": eid, "events": texts} for eid, texts in sorted(events.items())]
    for start in range(0, len(lineage), batch_size):
        work.execute_write(
            read_rows, "store/append_lineage", rows=lineage[start : start + batch_size]
        )
