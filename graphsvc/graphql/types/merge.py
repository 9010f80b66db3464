"""Why an entity's records are together: the links that joined them and those refused."""

from __future__ import annotations

import json
from typing import Any

import strawberry
from strawberry.scalars import JSON


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
    def from_row(cls, row: dict[str, Any]) -> MergeLink:
        return cls(
            left_record=strawberry.ID(row["left"]),
            right_record=strawberry.ID(row["right"]),
            kind=row["kind"],
            score=row["score"],
            features=row.get("features", {}),
            explanation=row.get("explanation") or [],
            overrides=row.get("overrides"),
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
    def from_row(cls, row: dict[str, Any]) -> RefusedLink:
        return cls(
            left_record=strawberry.ID(row["left"]),
            right_record=strawberry.ID(row["right"]),
            score=row["score"],
            conflict=row["conflict"],
            features=row.get("features", {}),
            explanation=row.get("explanation") or [],
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
    def from_entity_row(cls, row: dict[str, Any]) -> MergeExplanation:
        links = json.loads(row.get("merge_links") or "[]")
        refused = json.loads(row.get("refused_links") or "[]")
        return cls(
            links=[MergeLink.from_row(x) for x in links],
            refused=[RefusedLink.from_row(x) for x in refused],
        )
