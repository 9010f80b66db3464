"""POST /match/{dataset}: yente-compatible entity matching for screening clients.

Request and response follow yente's ``/match`` (``EntityMatchQuery`` in,
``EntityMatchResponse`` out); deviations are listed in the endpoint's
description. The body's models (``graphsvc.api.match_body``) make its OpenAPI
description; the body itself is read here rather than by FastAPI, so that
content type, size, JSON syntax and shape errors each get a status and a
message that says what to fix, and nothing is scored until every query is
valid.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import orjson
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from graphsvc.api import match_body
from graphsvc.api.deps import RepoDep, SettingsDep
from graphsvc.errors import BadRequest
from graphsvc.resolve.score import AUTO_MATCH, MAX_NAMES
from graphsvc.services import matching

router = APIRouter(tags=["matching"])

DESCRIPTION = f"""Match entities as yente's `/match` does.

Body: `{{"queries": {{"q1": {{"schema": "Company", "properties": {{"name": ["NtechLab"]}}}}}}}}`.
Each result carries yente's fields plus `explanation` (the scorer's reasons in words).

Differences from yente: one algorithm, `{matching.ALGORITHM}` (yente's `best` is
accepted as a name for it; others are refused); `weights` is accepted and ignored;
property values must be strings (a single string counts as a one-item list);
errors are `{{"error": code, "message": text}}`; `total` counts the candidates
scored above `cutoff`; `last_change` repeats `last_seen`. The body must be JSON sent
as `Content-Type: application/json` (else 415). Limits: body
`GRAPHSVC_MAX_MATCH_BODY_BYTES` (413), queries per request `GRAPHSVC_MAX_MATCH_QUERIES`
(413), {matching.MAX_VALUE_CHARS} characters per value as sent and once normalised
(NFKC, case folded, transliterated), {matching.MAX_VALUES} values per property,
{matching.MAX_PROPERTIES} properties per query, {matching.MAX_REQUEST_CLAUSES} search terms
per request (400). A query's first {MAX_NAMES} names are searched, with at most
{matching.MAX_TERMS} distinct words, and words longer than {matching.MAX_FUZZY_CHARS}
characters only as written (no fuzzy variants).
"""

_ERRORS = {
    400: "A malformed body or query, or a limit exceeded; the message says which",
    404: "No such dataset",
    413: "The body or the number of queries is over its limit",
    415: "The body is not sent as JSON",
}


def _check_content_type(request: Request) -> None:
    """JSON only: a browser posts text/plain or a form across sites without asking."""
    given = request.headers.get("content-type", "")
    media = given.split(";", 1)[0].strip().lower()
    if media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    ):
        return
    sent = f"not {given[:100]!r}" if given else "and the request has no Content-Type"
    raise match_body.UnsupportedMediaType(
        f"the body must be JSON sent with 'Content-Type: application/json', {sent}"
    )


@router.post(
    "/match/{dataset}",
    summary="Match entities (yente-compatible)",
    description=DESCRIPTION,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": match_body.request_body_schema()}},
        }
    },
    responses={
        status: {"model": match_body.ErrorBody, "description": description}
        for status, description in _ERRORS.items()
    },
)
async def match(
    request: Request,
    repo: RepoDep,
    settings: SettingsDep,
    dataset: Annotated[str, Path(description="A dataset name; 'default' or 'all' for every one")],
    limit: Annotated[int, Query(ge=1, le=matching.MAX_LIMIT, description="Results per query")] = 5,
    threshold: Annotated[
        float, Query(ge=0.0, le=1.0, description="Score at which a result is a 'match'")
    ] = AUTO_MATCH,
    cutoff: Annotated[
        float, Query(ge=0.0, le=1.0, description="Results scoring at or below are left out")
    ] = 0.0,
    algorithm: Annotated[
        str, Query(description=f"Only '{matching.ALGORITHM}' (alias 'best')")
    ] = matching.ALGORITHM,
) -> Response:
    if algorithm not in matching.ALGORITHM_ALIASES:
        raise BadRequest(
            f"algorithm {algorithm!r} is not available; graphsvc has one matcher, "
            f"{matching.ALGORITHM!r}"
        )
    _check_content_type(request)
    # The guard in front has read the body within GRAPHSVC_MAX_MATCH_BODY_BYTES.
    body = await request.body()
    # Parsing normalises every name: CPU work, done in a worker thread so that
    # a large request does not hold up the others.
    queries = await asyncio.to_thread(match_body.parse_body, body, settings.max_match_queries)
    scope = await matching.resolve_dataset(repo, dataset)
    found = await matching.match_queries(
        repo, queries, limit=limit, threshold=threshold, cutoff=cutoff, dataset=scope
    )

    def encode() -> bytes:
        responses = {
            q.key: {
                "status": 200,
                "results": [hit.to_dict() for hit in found[q.key][0]],
                "total": {"value": found[q.key][1], "relation": "eq"},
                "query": q.echo(),
            }
            for q in queries
        }
        return orjson.dumps(
            {"responses": responses, "matcher": matching.FEATURE_DOCS, "limit": limit}
        )

    # A large batch answers megabytes of JSON: encoded off the event loop too.
    return Response(await asyncio.to_thread(encode), media_type="application/json")
