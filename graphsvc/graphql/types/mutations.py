"""Writes: judge a candidate pair, add a cited claim, and the review queue.

Every write needs an API key with the writer role (X-API-Key header) and
leaves an audit entry, written in the write's own transaction, that names the
request's origin; the graph is updated before the answer is returned.
"""

from __future__ import annotations

import json

import strawberry
from strawberry.scalars import JSON

from graphsvc import auth
from graphsvc.errors import BadRequest
from graphsvc.graphql.types.common import (
    PageInfo,
    Verdict,
    page_size,
)
from graphsvc.graphql.types.entity import Entity, Info, load_entity
from graphsvc.pages import decode_offset, encode_cursor
from graphsvc.services.dates import sanctions_day
from graphsvc.services.writes import Writes


@strawberry.input
class CitationInput:
    publisher: str
    published: str = strawberry.field(description="YYYY, YYYY-MM or YYYY-MM-DD.")
    quote: str = strawberry.field(description="The sentence that supports the claim.")
    url: str | None = None
    title: str | None = None


@strawberry.input(description="An entity or relationship stated by a source (docs/claims.md).")
class ClaimInput:
    id: str = strawberry.field(description="Local id; the record id is <dataset>:<id>.")
    schema: str
    properties: JSON = strawberry.field(
        description="FtM properties, lists of strings; references name record ids."
    )
    citation: CitationInput
    dataset: str | None = strawberry.field(
        default=None,
        description="A claims dataset (default: claims). An official list's dataset, or one "
        "holding records loaded from a published file, is refused: claims never change them.",
    )


@strawberry.type
class JudgementOutcome:
    id: strawberry.ID
    left_record: strawberry.ID
    right_record: strawberry.ID
    verdict: Verdict
    records_moved: int
    entities_rebuilt: int
    audit_id: str

    @strawberry.field(description="The entity the left record belongs to now.")
    async def left(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.left_record))

    @strawberry.field(description="The entity the right record belongs to now.")
    async def right(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.right_record))


@strawberry.type
class ClaimOutcome:
    record_id: strawberry.ID
    status: str = strawberry.field(description="created, updated or unchanged.")
    audit_id: str

    @strawberry.field(description="The entity the claim's record belongs to, if any.")
    async def entity(self, info: Info) -> Entity | None:
        return await load_entity(info, str(self.record_id))


def _writes(info: Info) -> Writes:
    writes = info.context.writes
    if writes is None:
        raise BadRequest("this server does not accept writes")
    return writes


async def _writer(info: Info, action: str) -> auth.Actor:
    """The actor of a write: a writer key, with the request's origin."""
    origin = info.context.origin
    caller = await auth.require_role(
        info.context.repo, info.context.api_key, "writer", action=action, origin=origin
    )
    return auth.Actor.of(caller, origin)


async def judge(
    info: Info,
    left: strawberry.ID,
    right: strawberry.ID,
    verdict: Verdict,
    note: str | None = None,
) -> JudgementOutcome:
    actor = await _writer(info, "judge")
    if note is not None and len(note) > 2000:
        raise BadRequest("`note` is longer than 2000 characters")
    result = await _writes(info).judge(str(left), str(right), verdict.value, actor, note)
    return JudgementOutcome(
        id=strawberry.ID(result.id),
        left_record=strawberry.ID(result.left),
        right_record=strawberry.ID(result.right),
        verdict=verdict,
        records_moved=result.summary.remapped,
        entities_rebuilt=result.summary.rebuilt,
        audit_id=result.audit_id,
    )


async def add_claim(info: Info, claim: ClaimInput) -> ClaimOutcome:
    actor = await _writer(info, "add_claim")
    payload = {
        "id": claim.id,
        "schema": claim.schema,
        "properties": claim.properties,
        "dataset": claim.dataset,
        "citations": [
            {
                "publisher": claim.citation.publisher,
                "published": claim.citation.published,
                "quote": claim.citation.quote,
                "url": claim.citation.url,
                "title": claim.citation.title,
            }
        ],
    }
    result = await _writes(info).add_claim(payload, actor)
    return ClaimOutcome(
        record_id=strawberry.ID(result.record.id), status=result.status, audit_id=result.audit_id
    )


@strawberry.type(description="Two records the resolver could not decide on.")
class ReviewPair:
    id: strawberry.ID
    left_record: strawberry.ID
    right_record: strawberry.ID
    score: float
    features: JSON
    explanation: list[str]
    conflict: str | None = strawberry.field(
        description="Why this pair was not merged although it scored or identified as a "
        "match: the two records' clusters conflict (birth dates, identifiers, countries...)."
    )
    left_entity: strawberry.Private[str | None]
    right_entity: strawberry.Private[str | None]

    @strawberry.field
    async def left(self, info: Info) -> Entity | None:
        return None if self.left_entity is None else await load_entity(info, self.left_entity)

    @strawberry.field
    async def right(self, info: Info) -> Entity | None:
        return None if self.right_entity is None else await load_entity(info, self.right_entity)


@strawberry.type
class ReviewEdge:
    cursor: str
    node: ReviewPair


@strawberry.type
class ReviewConnection:
    edges: list[ReviewEdge]
    page_info: PageInfo


async def review_queue(
    info: Info, first: int | None = 20, after: str | None = None
) -> ReviewConnection:
    size = page_size(first, info.context.settings)
    offset = decode_offset("review", after)
    rows = await info.context.store.review_queue(offset, size + 1, sanctions_day())
    edges = [
        ReviewEdge(
            cursor=encode_cursor("review", str(offset + i + 1)),
            node=ReviewPair(
                id=strawberry.ID(r.id),
                left_record=strawberry.ID(r.a),
                right_record=strawberry.ID(r.b),
                score=r.score,
                features=json.loads(r.features or "{}"),
                explanation=r.explanation or [],
                conflict=r.conflict,
                left_entity=r.entity_a,
                right_entity=r.entity_b,
            ),
        )
        for i, r in enumerate(rows[:size])
    ]
    return ReviewConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None
        ),
    )
