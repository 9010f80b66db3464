"""Investigation answers: paths with evidence, ownership, exposure, gaps,
programmes, contracts and suppliers."""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import date
from typing import Any

import strawberry
from strawberry.scalars import JSON

from graphsvc import ownership
from graphsvc.errors import BadRequest, NotFound
from graphsvc.graphql.types.common import check_date
from graphsvc.graphql.types.entity import (
    Entity,
    Info,
    check_types,
    load_entities,
    load_entity,
)
from graphsvc.graphql.types.evidence import SourceRecord
from graphsvc.model import PATH_TYPES
from graphsvc.repository import ProcedureMissing, Repository
from graphsvc.store.derive import authority_code


async def require_entity(info: Info, entity_id: str) -> Entity:
    entity = await load_entity(info, entity_id)
    if entity is None:
        raise NotFound(f"no entity or record with id {entity_id!r}")
    return entity


# -- paths -------------------------------------------------------------------
@strawberry.type(description="One step of a path, with the records that support it.")
class Hop:
    type: str
    schema: str | None
    from_id: strawberry.ID = strawberry.field(description="Start of the relationship.")
    to_id: strawberry.ID = strawberry.field(description="End of the relationship.")
    start_date: str | None
    end_date: str | None
    summary: str | None
    percentage: str | None
    role: str | None
    record_ids: list[strawberry.ID]
    rests_on_score_merge: bool = strawberry.field(
        description="An entity at either end was merged on name similarity alone."
    )
    properties: JSON

    @strawberry.field
    async def source(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.from_id))

    @strawberry.field
    async def target(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.to_id))

    @strawberry.field(description="The source records that assert this step.")
    async def evidence(self, info: Info) -> list[SourceRecord]:
        rows = await info.context.loaders.record.load_many([str(r) for r in self.record_ids])
        return [SourceRecord.from_row(r) for r in rows if r is not None]


@strawberry.type
class Path:
    length: int
    entity_ids: list[strawberry.ID]
    hops: list[Hop]
    rests_on_score_merge: bool

    @strawberry.field
    async def entities(self, info: Info) -> list[Entity]:
        return await load_entities(info, [str(e) for e in self.entity_ids])


def build_path(row: dict[str, Any]) -> Path:
    """A path from a row of paths/* or sanctions/exposure, which names the
    entities on it that were merged on name similarity alone."""
    nodes: list[str] = row["nodes"]
    rels: list[dict[str, Any]] = row["rels"]
    score_merged = set(row["score_merged"])
    hops = [
        Hop(
            type=r["type"],
            schema=r.get("schema"),
            from_id=strawberry.ID(r["from"]),
            to_id=strawberry.ID(r["to"]),
            start_date=r.get("start_date"),
            end_date=r.get("end_date"),
            summary=r.get("summary"),
            percentage=r.get("percentage"),
            role=r.get("role"),
            record_ids=[strawberry.ID(x) for x in r.get("record_ids") or []],
            rests_on_score_merge=r["from"] in score_merged or r["to"] in score_merged,
            properties=json.loads(r.get("properties") or "{}"),
        )
        for r in rels
    ]
    return Path(
        length=len(hops),
        entity_ids=[strawberry.ID(n) for n in nodes],
        hops=hops,
        rests_on_score_merge=any(h.rests_on_score_merge for h in hops),
    )


SHORTEST_PATH = "graphsvc.shortestPath"


async def shortest_one(repo: Repository, params: dict[str, Any]) -> list[dict[str, Any]]:
    """One shortest path: a single search that stops at the first path found,
    where paths/shortest enumerates every equally short path to order them.
    The local runtime's graphsvc.shortestPath reads a fraction of the links
    Cypher's shortestPath reads around hubs; other servers run the Cypher."""
    if await repo.has_procedure(SHORTEST_PATH):
        wanted = params["types"]
        types = list(PATH_TYPES) if wanted is None else [t for t in PATH_TYPES if t in wanted]
        with contextlib.suppress(ProcedureMissing):
            return await repo.read("paths/shortest_one_procedure", **{**params, "types": types})
    if params["types"] is None and params["as_of"] is None and not params["confirmed_only"]:
        # without the filters' per-link predicates
        keys = ("from", "to", "max_hops")
        return await repo.read("paths/shortest_one_any", **{k: params[k] for k in keys})
    return await repo.read("paths/shortest_one", **params)


async def paths(
    info: Info,
    from_id: strawberry.ID,
    to_id: strawberry.ID,
    max_hops: int = 4,
    types: list[str] | None = None,
    as_of: str | None = None,
    confirmed_only: bool = False,
    first: int = 5,
) -> list[Path]:
    if not 1 <= max_hops <= 6:
        raise BadRequest("`maxHops` must be between 1 and 6")
    if not 1 <= first <= 50:
        raise BadRequest("`first` must be between 1 and 50 for paths")
    # together: one lookup for both ends
    a, b = await asyncio.gather(
        require_entity(info, str(from_id)), require_entity(info, str(to_id))
    )
    params = {
        "from": str(a.id),
        "to": str(b.id),
        "max_hops": max_hops,
        "types": check_types(types),
        "as_of": check_date(as_of),
        "confirmed_only": confirmed_only,
    }
    if a.id == b.id:
        # two ids of one entity (say, two of its records): Cypher's searches
        # refuse a path from a node to itself; the answer is no link at all
        rows = [{"nodes": [str(a.id)], "rels": [], "score_merged": []}]
    elif first == 1:
        rows = await shortest_one(info.context.repo, params)
    else:
        rows = await info.context.repo.read("paths/shortest", **params, limit=first)
    return [build_path(r) for r in rows]


# -- ownership ---------------------------------------------------------------
@strawberry.type(description="One chain of ownership, top owner first.")
class OwnershipChain:
    entity_ids: list[strawberry.ID]
    percentages: list[str | None]
    share: float | None = strawberry.field(description="Product of the shares (0..1).")
    arithmetic: str
    record_ids: list[strawberry.ID]

    @strawberry.field
    async def entities(self, info: Info) -> list[Entity]:
        return await load_entities(info, [str(e) for e in self.entity_ids])


@strawberry.type(description="An owner (or holding) and its combined share.")
class OwnerShare:
    """Its figures are worked out when asked for: an owners query that names
    only the owners spent most of its API time writing out the arithmetic of
    chains nobody read."""

    entity_id: strawberry.ID
    _total: strawberry.Private[ownership.OwnerTotal]
    _holdings: strawberry.Private[bool]  # chains were reversed: turn them back

    @strawberry.field
    def direct(self) -> float | None:
        return self._total.direct

    @strawberry.field(description="Direct and indirect, combined (0..1).")
    def total(self) -> float | None:
        return self._total.total

    @strawberry.field
    def arithmetic(self) -> str:
        return self._total.arithmetic

    @strawberry.field
    def chains(self) -> list[OwnershipChain]:
        return [
            _chain_type(
                ownership.Chain(list(reversed(c.entities)), list(reversed(c.links)))
                if self._holdings
                else c
            )
            for c in self._total.chains
        ]

    @strawberry.field
    async def entity(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.entity_id))


@strawberry.type
class OwnershipReport:
    as_of: str | None
    owners: list[OwnerShare]
    sanctioned_share: float | None = strawberry.field(
        description="Share held by sanctioned owners, directly or indirectly (0..1)."
    )
    sanctioned_arithmetic: str
    fifty_percent_rule: bool | None = strawberry.field(
        description="Sanctioned owners hold 50% or more in aggregate; null when a "
        "sanctioned owner's share is not stated, so the rule cannot be decided."
    )


def _chain(row: dict[str, Any]) -> ownership.Chain:
    return ownership.Chain(entities=row["chain"], links=row["links"])


def _chain_type(chain: ownership.Chain) -> OwnershipChain:
    return OwnershipChain(
        entity_ids=[strawberry.ID(e) for e in chain.entities],
        percentages=[link.get("percentage") for link in chain.links],
        share=chain.share,
        arithmetic=chain.arithmetic,
        record_ids=[strawberry.ID(r) for link in chain.links for r in link.get("record_ids") or []],
    )


async def ownership_report(
    info: Info,
    entity_id: strawberry.ID,
    as_of: str | None = None,
    history: bool = False,
    holdings: bool = False,
) -> OwnershipReport:
    """Owners as of ``as_of`` (default: today); ``history`` includes every stake ever
    recorded, ended ones too."""
    check_date(as_of)  # before any read, and with history too
    entity = await require_entity(info, str(entity_id))
    query = "ownership/holdings" if holdings else "ownership/owners"
    if as_of is None and not history:
        as_of = date.today().isoformat()
    (row,) = await info.context.repo.read(
        query, id=str(entity.id), as_of=None if history else check_date(as_of), limit=500
    )
    rows: list[dict[str, Any]] = row["chains"]
    chains = [_chain(r) for r in rows]
    if holdings:
        # Holdings: group by the held entity (end of chain) instead of the owner.
        chains = [
            ownership.Chain(list(reversed(c.entities)), list(reversed(c.links))) for c in chains
        ]
    totals = ownership.totals(chains)
    if holdings:
        share, arithmetic = None, "not computed for holdings"
    else:
        # the chain query flags sanctioned owners itself: no entity lookups
        sanctioned = {i for r in rows for i in r["sanctioned"]}
        share, arithmetic = ownership.sanctioned_share(chains, sanctioned)
    return OwnershipReport(
        as_of=None if history else as_of,
        owners=[
            OwnerShare(entity_id=strawberry.ID(t.owner), _total=t, _holdings=holdings)
            for t in totals
        ],
        sanctioned_share=share,
        sanctioned_arithmetic=arithmetic,
        fifty_percent_rule=None if share is None else share >= 0.5,
    )


# -- sanctions exposure and gaps -----------------------------------------------
@strawberry.type
class Exposure:
    target_id: strawberry.ID
    path: Path

    @strawberry.field
    async def target(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.target_id))


EXPOSURE_LIMIT = 100  # targets in one answer, nearest first


async def exposure(info: Info, entity_id: strawberry.ID, max_hops: int = 2) -> list[Exposure]:
    if not 1 <= max_hops <= 4:
        raise BadRequest("`maxHops` must be between 1 and 4 for exposure")
    entity = await require_entity(info, str(entity_id))
    # One hop further at a time: the answer is ordered by path length and cut
    # at EXPOSURE_LIMIT, so once a bound finds that many targets a deeper
    # search cannot change it. Next to a hub the deeper search reaches much of
    # the graph (on the generated 1M graph, 3 hops from a 30,000-link entity
    # ran past 30 s where 1 or 2 hops already found 100 targets).
    rows: list[dict[str, Any]] = []
    for hops in range(1, max_hops + 1):
        rows = await info.context.repo.read(
            "sanctions/exposure", id=str(entity.id), max_hops=hops, limit=EXPOSURE_LIMIT
        )
        if len(rows) >= EXPOSURE_LIMIT:
            break
    return [Exposure(target_id=strawberry.ID(r["target"]), path=build_path(r)) for r in rows]


@strawberry.type
class GapLink:
    type: str
    other_id: strawberry.ID
    other_caption: str
    other_listed_by: list[str]


@strawberry.type(description="An entity that an authority does not list, and why it might.")
class Gap:
    entity_id: strawberry.ID
    caption: str
    schema: str
    listed_by: list[str] = strawberry.field(description="Authorities that do list it.")
    links: list[GapLink] = strawberry.field(description="Links to sanctioned entities.")
    reasons: list[str]

    @strawberry.field
    async def entity(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.entity_id))


# The codes graphsvc.store.derive.authority_code gives the authorities it knows.
AUTHORITIES = ("EU", "UK", "US", "UN")


async def gaps(info: Info, authority: str, first: int = 50, after: str | None = None) -> list[Gap]:
    if not 1 <= first <= info.context.settings.max_page_size:
        raise BadRequest(f"`first` must be between 1 and {info.context.settings.max_page_size}")
    code = authority.strip().upper()
    if code not in AUTHORITIES:
        code = authority_code(authority)  # a name: "OFAC", "HM Treasury"
    if code not in AUTHORITIES:
        raise BadRequest(f"unknown authority {authority[:40]!r}; known: {', '.join(AUTHORITIES)}")
    rows = await info.context.repo.read("sanctions/gaps", authority=code, after=after, limit=first)
    out = []
    for r in rows:
        e = r["entity"]
        links = [
            GapLink(
                type=link["type"],
                other_id=strawberry.ID(link["other"]),
                other_caption=link["other_caption"],
                other_listed_by=link["other_listed_by"] or [],
            )
            for link in r["links"]
        ]
        links.sort(key=lambda link: (link.type, link.other_caption))
        reasons = []
        if r["listed_by"]:
            reasons.append(f"listed by {', '.join(sorted(r['listed_by']))} but not by {code}")
        reasons.extend(
            f"{link.type.lower()} link to {link.other_caption} "
            f"(listed by {', '.join(sorted(link.other_listed_by))})"
            for link in links
        )
        out.append(
            Gap(
                entity_id=strawberry.ID(e["id"]),
                caption=e["caption"],
                schema=e["schema"],
                listed_by=r["listed_by"],
                links=links,
                reasons=reasons,
            )
        )
    return out


# -- programmes ------------------------------------------------------------------
@strawberry.type(description="A submission to a test programme, or a prize won in one.")
class ProgrammeLink:
    type: str = strawberry.field(description="PARTICIPATION or PRIZE_AWARD.")
    algorithm: list[str] | None
    start_date: str | None
    amount: str | None
    currency: str | None
    summary: str | None
    record_ids: list[strawberry.ID]
    properties: JSON

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ProgrammeLink:
        return cls(
            type=row["type"],
            algorithm=row.get("algorithm"),
            start_date=row.get("start_date"),
            amount=row.get("amount"),
            currency=row.get("currency"),
            summary=row.get("summary"),
            record_ids=[strawberry.ID(r) for r in row.get("record_ids") or []],
            properties=json.loads(row.get("properties") or "{}"),
        )

    @strawberry.field
    async def evidence(self, info: Info) -> list[SourceRecord]:
        rows = await info.context.loaders.record.load_many([str(r) for r in self.record_ids])
        return [SourceRecord.from_row(r) for r in rows if r is not None]


@strawberry.type
class Participant:
    entity_id: strawberry.ID
    caption: str
    listed_by: list[str]
    links: list[ProgrammeLink]

    @strawberry.field
    async def entity(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.entity_id))


@strawberry.type
class ProgrammeParticipation:
    programme_id: strawberry.ID
    caption: str
    links: list[ProgrammeLink]


async def participants(
    info: Info,
    programme: strawberry.ID,
    sanctioned_by: str | None = None,
    not_sanctioned_by: str | None = None,
) -> list[Participant]:
    entity = await require_entity(info, str(programme))
    rows = await info.context.repo.read("programmes/participants", id=str(entity.id))
    out = []
    for r in rows:
        listed = r["participant"].get("sanction_authorities") or []
        if sanctioned_by is not None and sanctioned_by.upper() not in listed:
            continue
        if not_sanctioned_by is not None and not_sanctioned_by.upper() in listed:
            continue
        out.append(
            Participant(
                entity_id=strawberry.ID(r["participant"]["id"]),
                caption=r["participant"]["caption"],
                listed_by=listed,
                links=_ordered_links(r["links"]),
            )
        )
    return out


def _ordered_links(rows: list[dict[str, Any]]) -> list[ProgrammeLink]:
    """Oldest first; undated last."""
    ordered = sorted(rows, key=lambda x: (x.get("start_date") is None, x.get("start_date") or "",
                                         x["id"]))  # fmt: skip
    return [ProgrammeLink.from_row(x) for x in ordered]


async def programmes_of(info: Info, entity_id: str) -> list[ProgrammeParticipation]:
    rows = await info.context.repo.read("programmes/of_entity", id=entity_id)
    return [
        ProgrammeParticipation(
            programme_id=strawberry.ID(r["programme"]["id"]),
            caption=r["programme"]["caption"],
            links=_ordered_links(r["links"]),
        )
        for r in rows
    ]


@strawberry.type
class ProgrammeSummary:
    id: strawberry.ID
    caption: str
    participants: int


async def programmes(info: Info) -> list[ProgrammeSummary]:
    rows = await info.context.repo.read("programmes/list")
    return [
        ProgrammeSummary(
            id=strawberry.ID(r["programme"]["id"]),
            caption=r["programme"]["caption"],
            participants=r["participants"],
        )
        for r in rows
    ]


# -- contracts and suppliers -----------------------------------------------------
@strawberry.type
class PartyRef:
    id: strawberry.ID
    caption: str
    listed_by: list[str]


@strawberry.type
class ContractInfo:
    id: strawberry.ID
    caption: str
    role: str = strawberry.field(description="The entity's role: buyer or supplier.")
    title: str | None
    amount: str | None
    currency: str | None
    sign_date: str | None
    start_date: str | None
    summary: str | None
    buyers: list[PartyRef]
    suppliers: list[PartyRef]

    @strawberry.field
    async def evidence(self, info: Info) -> list[SourceRecord]:
        rows = await info.context.loaders.records_of.load(str(self.id))
        return [SourceRecord.from_row(r) for r in rows]


async def contracts(info: Info, party: strawberry.ID) -> list[ContractInfo]:
    entity = await require_entity(info, str(party))
    rows = await info.context.repo.read("contracts/by_party", id=str(entity.id))
    return [
        ContractInfo(
            id=strawberry.ID(r["contract"]["id"]),
            caption=r["contract"].get("caption") or r["contract"]["id"],
            role=r["role"],
            title=r["contract"].get("title"),
            amount=r["contract"].get("amount"),
            currency=r["contract"].get("currency"),
            sign_date=r["contract"].get("sign_date"),
            start_date=r["contract"].get("start_date"),
            summary=r["contract"].get("summary"),
            buyers=[PartyRef(id=b["id"], caption=b["caption"], listed_by=[]) for b in r["buyers"]],
            suppliers=[
                PartyRef(
                    id=s["id"], caption=s["caption"], listed_by=s.get("sanction_authorities") or []
                )
                for s in r["suppliers"]
            ],
        )
        for r in rows
    ]


@strawberry.type(description="A supplier of a system or public body, and how it supplies.")
class Supplier:
    entity_id: strawberry.ID
    caption: str
    schema: str
    listed_by: list[str]
    how: list[str]
    via_ids: list[strawberry.ID]

    @strawberry.field
    async def entity(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.entity_id))


async def suppliers(info: Info, of: strawberry.ID) -> list[Supplier]:
    entity = await require_entity(info, str(of))
    rows = await info.context.repo.read("sanctions/suppliers", id=str(entity.id))
    return [
        Supplier(
            entity_id=strawberry.ID(r["supplier"]["id"]),
            caption=r["supplier"]["caption"],
            schema=r["supplier"]["schema"],
            listed_by=r["supplier"].get("sanction_authorities") or [],
            how=sorted(r["how"]),
            via_ids=[strawberry.ID(v) for v in sorted(r["via"])],
        )
        for r in rows
    ]
