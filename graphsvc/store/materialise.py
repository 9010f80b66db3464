"""Resolve records into canonical entities and (re)build the derived graph.

Invariant: every non-relationship record belongs to exactly one ``:Entity``
(``PART_OF``); every edge between entities is derived from the records that
assert it and lists them in ``record_ids``. Rebuilding touches only the
entities whose records or membership changed.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import neo4j

from graphsvc.model import EDGE_SCHEMATA, EDGE_TYPES, ENTITY_SCHEMATA, MATCHABLE_SCHEMATA
from graphsvc.resolve.durable import Succession
from graphsvc.resolve.pipeline import MergeLink, ReviewPair, explain_link, resolve
from graphsvc.resolve.score import MatchInput
from graphsvc.settings import Settings
from graphsvc.store import candidates as candidate_store
from graphsvc.store import derive, incremental
from graphsvc.store import succession as succession_store
from graphsvc.store.incremental import match_input, read_rows
from graphsvc.store.unit import OneTransaction, Work, session_or
from queries import cypher

Progress = Callable[[str], None]

# A load touching more than this share of the graph's records (and more than
# PART_MIN) is resolved in full: finding the part would read most of it anyway.
PART_SHARE = 0.1
PART_MIN = 1000


@dataclass
class ResolveSummary:
    records: int = 0
    entities: int = 0
    remapped: int = 0
    rebuilt: int = 0
    edges: int = 0
    pairs_scored: int = 0
    review_pairs: int = 0
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def resolve_graph(
    driver: neo4j.Driver | None,
    settings: Settings,
    *,
    touched: Iterable[str] | None = None,
    progress: Progress = lambda _m: None,
    full_rebuild: bool = False,
    scope: Iterable[str] | None = None,
    work: Work | None = None,
) -> ResolveSummary:
    """Resolve what changed and rebuild the entities it changes.

    ``touched`` are record ids whose content changed (a load, a claim): they,
    and the records they may match, are resolved again (graphsvc.store.
    incremental) and their entities rebuilt even when membership did not
    change. So are records still marked unresolved: a load or resolution that
    stopped part-way left them, and this run finishes its work. ``scope``:
    the records of a judgement, resolved again in the same way. A load that
    changed nothing, with nothing left unresolved, resolves nothing.

    Every record is resolved again (and the blocking keys written) when
    ``touched`` and ``scope`` are None (``graphsvc resolve``), with
    ``full_rebuild`` (which also rebuilds every entity), when the touched
    records are a large share of the graph, or when the stored blocking keys
    are missing or stale. ``work`` runs it all in the caller's unit of work
    (see graphsvc.store.unit), and ``driver`` may then be None; by default
    each step commits in a session of ``driver``.
    """
    started = time.perf_counter()
    summary = ResolveSummary()
    with session_or(work, driver, settings) as session:
        progress("reading records")
        judgements = candidate_store.read_judgements(session)
        pending = session.execute_read(read_rows, "store/unresolved_records")
        wanted = set(touched or ()) | set(scope or ()) | {row["id"] for row in pending}
        part = None
        everything = full_rebuild or (touched is None and scope is None)
        if not everything and incremental.keys_current(session):
            total = session.execute_read(read_rows, "store/record_count")[0]["n"]
            if len(wanted) <= max(PART_MIN, PART_SHARE * total):
                part = incremental.find_part(session, wanted, judgements, settings.batch_size)
        if part is not None:
            matchable, current, oversize = part.inputs, part.current, part.oversize
            incremental.write_keys(session, part.fresh_keys, settings.batch_size)
        else:
            rows = session.run(
                cypher("store/matchable_records"), schemata=sorted(MATCHABLE_SCHEMATA)
            )
            matchable, stored = [], {}
            for rec in rows:
                row = rec.data()
                matchable.append(match_input(row))
                stored[row["id"]] = row["keys"]
            current = {
                rec["record"]: (rec["schema"], rec["entity"])
                for rec in session.run(cypher("store/current_mapping"))
            }
            oversize = set()
    summary.records = len(current)
    summary.extra["part"] = part is not None
    if pending:
        progress(f"finishing {len(pending)} records an interrupted run left unresolved")
    summary.extra["unresolved_before"] = len(pending)

    # In record id order, so that a rebuilt graph does not depend on the store's
    # scan order (a re-run after an interrupted load gives a clean load's graph).
    matchable.sort(key=lambda m: m.id)
    progress(
        f"resolving {len(matchable)} records" + ("" if part is None else " around the changes")
    )
    resolution = resolve(matchable, judgements, oversize=oversize, keep_keys=part is None)
    summary.pairs_scored = resolution.stats.pairs_scored
    if part is None:
        changed_keys = {r: k for r, k in resolution.keys.items() if stored.get(r) != k}
        with session_or(work, driver, settings) as session:
            incremental.write_keys(session, changed_keys, settings.batch_size)
    groups: dict[tuple[str, str], list[str]] = {}
    for record_id, (schema, _entity) in current.items():
        if schema in EDGE_SCHEMATA or schema not in ENTITY_SCHEMATA:
            continue
        cluster = resolution.clusters.get(record_id)
        key = ("record", record_id) if cluster is None else ("cluster", cluster)
        groups.setdefault(key, []).append(record_id)
    former = {rid: entity for rid, (_schema, entity) in current.items()}
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

    with session_or(work, driver, settings) as session:
        succession = succession_store.assign_ids(
            session, list(groups.values()), former, settings.batch_size
        )
        desired = succession.ids
        remap = [
            {"record": rid, "entity": eid} for rid, eid in desired.items() if current[rid][1] != eid
        ]
        summary.remapped = len(remap)
        summary.extra["entities_minted"] = len(succession.minted)
        summary.extra["entities_merged"] = len(succession.merges)
        summary.extra["entities_split"] = len(succession.splits)
        affected: set[str] = set()
        for row in remap:
            affected.add(row["entity"])
            old = current[row["record"]][1]
            if old is not None:
                affected.add(old)
        touched_set = wanted
        if full_rebuild:
            affected.update(desired.values())
        else:
            affected.update(desired[r] for r in touched_set if r in desired)
        summary.entities = len(set(desired.values()))

        # Edge records touched in this load: rebuild the entities at their ends.
        touched_edges = [r for r in touched_set if current.get(r, ("", None))[0] in EDGE_SCHEMATA]
        if touched_edges:
            ends = session.execute_read(read_rows, "store/edge_record_ends", ids=touched_edges)
            affected.update(rec["id"] for rec in ends)
        explained = explain(resolution.links, resolution.review, desired, matchable)
        # A newly refused link is news for the entity at its other end too.
        changed = touched_set | {row["record"] for row in remap}
        for pair in resolution.review:
            if pair.conflict is not None and (pair.left in changed or pair.right in changed):
                affected.update(desired[r] for r in (pair.left, pair.right) if r in desired)
        summary.rebuilt = len(affected)
        progress(f"rebuilding {len(affected)} entities")
        moves = [(current[row["record"]][1], row["entity"]) for row in remap]
        arriving: dict[str, list[dict[str, str]]] = {}
        for row in remap:
            arriving.setdefault(row["entity"], []).append(row)
        for ids in _units(affected, moves, settings.batch_size):
            # Records moved between entities, the entities rebuilt, the emptied
            # ones gone, in one transaction: readers never see half of it.
            moving = [row for eid in ids for row in arriving.get(eid, ())]
            summary.edges += session.execute_write(
                _apply, ids, moving, succession, explained, at, settings.batch_size
            )
        summary.review_pairs = candidate_store.write_candidates(
            session, resolution.review, within=None if part is None else set(current)
        )
        # Last: a run stopped before here leaves its records marked for the next.
        if part is None:  # it read every marked record, and rebuilt their entities
            query = (
                "store/clear_unresolved"
                if work is None
                else "store/clear_unresolved_in_transaction"
            )
            session.run(cypher(query)).consume()
            incremental.mark_keys_current(session)
        else:
            done = sorted(touched_set | {row["record"] for row in remap})
            for chunk in _chunks(done, settings.batch_size):
                session.execute_write(read_rows, "store/mark_resolved", ids=list(chunk))
    summary.seconds = time.perf_counter() - started
    return summary


def _units(
    affected: set[str], moves: Sequence[tuple[str | None, str]], batch_size: int
) -> list[list[str]]:
    """The affected entities in batches of whole components: entities that
    records moved between are rebuilt together."""
    parent = {e: e for e in affected}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for old, new in moves:
        if old is not None and old in parent and new in parent:
            a, b = find(old), find(new)
            if a != b:
                parent[max(a, b)] = min(a, b)
    components: dict[str, list[str]] = {}
    for e in sorted(affected):
        components.setdefault(find(e), []).append(e)
    batches: list[list[str]] = []
    current: list[str] = []
    for unit in components.values():
        if current and len(current) + len(unit) > batch_size:
            batches.append(current)
            current = []
        current.extend(unit)
    if current:
        batches.append(current)
    return batches


def _apply(
    tx: neo4j.ManagedTransaction,
    ids: list[str],
    rows: Sequence[dict[str, str]],
    succession: Succession,
    explained: Explained,
    at: str,
    batch_size: int,
) -> int:
    """One batch of components, in ``tx``: the records moving into them
    (``rows``) moved, the entities rebuilt; returns the edges written. An edge
    to an entity of a later batch is written when that batch is rebuilt."""
    work = OneTransaction(tx)
    wanted = set(ids)
    for chunk in _chunks(rows, batch_size):
        work.execute_write(read_rows, "store/remap_records", rows=list(chunk), at=at)
    succession_store.record(work, succession.within(wanted), at, batch_size)
    edges = rebuild(work, ids, explained)
    work.execute_write(read_rows, "store/delete_empty_entities", ids=ids)
    return edges


@dataclass
class Explained:
    """Why each entity's records are together, and which links were refused."""

    inputs: dict[str, MatchInput] = field(default_factory=dict)  # record id -> input
    links: dict[str, list[MergeLink]] = field(default_factory=dict)  # entity -> links
    refused: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def kind(self, entity_id: str) -> str:
        """ "confirmed" when identifiers and judgements alone hold the entity together,
        "score" when it also rests on a name score (which a reader should know)."""
        links = self.links.get(entity_id, [])
        return "score" if any(x.kind == "score" for x in links) else "confirmed"

    def links_of(self, entity_id: str) -> list[dict[str, Any]]:
        return [
            explain_link(x, self.inputs[x.left], self.inputs[x.right])
            for x in self.links.get(entity_id, [])
        ]


def explain(
    links: Sequence[MergeLink],
    review: Sequence[ReviewPair],
    entity_of: dict[str, str],
    inputs: Sequence[MatchInput],
) -> Explained:
    out = Explained(inputs={m.id: m for m in inputs})
    for link in links:
        cid = entity_of.get(link.left)
        if cid is not None:
            out.links.setdefault(cid, []).append(link)
    for pair in review:
        if pair.conflict is None:
            continue
        row = {
            "left": pair.left,
            "right": pair.right,
            "score": pair.result.score,
            "features": pair.result.features,
            "explanation": pair.result.explanation,
            "conflict": pair.conflict,
        }
        for cid in {entity_of.get(pair.left), entity_of.get(pair.right)}:
            if cid is not None:
                out.refused.setdefault(cid, []).append(row)
    return out


_ENTITY_LABELS = sorted(ENTITY_SCHEMATA)


def rebuild(session: Work, ids: list[str], explained: Explained | None = None) -> int:
    """Recompute properties, labels and edges of these entities. Returns edges written."""
    why = explained if explained is not None else Explained()
    members = session.execute_read(read_rows, "store/entity_members", ids=ids)
    rows = []
    for row in members:
        if not row["members"] or row["members"] == [None]:
            continue
        size = len(row["members"])
        # In record id order: derived values must not follow the store's scan order.
        row["members"].sort(key=lambda m: str(m["id"]))
        kind = "single" if size == 1 else why.kind(row["id"])
        schema, props = derive.derive_entity(row["id"], row["members"], kind)
        # Kept as JSON on the entity: read with it, never queried by their parts.
        props["merge_links"] = json.dumps(why.links_of(row["id"]), ensure_ascii=False)
        props["refused_links"] = json.dumps(why.refused.get(row["id"], []), ensure_ascii=False)
        rows.append(
            {
                "id": row["id"],
                "schema": schema,
                "drop": [lbl for lbl in _ENTITY_LABELS if lbl != schema],
                "props": props,
            }
        )
    session.execute_write(read_rows, "store/write_entities", rows=rows)
    links = session.execute_read(read_rows, "store/edge_links", ids=ids)
    edges = derive.derive_edges(links)
    session.execute_write(read_rows, "store/replace_edges", ids=ids, types=sorted(EDGE_TYPES))
    session.execute_write(read_rows, "store/write_edges", rows=edges)
    # An entity's sanction terms are its sanctions' own: refresh both ends.
    listed = sorted({*ids, *(e["b"] for e in edges if e["type"] == "SANCTIONS")})
    session.execute_write(read_rows, "store/sanction_terms", ids=listed)
    return len(edges)
