"""Writes made by people through the API and CLI: judgements on candidate
pairs and cited claims. Each write and its audit entry commit in one
transaction; then the clusters it touches are resolved again and their
entities rebuilt (derived data, in transactions of their own).

The API's reads run on the async driver; these writes reuse the loaders'
synchronous store code, so the API calls them in a worker thread.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import neo4j

from graphsvc.auth import Actor, write_audit
from graphsvc.db import unavailable_as_error
from graphsvc.errors import BadRequest, Forbidden, NotFound
from graphsvc.model import EDGE_SCHEMATA, ENTITY_SCHEMATA, REFERENCE_PROPERTIES, Citation, Record
from graphsvc.resolve.cluster import Judgement
from graphsvc.settings import Settings
from graphsvc.store.candidates import pair_id
from graphsvc.store.datasets import CLAIMS_DATASET, claims_refusal
from graphsvc.store.materialise import ResolveSummary, resolve_graph
from graphsvc.store.records import write_batch
from graphsvc.store.unit import one_transaction
from queries import cypher

MAX_CLAIM_VALUES = 200
MAX_VALUE_CHARS = 5000


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


def _records_for(driver: neo4j.Driver, settings: Settings, ids: list[str]) -> list[dict[str, Any]]:
    with driver.session(database=settings.neo4j_database) as session:
        return [r.data() for r in session.run(cypher("store/representative_records"), ids=ids)]


def judge(
    driver: neo4j.Driver,
    settings: Settings,
    left: str,
    right: str,
    verdict: str,
    actor: Actor,
    note: str | None = None,
) -> JudgementResult:
    """Record a judgement on two records (or entities), with its audit entry,
    and re-resolve their clusters."""
    try:
        Judgement(verdict)
    except ValueError as exc:
        raise BadRequest("verdict must be positive, negative or unsure") from exc
    with unavailable_as_error(settings):
        rows = {r["requested"]: r for r in _records_for(driver, settings, [left, right])}
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

    # the judgement and the entities it merges or splits become visible together
    with unavailable_as_error(settings), one_transaction(driver, settings) as work:
        audit_id = work.execute_write(write)
        summary = resolve_graph(driver, settings, scope=[a, b], work=work)
    return JudgementResult(jid, a, b, verdict, summary, audit_id)


def claim_record(claim: dict[str, Any], user: str) -> Record:
    """A claim from the API as a record, checked like a claims file entry."""
    local = str(claim.get("id") or "").strip()
    if not local or len(local) > 200:
        raise BadRequest("a claim needs an `id` of 1 to 200 characters")
    schema = str(claim.get("schema") or "")
    if schema not in ENTITY_SCHEMATA and schema not in EDGE_SCHEMATA:
        raise BadRequest(f"unknown schema {schema!r}")
    dataset = str(claim.get("dataset") or CLAIMS_DATASET)
    props = claim.get("properties") or {}
    if not isinstance(props, dict):
        raise BadRequest("`properties` must be an object of lists of strings")
    rec = Record(id=f"{dataset}:{local}", schema=schema, dataset=dataset, source_id=local)
    count = 0
    for prop, values in props.items():
        items = values if isinstance(values, list) else [values]
        for value in items:
            if not isinstance(value, str | int | float):
                raise BadRequest(f"property {prop!r}: values must be strings")
            text = str(value)
            if len(text) > MAX_VALUE_CHARS:
                raise BadRequest(f"property {prop!r}: a value is over {MAX_VALUE_CHARS} characters")
            count += 1
            rec.add(str(prop), text)
    if count > MAX_CLAIM_VALUES:
        raise BadRequest(f"a claim may have at most {MAX_CLAIM_VALUES} property values")
    ends: list[str] = []
    if schema in EDGE_SCHEMATA:
        src, dst, _type = EDGE_SCHEMATA[schema]
        ends = [src, dst]
        if not rec.properties.get(src) or not rec.properties.get(dst):
            raise BadRequest(f"a {schema} claim needs `{src}` and `{dst}`")
    ends += [p for (s, p) in REFERENCE_PROPERTIES if s == schema]
    for prop in ends:
        for target in rec.properties.get(prop, []):
            if ":" not in target:
                raise BadRequest(f"`{prop}` must name a record id such as moscow-case:synesis")
    cite = claim.get("citation") or {}
    for key in ("publisher", "published", "quote"):
        if not str(cite.get(key) or "").strip():
            raise BadRequest(f"a claim needs a citation with `{key}`")
    rec.citations.append(
        Citation(
            publisher=str(cite["publisher"]),
            published=str(cite["published"]),
            url=cite.get("url"),
            title=cite.get("title"),
            quote=str(cite["quote"]),
        )
    )
    rec.published = str(cite["published"])
    rec.raw = {"claim": claim, "by": user}
    return rec


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


def add_claim(
    driver: neo4j.Driver, settings: Settings, claim: dict[str, Any], actor: Actor
) -> ClaimResult:
    """Store a cited claim, with its audit entry, and resolve what it touches."""
    rec = claim_record(claim, actor.label)
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
    # the claim and the entities rebuilt from it become visible together
    with unavailable_as_error(settings), one_transaction(driver, settings) as work:
        status, audit_id = work.execute_write(write)
        summary = resolve_graph(driver, settings, touched=[rec.id, *targets], work=work)
    return ClaimResult(rec, status, summary, audit_id)
