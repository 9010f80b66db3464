"""What is in the graph: node counts by label, relationship counts by type."""

from __future__ import annotations

from dataclasses import dataclass

from graphsvc.graph import Store


@dataclass(frozen=True, slots=True)
class Counts:
    labels: dict[str, int]
    relationships: dict[str, int]


async def counts(store: Store) -> Counts:
    rows = await store.counts()
    return Counts(
        labels={r.name: r.count for r in sorted(rows, key=lambda r: r.name) if r.kind == "label"},
        relationships={
            r.name: r.count for r in sorted(rows, key=lambda r: r.name) if r.kind == "type"
        },
    )
