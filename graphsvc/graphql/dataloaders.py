"""DataLoaders, per request, so that a page of results costs one query per
kind of thing it shows, not one per item (no N+1)."""

from __future__ import annotations

from functools import cached_property

from strawberry.dataloader import DataLoader

from graphsvc.graph import Store
from graphsvc.graph.nodes import EntityNode, RecordNode, SanctionNode


class Loaders:
    """The request's loaders, each made on its first use: most queries use
    one or two, and every request made all four."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @cached_property
    def entity(self) -> DataLoader[str, EntityNode | None]:
        return DataLoader(self._store.entities)

    @cached_property
    def records_of(self) -> DataLoader[str, list[RecordNode]]:
        return DataLoader(self._records_of)

    @cached_property
    def record(self) -> DataLoader[str, RecordNode | None]:
        return DataLoader(self._records)

    @cached_property
    def sanctions_of(self) -> DataLoader[tuple[str, str | None], list[SanctionNode]]:
        return DataLoader(self._sanctions)

    async def _records_of(self, ids: list[str]) -> list[list[RecordNode]]:
        grouped: dict[str, list[RecordNode]] = {i: [] for i in ids}
        for r in await self._store.entity_records(ids):
            grouped[r.entity].append(r.record)
        return [grouped[i] for i in ids]

    async def _records(self, ids: list[str]) -> list[RecordNode | None]:
        found = {r.record.id: r.record for r in await self._store.records(ids)}
        return [found.get(i) for i in ids]

    async def _sanctions(self, keys: list[tuple[str, str | None]]) -> list[list[SanctionNode]]:
        # One query per distinct as-of date in the batch (almost always one).
        out: dict[tuple[str, str | None], list[SanctionNode]] = {k: [] for k in keys}
        for as_of in {k[1] for k in keys}:
            ids = [k[0] for k in keys if k[1] == as_of]
            for r in await self._store.sanctions(ids, as_of):
                out[(r.entity, as_of)].append(r.sanction)
        return [out[k] for k in keys]
