"""graphsvc's error hierarchy. Each class carries the HTTP status it maps to,
so the API turns any of them into one consistent response."""

from __future__ import annotations

from pathlib import Path


class GraphsvcError(Exception):
    """``str(error)`` is what the caller is told; ``detail`` (ids, addresses,
    times) goes to the log only."""

    status_code = 500
    code = "internal"
    detail: str | None = None

    def __init__(self, *args: object, detail: str | None = None) -> None:
        super().__init__(*args)
        self.detail = detail

    @property
    def public_message(self) -> str:
        """What a caller may read: the message, without what only the log should hold."""
        return str(self)

    @property
    def logged(self) -> str:
        """The message with its detail, for the log."""
        return f"{self} ({self.detail})" if self.detail else str(self)


class ConfigError(GraphsvcError):
    """A setting is missing or wrong; the message says which and how to fix it."""

    code = "config"


class DatabaseUnavailable(GraphsvcError):
    """Neo4j cannot be reached or refused us; the message says why."""

    status_code = 503
    code = "database_unavailable"

    @property
    def public_message(self) -> str:
        # the message names the Bolt URI and user: the log keeps it, callers get this
        return "cannot reach Neo4j; try again shortly"


class QueryTimeout(GraphsvcError):
    """A query ran longer than GRAPHSVC_QUERY_TIMEOUT in Neo4j: the server's
    limit, not a fault of the request."""

    status_code = 504
    code = "timeout"


class WriteBusy(GraphsvcError):
    """Another writer (a load, a full resolution) holds the graph's write lease."""

    status_code = 503
    code = "write_busy"

    def __init__(self, holder: str | None, since: str | None) -> None:
        what = (holder or "another writer").split(" by ")[0]
        super().__init__(
            f"the graph is being written ({what}, since {since or 'a moment ago'}); "
            "try again when it ends",
            detail=f"lease held by {holder}",
        )
        self.holder = holder
        self.since = since


class NotFound(GraphsvcError):
    status_code = 404
    code = "not_found"


class BadRequest(GraphsvcError):
    status_code = 400
    code = "bad_request"


class LimitExceeded(BadRequest):
    """A request went past a documented limit; the message names the limit."""

    code = "limit_exceeded"


class Unauthorized(GraphsvcError):
    status_code = 401
    code = "unauthorized"


class Forbidden(GraphsvcError):
    status_code = 403
    code = "forbidden"


class RateLimited(GraphsvcError):
    status_code = 429
    code = "rate_limited"


class LoadError(GraphsvcError):
    """A source file cannot be read. Names the file and the line or record."""

    code = "load_error"

    def __init__(self, path: Path | str, where: str | int | None, message: str) -> None:
        self.path = str(path)
        self.where = where
        self.message = message
        location = self.path if where is None else f"{self.path}:{where}"
        super().__init__(f"{location}: {message}")
