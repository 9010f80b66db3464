"""graphsvc's error hierarchy. Each class carries the HTTP status it maps to,
so the API turns any of them into one consistent response."""

from __future__ import annotations

from pathlib import Path


class GraphsvcError(Exception):
    status_code = 500
    code = "internal"


class ConfigError(GraphsvcError):
    """A setting is missing or wrong; the message says which and how to fix it."""

    code = "config"


class DatabaseUnavailable(GraphsvcError):
    """Neo4j cannot be reached or refused us; the message says why."""

    status_code = 503
    code = "database_unavailable"


class QueryTimedOut(GraphsvcError):
    """A query ran past GRAPHSVC_QUERY_TIMEOUT in Neo4j: the server's limit, not bad input."""

    status_code = 504
    code = "query_timeout"


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


class LoadError(GraphsvcError):
    """A source file cannot be read. Names the file and the line or record."""

    code = "load_error"

    def __init__(self, path: Path | str, where: str | int | None, message: str) -> None:
        self.path = str(path)
        self.where = where
        self.message = message
        location = self.path if where is None else f"{self.path}:{where}"
        super().__init__(f"{location}: {message}")
