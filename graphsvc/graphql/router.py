"""Serves the schema as a plain ASGI app with GraphiQL and the per-request context.

Strawberry's ASGI app is routed to directly rather than through a FastAPI
router: GraphQL has no use for FastAPI's dependency injection, whose cost
showed on every small query.

A plain POST of one JSON operation, which is nearly every request, is served
by ``_serve_json``: it runs the same schema, extensions and context, and skips
strawberry's HTTP view around them (request adapters, sub-responses, protocol
checks, a Starlette response), which cost a noticeable share of the API's
CPU on a small query. Anything else (GraphiQL, GET,
batches, other content types, malformed bodies) goes to strawberry's view, so
that its answers and error messages stay the same.
"""

from __future__ import annotations

import sys
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse, process_result
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from graphsvc.auth import http_origin
from graphsvc.graphql.context import RETRY_AFTER, Context
from graphsvc.graphql.outcome import present
from graphsvc.graphql.schema import build_schema
from graphsvc.settings import Settings

_STATUS = "graphsvc.status"  # the status of strawberry's view's result, kept in the scope

_POST_OPERATIONS = OperationType.from_http("POST")
JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
# Other content types (text/plain, forms, multipart) are what a web page can
# make a browser send to another site without asking: refused with 415.
REQUEST_TYPES = frozenset({JSON, GRAPHQL_RESPONSE})


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(build_schema(settings), graphql_ide="graphiql")
        self.settings = settings
        # New documents are parsed and validated in a worker thread; a 1 ms
        # switch interval hands the interpreter back to the event loop five
        # times as often as the default while that thread computes.
        sys.setswitchinterval(0.001)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            media = _media_type(_header(scope, b"content-type"))
            if media not in REQUEST_TYPES:
                await _refuse_content_type(send, media)
                return
            body = await _read_body(receive)
            operation = _single_json_operation(scope, body)
            if operation is not None and await self._serve_json(scope, send, *operation):
                return
            receive = _replay(body)
            if media != JSON:  # strawberry's view reads JSON bodies by this name only
                scope = _with_content_type(scope, JSON)
        if scope["type"] == "http":
            send = _answer_as_presented(scope, send)
        await super().__call__(scope, receive, send)

    async def _serve_json(
        self,
        scope: Scope,
        send: Send,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
    ) -> bool:
        """Run one operation and send its JSON answer; False, having sent
        nothing, where strawberry's view answers differently (a 400 for an
        operation it cannot run over POST)."""
        state = scope["app"].state
        context = Context(
            store=state.repository,
            settings=self.settings,
            api_key=_header(scope, b"x-api-key"),
            origin=http_origin(_client(scope), _header(scope, b"user-agent")),
            writes=getattr(state, "writes", None),
            scope=scope,
        )
        try:
            result = await self.schema.execute(
                query,
                variable_values=variables,
                context_value=context,
                operation_name=operation_name,
                allowed_operation_types=_POST_OPERATIONS,
            )
        except (CannotGetOperationTypeError, InvalidOperationTypeError, MissingQueryError):
            return False
        if not isinstance(result, ExecutionResult):  # incremental delivery is not enabled
            return False
        graphql_response = wants_graphql_response(_header(scope, b"accept"))
        status = present(result, graphql_response=graphql_response)
        body = self.encode_json(process_result(result))
        media = GRAPHQL_RESPONSE if graphql_response else JSON
        await send(
            {
                "type": "http.response.start",
                "status": status or 200,
                "headers": [
                    (b"content-type", media.encode()),
                    (b"content-length", str(len(body)).encode()),
                    *_retry_after(scope),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
        return True

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        state = request.app.state
        return Context(
            store=state.repository,
            settings=self.settings,
            api_key=request.headers.get("x-api-key"),
            origin=http_origin(
                request.client.host if request.client else None, request.headers.get("user-agent")
            ),
            writes=getattr(state, "writes", None),
            method=request.scope.get("method", "GET"),
            scope=request.scope,
        )

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        graphql_response = wants_graphql_response(request.headers.get("accept"))
        request.scope[_STATUS] = present(result, graphql_response=graphql_response)
        return await super().process_result(request, result)

    def encode_json(self, data: object) -> bytes:
        # orjson: a large page encodes several times faster than with json.dumps;
        # only JSON values reach here (GraphQL has serialised the scalars).
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)  # its JSONDecodeError is json's: a 400 as before


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    """A receive channel that hands strawberry's view the body already read."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _client(scope: Scope) -> str | None:
    client = scope.get("client")
    return str(client[0]) if client else None


def _retry_after(scope: Scope) -> list[tuple[bytes, bytes]]:
    """The Retry-After header of a query the cost budget refused."""
    seconds = scope.get(RETRY_AFTER)
    return [(b"retry-after", str(seconds).encode())] if seconds else []


def _answer_as_presented(scope: Scope, send: Send) -> Send:
    """Strawberry's view (GET, batches) answers JSON with 200: give it the
    status and media type that ``present`` chose for its result."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if (b"content-type", JSON.encode()) in headers:
                status = scope.get(_STATUS)
                if status:
                    message = {**message, "status": status}
                    if status == 405:
                        headers.append((b"allow", b"POST"))
                    headers.extend(_retry_after(scope))
                if wants_graphql_response(_header(scope, b"accept")):
                    headers = [
                        (k, GRAPHQL_RESPONSE.encode() if k == b"content-type" else v)
                        for k, v in headers
                    ]
                message = {**message, "headers": headers}
        await send(message)

    return wrapped


def wants_graphql_response(accept: str | None) -> bool:
    """Whether the client takes application/graphql-response+json at least as
    gladly as application/json (GraphQL over HTTP); a missing Accept or */*
    is a legacy client."""
    weights: dict[str, float] = {}
    for item in (accept or "").split(","):
        media, *params = (part.strip() for part in item.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[media.lower()] = max(q, weights.get(media.lower(), 0.0))
    wanted = weights.get(GRAPHQL_RESPONSE, 0.0)
    return wanted > 0 and wanted >= weights.get(JSON, 0.0)


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _with_content_type(scope: Scope, media: str) -> Scope:
    headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-type"]
    return {**scope, "headers": [*headers, (b"content-type", media.encode())]}


async def _refuse_content_type(send: Send, media: str) -> None:
    message = (
        f"unsupported content type {media or '(none)'!r}: send the request as "
        f"{JSON} (or {GRAPHQL_RESPONSE})"
    )
    body = orjson.dumps(
        {
            "data": None,
            "errors": [{"message": message, "extensions": {"code": "UNSUPPORTED_MEDIA_TYPE"}}],
        }
    )
    await send(
        {
            "type": "http.response.start",
            "status": 415,
            "headers": [
                (b"content-type", JSON.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _single_json_operation(
    scope: Scope, body: bytes
) -> tuple[str, dict[str, Any] | None, str | None] | None:
    """Query, variables and operation name of a well-formed JSON request for
    one operation; None for anything strawberry's view should judge."""
    if _media_type(_header(scope, b"content-type")) not in REQUEST_TYPES:
        return None
    accept = _header(scope, b"accept") or ""
    if "multipart/mixed" in accept or "text/event-stream" in accept:  # streaming transports
        return None
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict) or data.get("extensions") is not None:
        return None
    query, variables, name = data.get("query"), data.get("variables"), data.get("operationName")
    if not isinstance(query, str) or not query:
        return None
    if not isinstance(variables, dict | None) or not isinstance(name, str | None):
        return None
    return query, variables, name
