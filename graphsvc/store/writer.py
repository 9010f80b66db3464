"""Writes made by people through the API and CLI: judgements on candidate
pairs and cited claims. Each runs in one unit of work (graphsvc.store.unit):
the write, its audit entry and the entities resolved again from it commit
together. The CLI gives it a transaction of the sync driver
(``one_transaction``); the API one of its async driver, with this code in a
worker thread (graphsvc.store.bridge, graphsvc.services.writes).

Writes of people are taken one at a time: each first takes the graph's write
lock (``store/lock_writes``), held until it commits, since each resolves the
graph from what it reads, and two interleaved would each miss the other's.
While a load holds the write lease (graphsvc.store.lease) they are refused
with ``WriteBusy``, which the API waits out (graphsvc.services.writes).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import neo4j

from graphsvc.auth import Actor, write_audit
from graphsvc.claims import Claim
from graphsvc.db import unavailable_as_error
from graphsvc.errors import BadRequest, Forbidden, NotFound, WriteBusy
from graphsvc.model import Record
from graphsvc.resolve.cluster import Judgement
from graphsvc.settings import Settings
from graphsvc.store.candidates import pair_id
from graphsvc.store.datasets import claims_refusal
from graphsvc.store.materialise import ResolveSummary, resolve_graph
from graphsvc.store.records import write_batch
from graphsvc.store.unit import Work, one_transaction
from queries import cypher


@dataclass(frozen=True)
class JudgementResult:
    id: str
    left: str
    right: str
    verdict: str
    summary: ResolveSummary
    audit_id: str


@dataclass(frozen=True)
class ClaimResult:
    record: Record
    status: str  # created, updated or unchanged
    summary: ResolveSummary
    audit_id: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _lock(tx: neo4j.ManagedTransaction) -> None:
    row = tx.run(cypher("store/lock_writes")).single()
    if row is not None and row["holder"] is not None:
        # a load holds the graph's write lease (graphsvc.store.lease): this
        # write would resolve against a graph in the middle of changing
        raise WriteBusy(row["holder"], row["since"])


def _representatives(tx: neo4j.ManagedTransaction, ids: list[str]) -> list[dict[str, Any]]:
    return [r.data() for r in tx.run(cypher("store/representative_records"), ids=ids)]


def check_verdict(verdict: str) -> str:
    """The verdict, or BadRequest naming the accepted ones."""
    try:
        Judgement(verdict)
    except ValueError as exc:
        raise BadRequest("verdict must be positive, negative or unsure") from exc
    return verdict


def judge_in(
    work: Work,
    settings: Settings,
    left: str,
    right: str,
    verdict: str,
    actor: Actor,
    note: str | None = None,
) -> JudgementResult:
    """Record a judgement on two records (or entities), with its audit entry,
    and re-resolve their clusters, all in ``work``."""
    check_verdict(verdict)
    work.execute_write(_lock)
    rows = {r["requested"]: r for r in work.execute_read(_representatives, [left, right])}
    missing = [i for i in (left, right) if rows.get(i, {}).get("record") is None]
    if missing:
        raise NotFound(f"no record or entity with id {missing[0]!r}")
    a, b = sorted((rows[left]["record"], rows[right]["record"]))
    if a == b:
        raise BadRequest("a judgement needs two different records")
    jid = pair_id(a, b)
    after = {"verdict": verdict, "user": actor.label, "at": _now(), "note": note}

    def write(tx: neo4j.ManagedTransaction) -> str:
        row = tx.run(cypher("store/write_judgement"), {"id": jid, "a": a, "b": b, **after}).single()
        if row is None:
            raise RuntimeError(f"judgement {jid} was not written")
        detail = {"pair": jid, "left": a, "right": b, "verdict": verdict}
        return write_audit(tx, actor, "judge", detail, before=row["previous"], after=after)

    audit_id = work.execute_write(write)
    summary = resolve_graph(None, settings, scope=[a, b], work=work)
    return JudgementResult(jid, a, b, verdict, summary, audit_id)


def judge(
    driver: neo4j.Driver,
    settings: Settings,
    left: str,
    right: str,
    verdict: str,
    actor: Actor,
    note: str | None = None,
) -> JudgementResult:
    """``judge_in`` in a transaction of the sync driver (the CLI)."""
    check_verdict(verdict)
    # the judgement and the entities it merges or splits become visible together
    with unavailable_as_error(settings), one_transaction(driver, settings) as work:
        return judge_in(work, settings, left, right, verdict, actor, note)


def _stored_fields(tx: neo4j.ManagedTransaction, record_id: str) -> dict[str, Any] | None:
    """A record's stored fields, its JSON text decoded; None if it is not stored."""
    row = tx.run(cypher("store/record_fields"), id=record_id).single()
    if row is None:
        return None
    fields: dict[str, Any] = dict(row["fields"])
    for key in ("props", "raw", "citations"):
        if isinstance(fields.get(key), str):
            fields[key] = json.loads(fields[key])
    return fields


def claim_record(claim: Claim, actor: Actor) -> Record:
    """A claim made through the API as a record; its raw form names the author."""
    raw = {"claim": claim.model_dump(mode="json", by_alias=True), "by": actor.label}
    return claim.record(raw=raw)


def add_claim_in(work: Work, settings: Settings, claim: Claim, actor: Actor) -> ClaimResult:
    """Store a cited claim, with its audit entry, and resolve what it touches,
    all in ``work``."""
    rec = claim_record(claim, actor)
    edition = rec.published or _now()[:10]

    def write(tx: neo4j.ManagedTransaction) -> tuple[str, str]:
        # checked in the write's own transaction, so no list load slips in between
        problem = claims_refusal(tx, rec.dataset, [rec.id])
        if problem is not None:
            raise Forbidden(problem)
        before = _stored_fields(tx, rec.id)
        status = write_batch(tx, [rec], edition)[rec.id]
        after = _stored_fields(tx, rec.id)
        detail = {"record": rec.id, "dataset": rec.dataset, "status": status}
        return status, write_audit(tx, actor, "add_claim", detail, before=before, after=after)

    targets = [t for values in rec.properties.values() for t in values if ":" in t]
    work.execute_write(_lock)
    status, audit_id = work.execute_write(write)
    summary = resolve_graph(None, settings, touched=[rec.id, *targets], work=work)
    return ClaimResult(rec, status, summary, audit_id)
