"""A case file written out: Markdown with footnotes, and FtM JSON lines.

Every statement in the Markdown carries a footnote to the source records
that support it; the footnotes list publisher, date, URL and quote.
"""

from __future__ import annotations

import json
from typing import Any

from graphsvc import sanctions
from graphsvc.graph import decode
from graphsvc.graph.nodes import EntityNode, RecordNode
from graphsvc.model import EDGE_SCHEMATA, REFERENCE_PROPERTIES
from graphsvc.services import ownership
from graphsvc.services.casefile import CaseData


class _Footnotes:
    """Numbers source records in the order they are first cited."""

    def __init__(self, evidence: dict[str, RecordNode]) -> None:
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
            cites = decode.citations(rec.citations)
            if cites:
                parts = []
                for c in cites:
                    bits = [c.publisher, c.published or "n.d."]
                    if c.title:
                        bits.append(f"“{c.title}”")
                    if c.url:
                        bits.append(c.url)
                    quote = f' — "{c.quote}"' if c.quote else ""
                    parts.append(", ".join(bits) + quote)
                out.append(f"{n}. {'; '.join(parts)} (record `{rid}`)")
            else:
                where = rec.source_url or rec.origin or ""
                when = rec.published or f"retrieved {rec.retrieved or 'n.d.'}"
                out.append(f"{n}. {rec.dataset}, {when}, {where} (record `{rid}`)")
        return out


def _caption(case: CaseData, eid: str) -> str:
    found = case.others.get(eid)
    return found.caption if found else eid


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
    lines = [f"# Case file: {e.caption}", ""]
    lines.append(
        f"{e.schema} · {e.record_count} source records from "
        f"{', '.join(e.datasets)} · graphsvc id `{e.id}` · as of {case.as_of}"
    )
    lines += ["", "## Identity", ""]
    lines.append(f"- Names: {'; '.join(e.names or [e.caption])}")
    if e.identifiers:
        lines.append(f"- Identifiers: {', '.join(e.identifiers)}")
    if e.countries:
        lines.append(f"- Countries: {', '.join(e.countries)}")
    merged = ", ".join("`" + r.id + "`" for r in case.records)
    lines.append(f"- Merged from: {merged}")

    lines += ["", "## Sanctions", ""]
    if not case.sanctions:
        lines.append("No sanctions recorded.")
    for cs in case.sanctions:
        s = cs.node
        cite = notes.cite(cs.record_ids)
        reason = f" Reason: {s.reason}" if s.reason else ""
        who = s.authority or s.authority_code
        lines.append(
            f"- **{who}**, {s.program or 'programme n/a'}: "
            f"listed {s.listing_date or s.start_date or 'n.d.'}, "
            f"{sanctions.status(s.start_key, s.end_key, s.stated_status, case.day)}"
            f"{' until ' + s.end_date if s.end_date else ''}.{reason} {cite}"
        )

    lines += ["", f"## Owners as of {case.as_of}", ""]
    if not case.owner_chains:
        lines.append("No owners recorded.")
    for total in ownership.totals(case.owner_chains):
        for chain in total.chains:
            path = " → ".join(_caption(case, x) for x in chain.entities)
            lines.append(f"- {path}: {chain.arithmetic} {notes.cite(chain.record_ids)}")

    lines += ["", "## Relationships", ""]
    for r in sorted(case.relationships, key=lambda x: (x.rel.type, _caption(case, x.other))):
        rel = r.rel
        arrow = "→" if r.outgoing else "←"
        shown = (
            ("percentage", rel.percentage),
            ("role", rel.role),
            ("summary", rel.summary),
            ("amount", rel.amount),
        )
        extra = ", ".join(f"{k} {v}" for k, v in shown if v)
        lines.append(
            f"- {rel.type} {arrow} {_caption(case, r.other)}"
            f"{_when(rel.start_date, rel.end_date)}"
            f"{': ' + extra if extra else ''} {notes.cite(rel.record_ids)}"
        )

    if case.programmes:
        lines += ["", "## Test programmes and prizes", ""]
        for p in case.programmes:
            for link in p.links:
                what = ", ".join(link.algorithm or []) or link.summary or ""
                amount = f"{link.amount} {link.currency or ''}".strip() if link.amount else ""
                detail = " ".join(x for x in (what, amount) if x)
                cite = notes.cite(link.record_ids)
                lines.append(
                    f"- {p.programme.caption}: {link.type.lower()}"
                    f"{' ' + detail if detail else ''}"
                    f"{_when(link.start_date, None)} {cite}"
                )

    if case.contracts:
        lines += ["", "## Contracts", ""]
        for c in case.contracts:
            k = c.contract
            amount = f", {k.amount} {k.currency or ''}" if k.amount else ""
            lines.append(f"- {c.role}: {k.caption}{amount}{_when(k.sign_date, None)}")

    if case.notes:
        lines += ["", "## Notes", "", *[f"- {n}" for n in case.notes]]
    lines += ["", "## Sources", "", *notes.lines()]
    return "\n".join(lines) + "\n"


def to_ftm(case: CaseData) -> str:
    """The entity, its sanctions, its relationships and the entities at their
    other ends as FtM entities, one JSON a line."""
    e = case.entity
    out: list[dict[str, Any]] = [_ftm_entity(e, referents=[r.id for r in case.records])]
    for cs in case.sanctions:
        s = cs.node
        values = {**decode.ftm_values(s.properties), "entity": [e.id]}
        out.append({"id": s.id, "schema": "Sanction", "properties": values,
                    "datasets": s.datasets})  # fmt: skip
    ref_props = {t: p for (_schema, p), t in REFERENCE_PROPERTIES.items()}
    linked: dict[str, None] = {}  # ordered set
    for r in case.relationships:
        rel = r.rel
        schema = rel.schema or "UnknownLink"
        a, b = (e.id, r.other) if r.outgoing else (r.other, e.id)
        values = decode.ftm_values(rel.properties)
        if schema in EDGE_SCHEMATA:
            src, dst, _type = EDGE_SCHEMATA[schema]
            values[src], values[dst] = [a], [b]
            out.append({"id": rel.id, "schema": schema, "properties": values,
                        "datasets": rel.datasets})  # fmt: skip
            linked.setdefault(r.other, None)
        elif rel.type in ref_props:
            continue  # a reference edge: the referring entity is exported on its own
    # The entities at the other end of the exported links, so that the file
    # loads on its own into an FtM store without dangling references.
    out += [_ftm_entity(case.others[i]) for i in linked if i in case.others and i != e.id]
    return "\n".join(json.dumps(x, ensure_ascii=False, sort_keys=True) for x in out) + "\n"


def _ftm_entity(node: EntityNode, referents: list[str] | None = None) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "id": node.id,
        "schema": node.schema,
        "caption": node.caption,
        "properties": decode.ftm_values(node.properties),
        "datasets": node.datasets,
        "first_seen": node.first_seen,
        "last_seen": node.last_seen,
    }
    if referents is not None:
        entity.update(referents=referents)
    return entity
