"""Query limits as schema extensions, and the mapping of failures to HTTP status.

Depth, alias and token limits reject a document before it runs, each with a
message naming the limit; an unavailable database turns the response into a
503; anything unexpected is masked in the response and logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from graphql.validation import ASTValidationRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as alias_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator

from graphsvc.errors import DatabaseUnavailable, GraphsvcError
from graphsvc.settings import Settings

log = logging.getLogger("graphsvc.graphql")


class DatabaseStatus(SchemaExtension):
    """A query that failed because Neo4j is unavailable answers HTTP 503."""

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        for error in result.errors:
            if isinstance(error.original_error, DatabaseUnavailable):
                context = self.execution_context.context
                context.status_code = 503
                if context.response is not None:
                    context.response.status_code = 503
                return


def _expected(error: GraphQLError) -> bool:
    """Errors whose message is meant for the caller (ours, or GraphQL's own)."""
    original = error.original_error
    return original is None or isinstance(original, GraphsvcError)


def extensions(settings: Settings) -> list[object]:
    def masked(error: GraphQLError) -> bool:
        if _expected(error):
            return False
        log.error("unexpected error in %s: %r", error.path, error.original_error)
        return True

    # The limit rules are built once, so that validation results can be cached
    # per document text (clients send the same documents again and again);
    # the token limit applies while parsing, before the parse cache.
    rules: list[type[ASTValidationRule]] = [
        depth_validator(settings.max_query_depth, None, None),
        alias_validator(settings.max_aliases),
    ]
    # Factories: each request gets fresh extension instances; the caches are
    # shared by strawberry at module level.
    return [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: ParserCache(maxsize=512),
        lambda: AddValidationRules(rules),
        lambda: ValidationCache(maxsize=512),
        DatabaseStatus,
        lambda: MaskErrors(should_mask_error=masked, error_message="internal error"),
    ]
