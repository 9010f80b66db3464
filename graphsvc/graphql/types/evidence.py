"""Where a fact comes from: source records and their citations."""

from __future__ import annotations

import json
from typing import Any

import strawberry
from strawberry.scalars import JSON


@strawberry.type(description="A published source that supports a statement.")
class Citation:
    publisher: str
    published: str | None
    url: str | None
    title: str | None
    quote: str | None


@strawberry.type(description="One source record as it was read: the evidence behind a fact.")
class SourceRecord:
    id: strawberry.ID
    dataset: str
    schema: str
    source_id: str | None
    publisher: str | None = strawberry.field(
        description="Who publishes the dataset, as its source note says."
    )
    source_url: str | None = strawberry.field(description="Where the source publishes this record.")
    published: str | None = strawberry.field(description="Publication date of the edition read.")
    origin: str | None = strawberry.field(description="File and line or record it was read from.")
    first_seen: str | None
    last_seen: str | None
    caption: str | None
    citations: list[Citation]
    properties: JSON = strawberry.field(description="FtM properties as the source states them.")
    raw: JSON | None = strawberry.field(description="The fields exactly as read.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> SourceRecord:
        cites = json.loads(row["citations"]) if row.get("citations") else []
        return cls(
            id=strawberry.ID(row["id"]),
            dataset=row.get("dataset") or "",
            schema=row.get("schema") or "",
            source_id=row.get("source_id"),
            publisher=row.get("publisher"),
            source_url=row.get("source_url"),
            published=row.get("published"),
            origin=row.get("origin"),
            first_seen=row.get("first_seen"),
            last_seen=row.get("last_seen"),
            caption=row.get("caption"),
            citations=[
                Citation(
                    publisher=c.get("publisher", ""),
                    published=c.get("published"),
                    url=c.get("url"),
                    title=c.get("title"),
                    quote=c.get("quote"),
                )
                for c in cites
            ],
            properties=json.loads(row.get("props") or "{}"),
            raw=json.loads(row["raw"]) if row.get("raw") else None,
        )

    def dated(self) -> bool:
        return bool(self.published or any(c.published for c in self.citations))
