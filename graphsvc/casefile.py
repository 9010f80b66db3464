"""A case file: everything that ties an entity to sanctions, owners,
contracts, programmes and other parties, with citations, as plain data, as
Markdown and as FollowTheMoney JSON lines.

Every statement in the Markdown carries a footnote to the source records
that support it; the footnotes list publisher, date, URL and quote.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graphsvc import ownership
from graphsvc.errors import NotFound
from graphsvc.model import EDGE_SCHEMATA, REFERENCE_PROPERTIES
from graphsvc.repository import Repository

MAX_RELATIONSHIPS = 500

Row = dict[str, Any]


@dataclass
class CaseData:
    entity: Row
    records: list[Row]
    sanctions: list[Row]
    relationships: list[Row]  # {rel, other, outgoing}
    others: dict[str, Row]
    evidence: dict[str, Row]
    owner_chains: list[ownership.Chain]
    contracts: list[Row]
    programmes: list[Row]
    as_of: str
    notes: list[str] = field(default_factory=list)


async def build_case(repo: Repository, entity_id: str, as_of: str | None = None) -> CaseData:
    (entity,) = await repo.entities([entity_id])
    if entity is None:
        raise NotFound(f"no entity or record with id {entity_id!r}")
    eid = entity["id"]
    day = as_of or date.today().isoformat()
    records = [r["record"] for r in await repo.read("entity/records", ids=[eid])]
    sanctions = [
        {**r["sanction"], "_edge_records": r["edge_records"]}
        for r in await repo.read("sanctions/of_entities", ids=[eid], as_of=None)
    ]
    rels = await repo.read(
        "entity/relationships", id=eid, types=None, direction=None, as_of=None, after=None,
        limit=MAX_RELATIONSHIPS + 1,
    )  # fmt: skip
    notes = []
    if len(rels) > MAX_RELATIONSHIPS:
        notes.append(f"only the first {MAX_RELATIONSHIPS} relationships are listed")
        rels = rels[:MAX_RELATIONSHIPS]
    rels = [r for r in rels if r["rel"]["type"] != "SANCTIONS"]  # listed under sanctions
    other_ids = sorted({r["other"] for r in rels})
    (owners,) = await repo.read("ownership/owners", id=eid, as_of=day, limit=200)
    chains = [ownership.Chain(r["chain"], r["links"]) for r in owners["chains"]]
    other_ids = sorted(set(other_ids) | {e for c in chains for e in c.entities})
    found = await repo.entities(other_ids)
    others = {i: e for i, e in zip(other_ids, found, strict=True) if e is not None}
    record_ids = sorted(
        {rid for r in rels for rid in r["rel"].get("record_ids") or []}
        | {rid for s in sanctions for rid in s["_edge_records"] or []}
        | {s["id"] for s in sanctions}
    )
    evidence = {
        r["record"]["id"]: r["record"] for r in await repo.read("records/by_ids", ids=record_ids)
    }
    # A sanction's own records are the records of the Sanction entity.
    for s in sanctions:
        for r in await repo.read("entity/records", ids=[s["id"]]):
            evidence[r["record"]["id"]] = r["record"]
            s.setdefault("_records", []).append(r["record"]["id"])
    return CaseData(
        entity=entity,
        records=records,
        sanctions=sanctions,
        relationships=rels,
        others=others,
        evidence=evidence,
        owner_chains=chains,
        contracts=await repo.read("contracts/by_party", id=eid),
        programmes=await repo.read("programmes/of_entity", id=eid),
        as_of=day,
        notes=notes,
    )


class _Footnotes:
    """Numbers source records in the order they are first cited."""

    def __init__(self, evidence: dict[str, Row]) -> None:
        self.evidence = evidence
        self.order: list[str] = []

    def cite(self, record_ids: list[str]) -> str:
        marks = []
        for rid in record_ids:
            if rid not in self.evidence:
                continue
            if rid not in self.order:
                self.order.append(rid)
            marks.append(f"[{self.order.index(rid) + 1}]")
        return "".join(marks)

    def lines(self) -> list[str]:
        """One footnote per record; a record with several citations lists them all."""
        out = []
        for n, rid in enumerate(self.order, start=1):
            rec = self.evidence[rid]
            cites = json.loads(rec["citations"]) if rec.get("citations") else []
            if cites:
                parts = []
                for c in cites:
                    bits = [c.get("publisher", ""), c.get("published") or "n.d."]
                    if c.get("title"):
                        bits.append(f"“{c['title']}”")
                    if c.get("url"):
                        bits.append(c["url"])
                    quote = f' — "{c["quote"]}"' if c.get("quote") else ""
                    parts.append(", ".join(bits) + quote)
                out.append(f"{n}. {'; '.join(parts)} (record `{rid}`)")
            else:
                where = rec.get("source_url") or rec.get("origin") or ""
                when = rec.get("published") or f"retrieved {rec.get('retrieved') or 'n.d.'}"
                out.append(f"{n}. {rec.get('dataset')}, {when}, {where} (record `{rid}`)")
        return out


def _caption(case: CaseData, eid: str) -> str:
    row = case.others.get(eid)
    return row["caption"] if row else eid


def _when(start: str | None, end: str | None) -> str:
    if start and end:
        return f" ({start} – {end})"
    if start:
        return f" (from {start})"
    if end:
        return f" (until {end})"
    return ""


def render_markdown(case: CaseData) -> str:
    e = case.entity
    notes = _Footnotes(case.evidence)
    lines = [f"# Case file: {e['caption']}", ""]
    lines.append(
        f"{e.get('schema')} · {e.get('record_count', 0)} source records from "
        f"{', '.join(e.get('datasets') or [])} · graphsvc id `{e['id']}` · as of {case.as_of}"
    )
    lines += ["", "## Identity", ""]
    lines.append(f"- Names: {'; '.join(e.get('names') or [e['caption']])}")
    if e.get("identifiers"):
        lines.append(f"- Identifiers: {', '.join(e['identifiers'])}")
    if e.get("countries"):
        lines.append(f"- Countries: {', '.join(e['countries'])}")
    merged = ", ".join("`" + r["id"] + "`" for r in case.records)
    lines.append(f"- Merged from: {merged}")

    lines += ["", "## Sanctions", ""]
    if not case.sanctions:
        lines.append("No sanctions recorded.")
    for s in case.sanctions:
        cite = notes.cite(s.get("_records", []))
        reason = f" Reason: {s['reason']}" if s.get("reason") else ""
        who = s.get("authority") or s.get("authority_code")
        lines.append(
            f"- **{who}**, {s.get('program') or 'programme n/a'}: "
            f"listed {s.get('listing_date') or s.get('start_date') or 'n.d.'}, {s.get('status')}"
            f"{' until ' + s['end_date'] if s.get('end_date') else ''}.{reason} {cite}"
        )

    lines += ["", f"## Owners as of {case.as_of}", ""]
    if not case.owner_chains:
        lines.append("No owners recorded.")
    for total in ownership.totals(case.owner_chains):
        for chain in total.chains:
            path = " → ".join(_caption(case, x) for x in chain.entities)
            ids = [rid for link in chain.links for rid in link.get("record_ids") or []]
            lines.append(f"- {path}: {chain.arithmetic} {notes.cite(ids)}")

    lines += ["", "## Relationships", ""]
    for r in sorted(
        case.relationships, key=lambda x: (x["rel"]["type"], _caption(case, x["other"]))
    ):
        rel = r["rel"]
        arrow = "→" if r["outgoing"] else "←"
        extra = ", ".join(
            f"{k} {rel[k]}" for k in ("percentage", "role", "summary", "amount") if rel.get(k)
        )
        lines.append(
            f"- {rel['type']} {arrow} {_caption(case, r['other'])}"
            f"{_when(rel.get('start_date'), rel.get('end_date'))}"
            f"{': ' + extra if extra else ''} {notes.cite(rel.get('record_ids') or [])}"
        )

    if case.programmes:
        lines += ["", "## Test programmes and prizes", ""]
        for p in case.programmes:
            for link in p["links"]:
                what = ", ".join(link.get("algorithm") or []) or link.get("summary") or ""
                amount = (
                    f"{link['amount']} {link.get('currency') or ''}".strip()
                    if link.get("amount")
                    else ""
                )
                detail = " ".join(x for x in (what, amount) if x)
                cite = notes.cite(link.get("record_ids") or [])
                lines.append(
                    f"- {p['programme']['caption']}: {link['type'].lower()}"
                    f"{' ' + detail if detail else ''}"
                    f"{_when(link.get('start_date'), None)} {cite}"
                )

    if case.contracts:
        lines += ["", "## Contracts", ""]
        for c in case.contracts:
            k = c["contract"]
            amount = f", {k['amount']} {k.get('currency') or ''}" if k.get("amount") else ""
            lines.append(
                f"- {c['role']}: {k.get('caption')}{amount}{_when(k.get('sign_date'), None)}"
            )

    if case.notes:
        lines += ["", "## Notes", "", *[f"- {n}" for n in case.notes]]
    lines += ["", "## Sources", "", *notes.lines()]
    return "\n".join(lines) + "\n"


def to_ftm(case: CaseData) -> str:
    """The entity, its sanctions, its relationships and the entities at their
    other ends as FtM entities, one JSON a line."""
    e = case.entity
    out: list[dict[str, Any]] = [_ftm_entity(e, referents=[r["id"] for r in case.records])]
    for s in case.sanctions:
        values = _ftm_values(s)
        values["entity"] = [e["id"]]
        out.append({"id": s["id"], "schema": "Sanction", "properties": values,
                    "datasets": s.get("datasets") or []})  # fmt: skip
    ref_props = {t: p for (_schema, p), t in REFERENCE_PROPERTIES.items()}
    linked: dict[str, None] = {}  # ordered set
    for r in case.relationships:
        rel = r["rel"]
        schema = rel.get("schema") or "UnknownLink"
        a, b = (e["id"], r["other"]) if r["outgoing"] else (r["other"], e["id"])
        values = _ftm_values(rel)
        if schema in EDGE_SCHEMATA:
            src, dst, _type = EDGE_SCHEMATA[schema]
            values[src], values[dst] = [a], [b]
            out.append({"id": rel["id"], "schema": schema, "properties": values,
                        "datasets": rel.get("datasets") or []})  # fmt: skip
            linked.setdefault(r["other"], None)
        elif rel["type"] in ref_props:
            continue  # a reference edge: the referring entity is exported on its own
    # The entities at the other end of the exported links, so that the file
    # loads on its own into an FtM store without dangling references.
    out += [_ftm_entity(case.others[i]) for i in linked if i in case.others and i != e["id"]]
    return "\n".join(json.dumps(x, ensure_ascii=False, sort_keys=True) for x in out) + "\n"


def _ftm_values(row: Row) -> dict[str, list[Any]]:
    """FtM property values from the stored provenance JSON (value and records)."""
    props = json.loads(row.get("properties") or "{}")
    return {k: [v["value"] for v in vs] for k, vs in props.items()}


def _ftm_entity(row: Row, referents: list[str] | None = None) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "id": row["id"],
        "schema": row.get("schema"),
        "caption": row.get("caption"),
        "properties": _ftm_values(row),
        "datasets": row.get("datasets") or [],
        "first_seen": row.get("first_seen"),
        "last_seen": row.get("last_seen"),
    }
    if referents is not None:
        entity["referents"] = referents
    return entity
