"""Per-request context: the repository, the caller and the request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request, Response
from strawberry.fastapi import BaseContext

from graphsvc.repository import Repository
from graphsvc.settings import Settings


@dataclass
class Context(BaseContext):
    repo: Repository
    settings: Settings
    api_key: str | None = None
    loaders: dict[str, Any] = field(default_factory=dict)

    @property
    def req(self) -> Request:
        assert self.request is not None
        return self.request  # type: ignore[return-value]

    @property
    def resp(self) -> Response:
        assert self.response is not None
        return self.response
