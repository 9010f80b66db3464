"""Per-request context: the repository, the caller and the request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field

import neo4j

from graphsvc.graphql.dataloaders import Loaders
from graphsvc.repository import Repository
from graphsvc.settings import Settings


@dataclass
class Context:
    repo: Repository
    settings: Settings
    api_key: str | None = None
    origin: str = "unknown"  # client address and User-Agent, for audit entries and logs
    sync_driver: neo4j.Driver | None = None  # for writes, run in a worker thread
    method: str = "POST"  # a costly query is refused over GET
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.repo)
