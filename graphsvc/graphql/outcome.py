"""GraphQL outcomes: the ``extensions.code`` of each error, the HTTP status of
a result, and public messages for errors that hold internals.

The limits (``graphsvc.graphql.limits``) refuse with these codes; the router
calls ``present`` with each result.
"""

from __future__ import annotations

import logging

from graphql import GraphQLError
from strawberry.types import ExecutionResult

from graphsvc.errors import DatabaseUnavailable, GraphsvcError

db_log = logging.getLogger("graphsvc.db")

# extensions.code of each outcome; the HTTP status of each code
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
BAD_REQUEST = "BAD_REQUEST"
RATE_LIMITED = "RATE_LIMITED"
INTERNAL = "INTERNAL"
STATUS: dict[str, int] = {
    PARSE_FAILED: 400,
    VALIDATION_FAILED: 400,
    LIMIT_EXCEEDED: 400,
    BAD_REQUEST: 400,
    "NOT_FOUND": 404,
    METHOD_NOT_ALLOWED: 405,
    "UNAUTHORIZED": 401,
    "FORBIDDEN": 403,
    RATE_LIMITED: 429,
    INTERNAL: 500,
    "DATABASE_UNAVAILABLE": 503,
    "WRITE_BUSY": 503,
    "TIMEOUT": 504,
}
# The statuses a legacy application/json client gets as well: the service,
# not the request, failed (or the request used the wrong method).
LEGACY_STATUSES = frozenset({405, 429, 503, 504})


def refusal(message: str, code: str = LIMIT_EXCEEDED) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


def with_code(error: GraphQLError, code: str) -> GraphQLError:
    if error.extensions and "code" in error.extensions:
        return error
    error.extensions = {**(error.extensions or {}), "code": code}
    return error


def present(result: ExecutionResult, *, graphql_response: bool) -> int | None:
    """Give each error of a result its code and a public message; return the
    HTTP status of the response (None: 200).

    For ``application/graphql-response+json`` the status follows the errors
    (``status_for``); a legacy ``application/json`` client gets 200 for any
    well-formed request, as GraphQL over HTTP asks, except when the service
    failed or the method was wrong (``LEGACY_STATUSES``).
    """
    if not result.errors:
        return None
    result.errors = [_public(e) for e in result.errors]
    codes = [str((e.extensions or {}).get("code", BAD_REQUEST)) for e in result.errors]
    status = status_for(codes, data_returned=result.data is not None)
    if status is not None and not graphql_response and status not in LEGACY_STATUSES:
        return None
    return status


def status_for(codes: list[str], *, data_returned: bool) -> int | None:
    """The HTTP status of a response with these error codes (None: 200).

    With data, 200, as GraphQL over HTTP requires; without, the most serious
    error decides: a failure of the service (5xx) before one of the caller."""
    if data_returned:
        return None
    statuses = [STATUS.get(code, 400) for code in codes]
    server = [s for s in statuses if s >= 500]
    if server:
        return max(server)
    for wanted in (401, 403, 429, 405, 404):
        if wanted in statuses:
            return wanted
    return 400


def _public(error: GraphQLError) -> GraphQLError:
    """The error with its code, and where its message holds internals, without them."""
    if error.extensions and "code" in error.extensions:
        return error
    original = error.original_error
    if isinstance(original, GraphsvcError):
        code = original.code.upper()
        message = original.public_message
        if isinstance(original, DatabaseUnavailable):
            db_log.warning("Neo4j unavailable: %s", original)
    elif original is None or isinstance(original, GraphQLError):
        # graphql-core's own, such as a variable of the wrong type or an Int
        # out of 32 bits (a scalar's coercion error, wrapped)
        code, message = BAD_REQUEST, error.message
    else:  # an unexpected error the masking let through: never its text
        code, message = INTERNAL, "internal error"
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=original,
        extensions={**(error.extensions or {}), "code": code},
    )
