"""Query limits as one schema extension.

Before a document runs: its length, tokens, aliases, depth and cost are
checked, each refusal naming its limit; then graphql-core's validation rules
run on what passed. Parsing, analysis and validation of a document not in
the cache run in a worker thread, so a large or contrived document never
holds the event loop. Unexpected errors are masked and logged. The codes of
the outcomes and their HTTP statuses are in ``graphsvc.graphql.outcome``.

strawberry's own MaxTokensLimiter, QueryDepthLimiter and MaxAliasesLimiter
are not used: each is a hook or validation rule of its own on the event
loop, with messages that do not name graphsvc's settings, where this
extension checks all limits once per document text, in a worker thread.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import anyio
import strawberry
from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    parse,
    validate,
)
from graphql.validation import ASTValidationRule
from strawberry.extensions import MaskErrors

from graphsvc.errors import GraphsvcError
from graphsvc.graphql.analysis import CostModel, Measure, count_aliases
from graphsvc.graphql.outcome import (
    BAD_REQUEST,
    INTERNAL,
    METHOD_NOT_ALLOWED,
    PARSE_FAILED,
    RATE_LIMITED,
    VALIDATION_FAILED,
    refusal,
    with_code,
)
from graphsvc.settings import Settings

log = logging.getLogger("graphsvc.graphql")

# Documents up to this length are cached, parsed and validated, by their
# text; longer ones are prepared again each time, so hostile input cannot
# fill memory.
CACHE_MAX_CHARS = 16_384
CACHE_ENTRIES = 512

# Pairs of same-named fields in one selection set that graphql-core's merge
# check may compare; far above any sensible query, far below a slow one.
MAX_FIELD_PAIRS = 2000

DEFAULT_PAGE = 20  # `first` where a list field does not say (graphql.types.common.page_size)


@dataclass(slots=True)
class Prepared:
    """A document as far as it got: refused, invalid, or valid with its measures."""

    document: DocumentNode | None = None
    failure: GraphQLError | None = None  # refused before validation
    errors: list[GraphQLError] = field(default_factory=list)  # validation errors
    measures: dict[str | None, Measure] = field(default_factory=dict)  # by operation name


class DocumentCache:
    """Prepared documents by text, for documents up to CACHE_MAX_CHARS.

    Used from the event loop only (the worker thread prepares, the loop stores)."""

    def __init__(self) -> None:
        self.entries: OrderedDict[str, Prepared] = OrderedDict()

    def get(self, query: str) -> Prepared | None:
        found = self.entries.get(query)
        if found is not None:
            self.entries.move_to_end(query)
        return found

    def put(self, query: str, prepared: Prepared) -> None:
        if len(query) > CACHE_MAX_CHARS:
            return
        self.entries[query] = prepared
        if len(self.entries) > CACHE_ENTRIES:
            self.entries.popitem(last=False)


class Limits:
    """What QueryPolicy checks, built once per schema."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.cache = DocumentCache()
        self._model: CostModel | None = None
        self._preparing: anyio.CapacityLimiter | None = None

    @property
    def preparing(self) -> anyio.CapacityLimiter:
        """One document prepared at a time: new documents queue rather than
        take more of the interpreter from the requests being served."""
        if self._preparing is None:  # made inside the event loop that uses it
            self._preparing = anyio.CapacityLimiter(1)
        return self._preparing

    def model_of(self, schema: strawberry.Schema) -> CostModel:
        # built on the first request: the model reads the finished schema
        if self._model is None:
            self._model = CostModel(schema, DEFAULT_PAGE)
        return self._model

    @property
    def model(self) -> CostModel:
        assert self._model is not None
        return self._model

    def prepare(self, query: str, rules: tuple[type[ASTValidationRule], ...]) -> Prepared:
        """Parse, check the limits, validate: bounded by the token limit and a
        walk that measures each fragment once. Runs in a worker thread."""
        s = self.settings
        try:
            document = parse(query, max_tokens=s.max_tokens)
        except GraphQLSyntaxError as exc:
            if "tokens" in exc.message and "aborted" in exc.message:
                return Prepared(
                    failure=refusal(
                        f"the document has more than {s.max_tokens} tokens; "
                        f"the limit is {s.max_tokens} (GRAPHSVC_MAX_TOKENS)"
                    )
                )
            return Prepared(
                failure=GraphQLError(
                    exc.message,
                    source=exc.source,
                    positions=exc.positions,
                    extensions={"code": PARSE_FAILED},
                )
            )
        except RecursionError:
            return Prepared(failure=refusal("the document nests too deeply to read"))
        prepared = Prepared(document=document)
        aliases = count_aliases(document)
        if aliases > s.max_aliases:
            prepared.failure = refusal(
                f"{aliases} aliases found; the limit is {s.max_aliases} (GRAPHSVC_MAX_ALIASES)"
            )
            return prepared
        try:
            for op in document.definitions:
                if not isinstance(op, OperationDefinitionNode):
                    continue
                measure = self.model.measure(document, op, None)
                name = op.name.value if op.name else None
                if measure.depth > s.max_query_depth:
                    prepared.failure = refusal(
                        f"'{name or 'anonymous'}' exceeds maximum operation depth of "
                        f"{s.max_query_depth} (GRAPHSVC_MAX_QUERY_DEPTH)",
                    )
                    return prepared
                if measure.pairs > MAX_FIELD_PAIRS:
                    prepared.failure = refusal(
                        f"'{name or 'anonymous'}' selects the same fields again and again "
                        f"({measure.pairs} pairs of one name in one selection; at most "
                        f"{MAX_FIELD_PAIRS}): select each field once"
                    )
                    return prepared
                prepared.measures.setdefault(name, measure)
            prepared.errors = [
                with_code(e, VALIDATION_FAILED)
                for e in validate(self.model.graphql_schema, document, rules)
            ]
        except RecursionError:
            prepared.failure = refusal("the document nests too deeply to read")
        return prepared

    def cost(
        self, prepared: Prepared, name: str | None, variables: dict[str, Any] | None
    ) -> int | None:
        """The cost of the operation to run; None where there is no such operation."""
        document = prepared.document
        assert document is not None
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        operation = next(
            (o for o in operations if name is None or (o.name and o.name.value == name)), None
        )
        if operation is None:
            return None
        known = prepared.measures.get(operation.name.value if operation.name else None)
        if known is not None and not known.sized_by_variables:
            return known.cost
        return self.model.measure(document, operation, variables).cost


class QueryPolicy(MaskErrors):
    """The limits, the document cache, the error codes, the masking of
    unexpected errors and the HTTP status, as one extension: strawberry enters
    each extension's hooks for every request, and one costs less than six.
    """

    def __init__(self, limits: Limits) -> None:
        super().__init__(should_mask_error=_masked, error_message="internal error")
        self.limits = limits
        self.prepared: Prepared | None = None
        self.cost: int | None = None

    async def on_parse(self) -> AsyncIterator[None]:
        context = self.execution_context
        query = context.query or ""
        limit = self.limits.settings.max_query_chars
        if len(query) > limit:
            raise refusal(
                f"the document has {len(query)} characters; the limit is {limit} "
                "(GRAPHSVC_MAX_QUERY_CHARS)"
            )
        self.limits.model_of(context.schema)
        prepared = self.limits.cache.get(query)
        if prepared is None:
            rules = tuple(context.validation_rules)
            prepared = await anyio.to_thread.run_sync(
                self.limits.prepare, query, rules, limiter=self.limits.preparing
            )
            self.limits.cache.put(query, prepared)
        self.prepared = prepared
        if prepared.failure is not None:
            raise prepared.failure
        context.graphql_document = prepared.document
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        prepared = self.prepared
        assert prepared is not None and prepared.document is not None
        errors = list(prepared.errors)
        # operation_name falls back to the first operation's name: only this
        # private field tells whether the client gave one (strawberry is pinned)
        if not errors and context._provided_operation_name is None:
            errors = _operation_name_needed(prepared.document)
        if not errors:
            errors = self._check_cost(prepared)
        context.pre_execution_errors = errors
        yield

    def _check_cost(self, prepared: Prepared) -> list[GraphQLError]:
        context = self.execution_context
        settings = self.limits.settings
        cost = self.limits.cost(prepared, context.operation_name, context.variables)
        if cost is None:
            return []
        self.cost = cost
        if cost > settings.max_query_cost:
            return [
                refusal(
                    f"the query costs {cost}; the limit is {settings.max_query_cost} "
                    "(GRAPHSVC_MAX_QUERY_COST): ask for smaller pages (`first`) or fewer "
                    "nested lists"
                )
            ]
        method = getattr(context.context, "method", "POST")
        if method == "GET" and cost > settings.max_get_query_cost:
            return [
                refusal(
                    f"the query costs {cost}; over GET the limit is "
                    f"{settings.max_get_query_cost} (GRAPHSVC_MAX_GET_QUERY_COST): "
                    "POST it as application/json",
                    METHOD_NOT_ALLOWED,
                )
            ]
        charge = getattr(context.context, "charge", None)
        refused = charge(cost) if charge is not None else None
        if refused is not None:
            return [refusal(refused.message, RATE_LIMITED)]
        return []

    def get_results(self) -> dict[str, Any]:
        if self.cost is None:
            return {}
        return {"cost": {"requested": self.cost, "limit": self.limits.settings.max_query_cost}}

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": INTERNAL}
        return masked


def _operation_name_needed(document: DocumentNode) -> list[GraphQLError]:
    """A document of several operations needs an operationName to say which
    to run (GraphQL spec, GetOperation); strawberry would run the first."""
    names = [
        d.name.value if d.name else "(anonymous)"
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    ]
    if len(names) < 2:
        return []
    return [
        refusal(
            f"the document defines {len(names)} operations ({', '.join(names)}): "
            "give `operationName` to say which to run",
            BAD_REQUEST,
        )
    ]


def _masked(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, GraphsvcError | GraphQLError):
        return False
    log.error("unexpected error in %s: %r", error.path, original)
    return True


def extensions(settings: Settings) -> list[object]:
    limits = Limits(settings)
    # A factory: each request gets a fresh instance.
    return [lambda: QueryPolicy(limits)]
