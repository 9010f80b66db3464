"""Per-request context: the repository, the caller and the request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field

import neo4j
from fastapi import Request, Response
from strawberry.fastapi import BaseContext

from graphsvc.graphql.dataloaders import Loaders, make_loaders
from graphsvc.repository import Repository
from graphsvc.settings import Settings


@dataclass
class Context(BaseContext):
    repo: Repository
    settings: Settings
    api_key: str | None = None
    sync_driver: neo4j.Driver | None = None  # for writes, run in a worker thread
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = make_loaders(self.repo)

    @property
    def req(self) -> Request:
        assert self.request is not None
        return self.request  # type: ignore[return-value]

    @property
    def resp(self) -> Response:
        assert self.response is not None
        return self.response
