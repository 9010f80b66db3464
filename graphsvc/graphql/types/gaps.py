"""gaps(authority): entities an authority does not list, and why it might."""

from __future__ import annotations

import strawberry

from graphsvc.graphql.types.common import check_date
from graphsvc.graphql.types.entity import Entity, Info, load_entity
from graphsvc.services import gaps as service


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
    day: strawberry.Private[str | None]

    @classmethod
    def of(cls, gap: service.Gap, day: str | None) -> Gap:
        return cls(
            entity_id=strawberry.ID(gap.entity_id),
            caption=gap.caption,
            schema=gap.schema,
            listed_by=gap.listed_by,
            links=[
                GapLink(
                    type=x.type,
                    other_id=strawberry.ID(x.other_id),
                    other_caption=x.other_caption,
                    other_listed_by=x.other_listed_by,
                )
                for x in gap.links
            ],
            reasons=gap.reasons,
            day=day,
        )

    @strawberry.field
    async def entity(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.entity_id), self.day)


async def gaps(
    info: Info,
    authority: str,
    first: int = 50,
    after: str | None = None,
    as_of: str | None = None,
) -> list[Gap]:
    """Gaps as the lists stand on ``as_of`` (default: today)."""
    day = check_date(as_of)
    found = await service.gaps(
        info.context.store,
        authority,
        first=first,
        after=after,
        max_page_size=info.context.settings.max_page_size,
        day=day,
    )
    return [Gap.of(g, day) for g in found]
