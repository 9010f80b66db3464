"""Per-request context: the repository, the caller and the request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field

import neo4j
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from graphsvc.graphql.dataloaders import Loaders, make_loaders
from graphsvc.repository import Repository
from graphsvc.settings import Settings


@dataclass
class Context:
    repo: Repository
    settings: Settings
    api_key: str | None = None
    sync_driver: neo4j.Driver | None = None  # for writes, run in a worker thread
    request: Request | WebSocket | None = None
    response: Response | None = None  # its status code becomes the HTTP status
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = make_loaders(self.repo)
