"""suppliers(of): who supplies a system or a public body, and how."""

from __future__ import annotations

import strawberry

from graphsvc.graphql.types.entity import Entity, Info, load_entity, require_entity
from graphsvc.services import suppliers as supplier_service


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
    return [
        Supplier(
            entity_id=strawberry.ID(s.entity_id),
            caption=s.caption,
            schema=s.schema,
            listed_by=s.listed_by,
            how=s.how,
            via_ids=[strawberry.ID(v) for v in s.via_ids],
        )
        for s in await supplier_service.suppliers(info.context.store, str(entity.id))
    ]
