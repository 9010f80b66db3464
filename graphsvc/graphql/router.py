"""Serves the schema as a plain ASGI app with GraphiQL and the per-request context.

Strawberry's ASGI app is routed to directly rather than through a FastAPI
router: GraphQL has no use for FastAPI's dependency injection, which cost about
a tenth of the API's time on a small query."""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from graphsvc.graphql.context import Context
from graphsvc.graphql.schema import build_schema
from graphsvc.settings import Settings


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(build_schema(settings), graphql_ide="graphiql")
        self.settings = settings

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        state = request.app.state
        return Context(
            repo=state.repository,
            settings=self.settings,
            api_key=request.headers.get("x-api-key"),
            sync_driver=getattr(state, "sync_driver", None),
            request=request,
            response=response if isinstance(response, Response) else None,
        )

    def encode_json(self, data: object) -> bytes:
        # orjson: a large page encodes several times faster than with json.dumps;
        # only JSON values reach here (GraphQL has serialised the scalars).
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)  # its JSONDecodeError is json's: a 400 as before
