"""Query rows (dicts from the driver) into the typed rows of graphsvc.graph.rows.

Plain constructor calls, no validation: the queries fix the shape, and the
API reads these on every request. Optional map keys (a relationship's
properties, an entity's) are read with ``get``: ``x {.*}`` leaves out the
properties a node or link does not have.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from graphsvc.graph.nodes import (
    Citation,
    EntityNode,
    LineageEvent,
    MergeLink,
    PropertyValue,
    RecordNode,
    Redirect,
    RefusedLink,
    RelNode,
    SanctionNode,
)
from graphsvc.graph.rows import (
    ChainRow,
    ChainsRow,
    ContractMap,
    ContractRow,
    EntityRef,
    ExposureRow,
    GapLinkRow,
    GapRow,
    Link,
    ParticipantRow,
    PathRow,
    ProgrammeLinkRow,
    ProgrammeListRow,
    ProgrammeOfRow,
    SearchCandidate,
    Stake,
    SupplierRow,
)

Row = dict[str, Any]


def link(m: Row) -> Link:
    return Link(
        type=m["type"],
        from_id=m["from"],
        to_id=m["to"],
        schema=m.get("schema"),
        start_date=m.get("start_date"),
        end_date=m.get("end_date"),
        summary=m.get("summary"),
        percentage=m.get("percentage"),
        role=m.get("role"),
        record_ids=m.get("record_ids") or [],
        properties=m.get("properties"),
    )


def path(r: Row) -> PathRow:
    return PathRow(
        nodes=r["nodes"], rels=[link(x) for x in r["rels"]], score_merged=r["score_merged"]
    )


def exposure(r: Row) -> ExposureRow:
    return ExposureRow(
        target=r["target"],
        nodes=r["nodes"],
        rels=[link(x) for x in r["rels"]],
        score_merged=r["score_merged"],
    )


def chains(rows: list[Row]) -> ChainsRow:
    """The one row of ownership/owners or ownership/holdings (none: no chains)."""
    if not rows:
        return ChainsRow(chains=[])
    return ChainsRow(
        chains=[
            ChainRow(
                chain=c["chain"],
                links=[Stake(s.get("percentage"), s.get("record_ids") or []) for s in c["links"]],
                sanctioned=c.get("sanctioned") or [],
            )
            for c in rows[0]["chains"]
        ]
    )


def entity_ref(m: Row) -> EntityRef:
    return EntityRef(
        id=m["id"],
        caption=m.get("caption") or m["id"],
        schema=m.get("schema"),
        countries=m.get("countries") or [],
        sanction_terms=m.get("sanction_terms") or [],
    )


def gap(r: Row) -> GapRow:
    return GapRow(
        entity=entity_ref(r["entity"]),
        links=[
            GapLinkRow(
                type=x["type"],
                other=x["other"],
                other_caption=x["other_caption"],
                other_terms=x["other_terms"] or [],
            )
            for x in r["links"]
        ],
    )


def supplier(r: Row) -> SupplierRow:
    return SupplierRow(supplier=entity_ref(r["supplier"]), how=r["how"], via=r["via"])


def programme_link(m: Row) -> ProgrammeLinkRow:
    return ProgrammeLinkRow(
        id=m["id"],
        type=m["type"],
        algorithm=m.get("algorithm"),
        start_date=m.get("start_date"),
        amount=m.get("amount"),
        currency=m.get("currency"),
        summary=m.get("summary"),
        record_ids=m.get("record_ids") or [],
        properties=m.get("properties"),
    )


def participant(r: Row) -> ParticipantRow:
    return ParticipantRow(
        participant=entity_ref(r["participant"]),
        links=[programme_link(x) for x in r["links"]],
    )


def programme_of(r: Row) -> ProgrammeOfRow:
    return ProgrammeOfRow(
        programme=entity_ref(r["programme"]), links=[programme_link(x) for x in r["links"]]
    )


def programme_list(r: Row) -> ProgrammeListRow:
    return ProgrammeListRow(programme=entity_ref(r["programme"]), participants=r["participants"])


def contract(r: Row) -> ContractRow:
    c = r["contract"]
    return ContractRow(
        contract=ContractMap(
            id=c["id"],
            caption=c.get("caption"),
            title=c.get("title"),
            amount=c.get("amount"),
            currency=c.get("currency"),
            sign_date=c.get("sign_date"),
            start_date=c.get("start_date"),
            summary=c.get("summary"),
        ),
        role=r["role"],
        buyers=[entity_ref(b) for b in r["buyers"]],
        suppliers=[entity_ref(s) for s in r["suppliers"]],
        awards=r["awards"],
    )


# -- entities, records, sanctions, relationships ----------------------------------
def entity(m: Row, redirect: Row | None = None) -> EntityNode:
    return EntityNode(
        id=m["id"],
        schema=m.get("schema") or "Thing",
        caption=m.get("caption") or m["id"],
        names=m.get("names") or [],
        countries=m.get("countries") or [],
        identifiers=m.get("identifiers") or [],
        datasets=m.get("datasets") or [],
        topics=m.get("topics") or [],
        first_seen=m.get("first_seen"),
        last_seen=m.get("last_seen"),
        record_count=m.get("record_count") or 0,
        resolution=m.get("resolution") or "single",
        sanction_terms=m.get("sanction_terms") or [],
        properties=m.get("properties"),
        merge_links=m.get("merge_links"),
        refused_links=m.get("refused_links"),
        minted=m.get("minted"),
        lineage=tuple(m.get("lineage") or ()),
        redirect=None if redirect is None else Redirect(redirect["reason"], redirect.get("at")),
    )


def lineage(texts: Sequence[str]) -> list[LineageEvent]:
    out = []
    for text in texts:
        event = json_object(text)
        out.append(LineageEvent(str(event["event"]), str(event["other"]), event.get("at")))
    return out


def record(m: Row) -> RecordNode:
    return RecordNode(
        id=m["id"],
        dataset=m.get("dataset"),
        schema=m.get("schema"),
        source_id=m.get("source_id"),
        source_url=m.get("source_url"),
        published=m.get("published"),
        retrieved=m.get("retrieved"),
        origin=m.get("origin"),
        raw=m.get("raw"),
        props=m.get("props"),
        citations=m.get("citations"),
        first_seen=m.get("first_seen"),
        last_seen=m.get("last_seen"),
        caption=m.get("caption"),
        publisher=m.get("publisher"),
    )


def sanction(m: Row) -> SanctionNode:
    return SanctionNode(
        id=m["id"],
        authority=m.get("authority"),
        authority_code=m.get("authority_code"),
        program=m.get("program"),
        listing_date=m.get("listing_date"),
        start_date=m.get("start_date"),
        end_date=m.get("end_date"),
        start_key=m.get("start_key"),
        end_key=m.get("end_key"),
        stated_status=m.get("stated_status"),
        reason=m.get("reason"),
        source_url=m.get("source_url"),
        datasets=m.get("datasets") or [],
        properties=m.get("properties"),
    )


def rel(m: Row) -> RelNode:
    return RelNode(
        id=m["id"],
        type=m["type"],
        schema=m.get("schema"),
        start_date=m.get("start_date"),
        end_date=m.get("end_date"),
        percentage=m.get("percentage"),
        role=m.get("role"),
        summary=m.get("summary"),
        amount=m.get("amount"),
        currency=m.get("currency"),
        algorithm=m.get("algorithm"),
        datasets=m.get("datasets") or [],
        record_ids=m.get("record_ids") or [],
        first_seen=m.get("first_seen"),
        last_seen=m.get("last_seen"),
        properties=m.get("properties"),
    )


# -- JSON stored on nodes ----------------------------------------------------------
def citations(text: str | None) -> list[Citation]:
    return [
        Citation(
            publisher=c.get("publisher", ""),
            published=c.get("published"),
            url=c.get("url"),
            title=c.get("title"),
            quote=c.get("quote"),
        )
        for c in (json.loads(text) if text else [])
    ]


def property_values(text: str | None) -> list[PropertyValue]:
    """Every value of every property, with the records that state it."""
    props: dict[str, list[Row]] = json.loads(text or "{}")
    return [
        PropertyValue(name=prop, value=item["value"], record_ids=item["records"])
        for prop, items in props.items()
        for item in items
    ]


def ftm_values(text: str | None) -> dict[str, list[Any]]:
    """FtM property values from the stored provenance JSON (value and records)."""
    props: dict[str, list[Row]] = json.loads(text or "{}")
    return {k: [v["value"] for v in vs] for k, vs in props.items()}


def json_object(text: str | None) -> Any:
    """A JSON text as its value; ``{}`` for none."""
    return json.loads(text or "{}")


def merge_links(text: str | None) -> list[MergeLink]:
    return [
        MergeLink(
            left=x["left"],
            right=x["right"],
            kind=x["kind"],
            score=x["score"],
            features=x.get("features", {}),
            explanation=x.get("explanation") or [],
            overrides=x.get("overrides"),
        )
        for x in json.loads(text or "[]")
    ]


def refused_links(text: str | None) -> list[RefusedLink]:
    return [
        RefusedLink(
            left=x["left"],
            right=x["right"],
            score=x["score"],
            conflict=x["conflict"],
            features=x.get("features", {}),
            explanation=x.get("explanation") or [],
        )
        for x in json.loads(text or "[]")
    ]


def search_candidate(m: Row) -> SearchCandidate:
    return SearchCandidate(
        id=m["id"],
        caption=m.get("caption"),
        folded=m.get("folded"),
        names=m.get("names"),
        score=m["score"],
    )
