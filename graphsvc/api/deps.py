"""Typed dependencies: routers receive the repository, never the driver."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graphsvc.repository import Repository
from graphsvc.settings import Settings


def get_repository(request: Request) -> Repository:
    repo: Repository = request.app.state.repository
    return repo


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


RepoDep = Annotated[Repository, Depends(get_repository)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
