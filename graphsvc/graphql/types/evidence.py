"""Where a fact comes from: source records and their citations."""

from __future__ import annotations

from collections.abc import Iterable

import strawberry
from strawberry.scalars import JSON

from graphsvc.graph import decode
from graphsvc.graph.nodes import RecordNode
from graphsvc.graphql.context import Context


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
    def of(cls, rec: RecordNode) -> SourceRecord:
        return cls(
            id=strawberry.ID(rec.id),
            dataset=rec.dataset or "",
            schema=rec.schema or "",
            source_id=rec.source_id,
            publisher=rec.publisher,
            source_url=rec.source_url,
            published=rec.published,
            origin=rec.origin,
            first_seen=rec.first_seen,
            last_seen=rec.last_seen,
            caption=rec.caption,
            citations=[
                Citation(
                    publisher=c.publisher,
                    published=c.published,
                    url=c.url,
                    title=c.title,
                    quote=c.quote,
                )
                for c in decode.citations(rec.citations)
            ],
            properties=decode.json_object(rec.props),
            raw=decode.json_object(rec.raw) if rec.raw else None,
        )

    def dated(self) -> bool:
        return bool(self.published or any(c.published for c in self.citations))


async def records(info: strawberry.Info[Context, None], ids: Iterable[str]) -> list[SourceRecord]:
    """Source records by id, through the request's loader; unknown ids left out."""
    rows = await info.context.loaders.record.load_many([str(r) for r in ids])
    return [SourceRecord.of(r) for r in rows if r is not None]
