"""A case file: everything that ties an entity to sanctions, owners,
contracts, programmes and other parties, with citations, as plain data
(``build_case``); graphsvc.services.casefile_render writes it out as
Markdown and as FollowTheMoney JSON lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphsvc.errors import NotFound
from graphsvc.graph import Store
from graphsvc.graph.nodes import EntityNode, RecordNode, SanctionNode
from graphsvc.graph.rows import ContractRow, ProgrammeOfRow, RelationshipRow
from graphsvc.sanctions import today
from graphsvc.services import ownership
from graphsvc.services.dates import date_key, sanctions_day

MAX_RELATIONSHIPS = 500
MAX_OWNER_CHAINS = 200


@dataclass
class CaseSanction:
    node: SanctionNode
    edge_records: list[str]  # the records of the SANCTIONS link
    record_ids: list[str] = field(default_factory=list)  # the Sanction entity's own records


@dataclass
class CaseData:
    entity: EntityNode
    records: list[RecordNode]
    sanctions: list[CaseSanction]
    relationships: list[RelationshipRow]
    others: dict[str, EntityNode]
    evidence: dict[str, RecordNode]
    owner_chains: list[ownership.Chain]
    contracts: list[ContractRow]
    programmes: list[ProgrammeOfRow]
    as_of: str
    day: str  # the date key sanctions are read on: as_of's
    notes: list[str] = field(default_factory=list)


async def build_case(store: Store, entity_id: str, as_of: str | None = None) -> CaseData:
    (entity,) = await store.entities([entity_id])
    if entity is None:
        raise NotFound(f"no entity or record with id {entity_id!r}")
    eid = entity.id
    day = as_of or today()
    records = [r.record for r in await store.entity_records([eid])]
    sanction_rows = await store.sanctions([eid], None)
    rels = await store.relationships(eid, None, None, None, None, MAX_RELATIONSHIPS + 1)
    notes = []
    if len(rels) > MAX_RELATIONSHIPS:
        notes.append(f"only the first {MAX_RELATIONSHIPS} relationships are listed")
        rels = rels[:MAX_RELATIONSHIPS]
    rels = [r for r in rels if r.rel.type != "SANCTIONS"]  # listed under sanctions
    chains = await ownership.owner_chains(store, eid, day, MAX_OWNER_CHAINS)
    other_ids = sorted({r.other for r in rels} | {e for c in chains for e in c.entities})
    found = await store.entities(other_ids)
    others = {i: e for i, e in zip(other_ids, found, strict=True) if e is not None}
    record_ids = sorted(
        {rid for r in rels for rid in r.rel.record_ids}
        | {rid for s in sanction_rows for rid in s.edge_records}
        | {s.sanction.id for s in sanction_rows}
    )
    evidence = {r.record.id: r.record for r in await store.records(record_ids)}
    sanctions = []
    for s in sanction_rows:
        # A sanction's own records are the records of the Sanction entity.
        case_sanction = CaseSanction(s.sanction, s.edge_records)
        for er in await store.entity_records([s.sanction.id]):
            evidence[er.record.id] = er.record
            case_sanction.record_ids.append(er.record.id)
        sanctions.append(case_sanction)
    return CaseData(
        entity=entity,
        records=records,
        sanctions=sanctions,
        relationships=rels,
        others=others,
        evidence=evidence,
        owner_chains=chains,
        contracts=await store.contracts(eid),
        programmes=await store.programmes_of(eid),
        as_of=day,
        day=sanctions_day(date_key(day)),
        notes=notes,
    )
