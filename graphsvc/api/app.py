"""The FastAPI application: one Neo4j driver for its lifetime."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from graphsvc import __version__, schemata
from graphsvc.api import audit, errors, health, match
from graphsvc.api.guard import Guard
from graphsvc.db import open_async_driver
from graphsvc.errors import ConfigError
from graphsvc.graph.neo4j_store import Neo4jStore
from graphsvc.graphql.router import GraphQLApp
from graphsvc.resolve.names import warm_name_data
from graphsvc.services.writes import Writes
from graphsvc.settings import Settings, get_settings


class GraphsvcApp(FastAPI):
    """FastAPI, behind the guard (graphsvc.api.guard: body and rate limits for
    every path), with ``/graphql`` handed to strawberry's ASGI app before any
    middleware: GraphQL needs none of FastAPI's layers (error pages, exit
    stacks, routing), which took about a twelfth of the API's CPU on a small
    query (py-spy, 16 clients)."""

    graphql: GraphQLApp | None = None
    guard: Guard | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Every HTTP request passes the guard's body and rate limits first.
        if self.guard is not None and scope["type"] == "http":
            await self.guard(scope, receive, send, self._route)
            return
        await self._route(scope, receive, send)

    async def _route(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.graphql is not None and scope["type"] == "http" and scope["path"] == "/graphql":
            scope["app"] = self  # the context reads the driver from request.app.state
            await self.graphql(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings if settings is not None else get_settings()
    if settings.env == "production" and settings.neo4j_password is None:
        raise ConfigError("GRAPHSVC_NEO4J_PASSWORD must be set in production")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        driver = open_async_driver(settings)
        app.state.settings = settings
        app.state.repository = Neo4jStore(driver, settings)
        # judgements and claims go through the same driver as the reads
        app.state.writes = Writes(driver, settings)
        if isinstance(app, GraphsvcApp) and app.guard is not None:
            await app.guard.start(app.state.repository)
        # /match compares given names with rigour's name data: read it now, not
        # on a screening client's first request.
        warm_name_data()
        # Everything built so far lives as long as the process: keep it out
        # of the collector's full passes, which otherwise walk it again and
        # again and stall every request in flight meanwhile.
        gc.freeze()
        # FtM's model (which schemata a query can match) loads in a thread;
        # it is frozen too once loaded, or every full pass walks its objects.
        schemata.warm(then=gc.freeze)
        try:
            yield
        finally:
            await driver.close()

    app = GraphsvcApp(
        title="graphsvc",
        version=__version__,
        description="Entity knowledge graph for accountability investigations.",
        lifespan=lifespan,
    )
    app.guard = Guard(settings)
    errors.install(app)
    app.include_router(health.router)
    app.include_router(match.router)
    app.include_router(audit.router)
    app.graphql = GraphQLApp(settings)
    # Kept as a route too: the router lists it, and "/graphql/" still
    # redirects to it; the requests themselves are served by __call__.
    app.router.routes.append(Route("/graphql", app.graphql, methods=["GET", "POST"]))
    return app
