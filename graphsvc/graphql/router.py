"""Serves the schema as a plain ASGI app with GraphiQL and the per-request context.

Strawberry's ASGI app is routed to directly rather than through a FastAPI
router: GraphQL has no use for FastAPI's dependency injection, which cost about
a tenth of the API's time on a small query.

A plain POST of one JSON operation, which is nearly every request, is served
by ``_serve_json``: it runs the same schema, extensions and context, and skips
strawberry's HTTP view around them (request adapters, sub-responses, protocol
checks, a Starlette response); that cut the API's CPU per entity lookup by
about a tenth (0.60 to 0.55 ms at 16 clients). Anything else (GraphiQL, GET,
batches, other content types, malformed bodies) goes to strawberry's view, so
that its answers and error messages stay the same.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import process_result
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from graphsvc.auth import http_origin
from graphsvc.graphql.context import Context
from graphsvc.graphql.schema import build_schema
from graphsvc.settings import Settings

_POST_OPERATIONS = OperationType.from_http("POST")
_JSON_HEADERS = [(b"content-type", b"application/json")]


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(build_schema(settings), graphql_ide="graphiql")
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            body = await _read_body(receive)
            operation = _single_json_operation(scope, body)
            if operation is not None and await self._serve_json(scope, send, *operation):
                return
            receive = _replay(body)
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
            repo=state.repository,
            settings=self.settings,
            api_key=_header(scope, b"x-api-key"),
            origin=http_origin(_client(scope), _header(scope, b"user-agent")),
            sync_driver=getattr(state, "sync_driver", None),
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
        body = self.encode_json(process_result(result))
        await send(
            {
                "type": "http.response.start",
                "status": context.status_code or 200,
                "headers": [*_JSON_HEADERS, (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})
        return True

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        state = request.app.state
        return Context(
            repo=state.repository,
            settings=self.settings,
            api_key=request.headers.get("x-api-key"),
            origin=http_origin(
                request.client.host if request.client else None, request.headers.get("user-agent")
            ),
            sync_driver=getattr(state, "sync_driver", None),
            response=response if isinstance(response, Response) else None,
        )

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


def _single_json_operation(
    scope: Scope, body: bytes
) -> tuple[str, dict[str, Any] | None, str | None] | None:
    """Query, variables and operation name of a well-formed JSON request for
    one operation; None for anything strawberry's view should judge."""
    content_type = _header(scope, b"content-type")
    if content_type is None or "application/json" not in content_type:
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
