"""DataLoaders, per request, so that a page of results costs one query per
kind of thing it shows, not one per item (no N+1)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from strawberry.dataloader import DataLoader

from graphsvc.repository import Repository

Row = dict[str, Any]


class Loaders:
    """The request's loaders, each made on its first use: most queries use
    one or two, and every request made all four."""

    def __init__(self, repo: Repository) -> None:
        self._repo = repo

    @cached_property
    def entity(self) -> DataLoader[str, Row | None]:
        return DataLoader(self._repo.entities)

    @cached_property
    def records_of(self) -> DataLoader[str, list[Row]]:
        return DataLoader(self._records_of)

    @cached_property
    def record(self) -> DataLoader[str, Row | None]:
        return DataLoader(self._records)

    @cached_property
    def sanctions_of(self) -> DataLoader[tuple[str, str | None], list[Row]]:
        return DataLoader(self._sanctions)

    async def _records_of(self, ids: list[str]) -> list[list[Row]]:
        rows = await self._repo.read("entity/records", ids=ids)
        grouped: dict[str, list[Row]] = {i: [] for i in ids}
        for r in rows:
            grouped[r["entity"]].append(r["record"])
        return [grouped[i] for i in ids]

    async def _records(self, ids: list[str]) -> list[Row | None]:
        rows = await self._repo.read("records/by_ids", ids=ids)
        found = {r["record"]["id"]: r["record"] for r in rows}
        return [found.get(i) for i in ids]

    async def _sanctions(self, keys: list[tuple[str, str | None]]) -> list[list[Row]]:
        # One query per distinct as-of date in the batch (almost always one).
        out: dict[tuple[str, str | None], list[Row]] = {k: [] for k in keys}
        for as_of in {k[1] for k in keys}:
            ids = [k[0] for k in keys if k[1] == as_of]
            for r in await self._repo.read("sanctions/of_entities", ids=ids, as_of=as_of):
                out[(r["entity"], as_of)].append(
                    {**r["sanction"], "_edge_records": r["edge_records"]}
                )
        return [out[k] for k in keys]
