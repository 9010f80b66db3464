"""Indirect ownership along chains, with the arithmetic written out.

An owner's indirect share in an asset is the product of the shares along a
chain; several chains add up. For the 50% rule (OFAC's and the EU's), the
share held by sanctioned parties counts each chain once, up to the nearest
sanctioned owner, so a sanctioned parent and its sanctioned subsidiary are
not counted twice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)")


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
    links: list[Mapping[str, Any]]

    # Worked out once: totals, sorting and the arithmetic read them again and
    # again. A chain's links do not change once it is built.
    @cached_property
    def shares(self) -> list[float | None]:
        return [parse_share(link.get("percentage")) for link in self.links]

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


@dataclass
class OwnerTotal:
    owner: str
    chains: list[Chain] = field(default_factory=list)

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


def totals(chains: Sequence[Chain]) -> list[OwnerTotal]:
    """Per owner (top of each chain), its chains and combined share."""
    by_owner: dict[str, OwnerTotal] = {}
    for chain in chains:
        by_owner.setdefault(chain.entities[0], OwnerTotal(chain.entities[0])).chains.append(chain)
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
