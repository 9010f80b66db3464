"""exposure(entityId): sanctioned entities nearby, each with its path."""

from __future__ import annotations

import strawberry

from graphsvc.graphql.types.common import check_date
from graphsvc.graphql.types.entity import Entity, Info, load_entity, require_entity
from graphsvc.graphql.types.paths import Path
from graphsvc.services import exposure as service


@strawberry.type
class Exposure:
    target_id: strawberry.ID
    path: Path
    day: strawberry.Private[str | None]

    @strawberry.field
    async def target(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.target_id), self.day)


async def exposure(
    info: Info, entity_id: strawberry.ID, max_hops: int = 2, as_of: str | None = None
) -> list[Exposure]:
    """Entities sanctioned on ``as_of`` (default: today) within ``max_hops``."""
    service.check_hops(max_hops)  # before the lookup
    day = check_date(as_of)
    entity = await require_entity(info, str(entity_id))
    found = await service.exposure(info.context.store, str(entity.id), max_hops, day)
    return [
        Exposure(target_id=strawberry.ID(e.target_id), path=Path.of(e.path, day), day=day)
        for e in found
    ]
