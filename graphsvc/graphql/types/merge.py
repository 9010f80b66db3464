"""Why an entity's records are together: the links that joined them and those refused."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from graphsvc.graph import decode, nodes


@strawberry.type(description="One link that joined two source records into this entity.")
class MergeLink:
    left_record: strawberry.ID
    right_record: strawberry.ID
    kind: str = strawberry.field(
        description="judgement (a person decided), identifier (a shared valid identifier) "
        "or score (name similarity with its features)."
    )
    score: float
    features: JSON = strawberry.field(description="The scorer's features and their weights.")
    explanation: list[str]
    overrides: str | None = strawberry.field(
        description="For a judgement: the conflict between the records that it overrode."
    )

    @classmethod
    def of(cls, link: nodes.MergeLink) -> MergeLink:
        return cls(
            left_record=strawberry.ID(link.left),
            right_record=strawberry.ID(link.right),
            kind=link.kind,
            score=link.score,
            features=link.features,
            explanation=link.explanation,
            overrides=link.overrides,
        )


@strawberry.type(
    description="A link that scored or identified as a match but was not applied, because "
    "the two clusters conflict as wholes; it waits in the review queue."
)
class RefusedLink:
    left_record: strawberry.ID
    right_record: strawberry.ID
    score: float
    conflict: str = strawberry.field(description="Why the records cannot be one entity.")
    features: JSON
    explanation: list[str]

    @classmethod
    def of(cls, link: nodes.RefusedLink) -> RefusedLink:
        return cls(
            left_record=strawberry.ID(link.left),
            right_record=strawberry.ID(link.right),
            score=link.score,
            conflict=link.conflict,
            features=link.features,
            explanation=link.explanation,
        )


@strawberry.type(description="Why this entity's records are together.")
class MergeExplanation:
    links: list[MergeLink] = strawberry.field(
        description="The links that join the records, in the order they were applied."
    )
    refused: list[RefusedLink] = strawberry.field(
        description="Links to or within this entity's records refused for a conflict."
    )

    @classmethod
    def of(cls, entity: nodes.EntityNode) -> MergeExplanation:
        return cls(
            links=[MergeLink.of(x) for x in decode.merge_links(entity.merge_links)],
            refused=[RefusedLink.of(x) for x in decode.refused_links(entity.refused_links)],
        )
