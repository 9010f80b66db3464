"""Mounts the schema on FastAPI with GraphiQL and the per-request context."""

from __future__ import annotations

from fastapi import Request, Response
from strawberry.fastapi import GraphQLRouter

from graphsvc.graphql.context import Context
from graphsvc.graphql.schema import build_schema
from graphsvc.settings import Settings


def graphql_router(settings: Settings) -> GraphQLRouter[Context, None]:
    async def get_context(request: Request, response: Response) -> Context:
        return Context(
            repo=request.app.state.repository,
            settings=settings,
            api_key=request.headers.get("x-api-key"),
            sync_driver=getattr(request.app.state, "sync_driver", None),
        )

    return GraphQLRouter(build_schema(settings), context_getter=get_context, graphql_ide="graphiql")
