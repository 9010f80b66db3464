"""Owners and holdings, with the share arithmetic written out, and the 50% rule.

An owner's indirect share in an asset is the product of the shares along a
chain; several chains add up. For the 50% rule (OFAC's and the EU's), the
share held by sanctioned parties counts each chain once, up to the nearest
sanctioned owner, so a sanctioned parent and its sanctioned subsidiary are
not counted twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from graphsvc.graph import Store
from graphsvc.graph.rows import Stake
from graphsvc.sanctions import today
from graphsvc.services.dates import date_key, sanctions_day

_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)")

CHAIN_LIMIT = 500  # chains read for one report


def parse_share(value: str | None) -> float | None:
    """ "51.77", "51,77%", "100" -> a fraction; None when unknown."""
    if value is None:
        return None
    m = _NUMBER.search(value)
    if m is None:
        return None
    number = float(m.group(1).replace(",", "."))
    if not 0 <= number <= 100:
        return None
    return number / 100.0


def fmt(share: float | None) -> str:
    return "unknown" if share is None else f"{share * 100:.4g}%"


@dataclass
class Chain:
    """Entities from the top owner down to the asset, and the links between them."""

    entities: list[str]
    links: list[Stake]

    # Worked out once: totals, sorting and the arithmetic read them again and
    # again. A chain's links do not change once it is built.
    @cached_property
    def shares(self) -> list[float | None]:
        return [parse_share(link.percentage) for link in self.links]

    @cached_property
    def share(self) -> float | None:
        total = 1.0
        for s in self.shares:
            if s is None:
                return None
            total *= s
        return total

    @property
    def arithmetic(self) -> str:
        parts = " × ".join(fmt(s) for s in self.shares)
        return parts if len(self.shares) == 1 else f"{parts} = {fmt(self.share)}"

    @property
    def record_ids(self) -> list[str]:
        return [r for link in self.links for r in link.record_ids]

    def reversed(self) -> Chain:
        return Chain(list(reversed(self.entities)), list(reversed(self.links)))


@dataclass
class OwnerTotal:
    owner: str
    chains: list[Chain] = field(default_factory=list)
    # Holdings group chains by the held entity, so their chains are reversed;
    # ``chains_as_read`` turns them back for display.
    reversed: bool = False

    @property
    def direct(self) -> float | None:
        shares = [c.share for c in self.chains if len(c.links) == 1]
        return shares[0] if shares else None

    @property
    def total(self) -> float | None:
        shares = [c.share for c in self.chains]
        if any(s is None for s in shares):
            return None
        return min(1.0, sum(s for s in shares if s is not None))

    @property
    def arithmetic(self) -> str:
        terms = [fmt(c.share) for c in self.chains]
        return terms[0] if len(terms) == 1 else f"{' + '.join(terms)} = {fmt(self.total)}"

    def chains_as_read(self) -> list[Chain]:
        return [c.reversed() for c in self.chains] if self.reversed else list(self.chains)


def totals(chains: Sequence[Chain], *, reversed: bool = False) -> list[OwnerTotal]:
    """Per owner (top of each chain), its chains and combined share."""
    by_owner: dict[str, OwnerTotal] = {}
    for chain in chains:
        top = chain.entities[0]
        by_owner.setdefault(top, OwnerTotal(top, reversed=reversed)).chains.append(chain)
    return sorted(by_owner.values(), key=lambda t: (-(t.total or 0.0), t.owner))


def sanctioned_share(chains: Sequence[Chain], sanctioned: set[str]) -> tuple[float | None, str]:
    """The asset's share held by sanctioned owners, directly or indirectly."""
    segments: dict[tuple[str, ...], Chain] = {}
    for chain in chains:
        # Walk up from the asset; stop at the first sanctioned owner.
        for depth in range(len(chain.entities) - 2, -1, -1):
            if chain.entities[depth] in sanctioned:
                key = tuple(chain.entities[depth:])
                segments[key] = Chain(list(key), list(chain.links[depth:]))
                break
    if not segments:
        return 0.0, "no sanctioned owner"
    shares = [c.share for c in segments.values()]
    if any(s is None for s in shares):
        return None, "a sanctioned owner's share is not stated"
    total = min(1.0, sum(s for s in shares if s is not None))
    terms = " + ".join(f"({c.arithmetic})" for c in segments.values())
    return total, f"{terms} = {fmt(total)}"


@dataclass
class OwnershipReport:
    as_of: str | None
    day: str  # the date key sanctions are read on: as_of's, or today's
    owners: list[OwnerTotal]
    sanctioned_share: float | None
    sanctioned_arithmetic: str
    # Sanctioned owners hold 50% or more in aggregate; None when a sanctioned
    # owner's share is not stated, so the rule cannot be decided.
    fifty_percent_rule: bool | None


async def owner_chains(store: Store, entity_id: str, as_of: str, limit: int) -> list[Chain]:
    """The chains of owners ending at an entity as of a date (case files)."""
    key = date_key(as_of)
    found = await store.owners(entity_id, key, sanctions_day(key), limit)
    return [Chain(c.chain, c.links) for c in found.chains]


async def report(
    store: Store,
    entity_id: str,
    as_of: str | None = None,
    *,
    history: bool = False,
    holdings: bool = False,
) -> OwnershipReport:
    """Owners of ``entity_id`` (its canonical id), or what it holds, as of
    ``as_of`` (default: today); ``history`` includes every stake ever
    recorded, ended ones too. Owners count as sanctioned when they are on
    ``as_of``, or today for a history."""
    if as_of is None and not history:
        as_of = today()
    key = None if history or as_of is None else date_key(as_of)
    day = sanctions_day(key)
    if holdings:
        rows = (await store.holdings(entity_id, key, CHAIN_LIMIT)).chains
    else:
        rows = (await store.owners(entity_id, key, day, CHAIN_LIMIT)).chains
    chains = [Chain(r.chain, r.links) for r in rows]
    if holdings:
        # Holdings: group by the held entity (end of chain) instead of the owner.
        owners = totals([c.reversed() for c in chains], reversed=True)
        share: float | None = None
        arithmetic = "not computed for holdings"
    else:
        owners = totals(chains)
        # the chain query flags sanctioned owners itself: no entity lookups
        sanctioned = {i for r in rows for i in r.sanctioned}
        share, arithmetic = sanctioned_share(chains, sanctioned)
    return OwnershipReport(
        as_of=None if history else as_of,
        day=day,
        owners=owners,
        sanctioned_share=share,
        sanctioned_arithmetic=arithmetic,
        fifty_percent_rule=None if share is None else share >= 0.5,
    )
