"""Typed dependencies: routers receive the repository, never the driver."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graphsvc.graph.neo4j_store import Neo4jStore
from graphsvc.settings import Settings


def get_repository(request: Request) -> Neo4jStore:
    repo: Neo4jStore = request.app.state.repository
    return repo


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


RepoDep = Annotated[Neo4jStore, Depends(get_repository)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
