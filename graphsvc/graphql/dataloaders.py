"""DataLoaders, created per request, so that a page of results costs one
query per kind of thing it shows, not one per item (no N+1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from strawberry.dataloader import DataLoader

from graphsvc.repository import Repository

Row = dict[str, Any]


@dataclass
class Loaders:
    entity: DataLoader[str, Row | None]
    records_of: DataLoader[str, list[Row]]
    record: DataLoader[str, Row | None]
    sanctions_of: DataLoader[tuple[str, str | None], list[Row]]


def make_loaders(repo: Repository) -> Loaders:
    async def entities(ids: list[str]) -> list[Row | None]:
        return await repo.entities(ids)

    async def records_of(ids: list[str]) -> list[list[Row]]:
        rows = await repo.read("entity/records", ids=ids)
        grouped: dict[str, list[Row]] = {i: [] for i in ids}
        for r in rows:
            grouped[r["entity"]].append(r["record"])
        return [grouped[i] for i in ids]

    async def records(ids: list[str]) -> list[Row | None]:
        rows = await repo.read("records/by_ids", ids=ids)
        found = {r["record"]["id"]: r["record"] for r in rows}
        return [found.get(i) for i in ids]

    async def sanctions(keys: list[tuple[str, str | None]]) -> list[list[Row]]:
        # One query per distinct as-of date in the batch (almost always one).
        out: dict[tuple[str, str | None], list[Row]] = {k: [] for k in keys}
        for as_of in {k[1] for k in keys}:
            ids = [k[0] for k in keys if k[1] == as_of]
            for r in await repo.read("sanctions/of_entities", ids=ids, as_of=as_of):
                out[(r["entity"], as_of)].append(
                    {**r["sanction"], "_edge_records": r["edge_records"]}
                )
        return [out[k] for k in keys]

    return Loaders(
        entity=DataLoader(entities),
        records_of=DataLoader(records_of),
        record=DataLoader(records),
        sanctions_of=DataLoader(sanctions),
    )
