"""Per-request context: the store, the caller and the request's DataLoaders."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from graphsvc.graph import Store
from graphsvc.graph.neo4j_store import Neo4jStore
from graphsvc.graphql.dataloaders import Loaders
from graphsvc.services.writes import Writes
from graphsvc.settings import Settings

# Where the API's guard leaves, in the ASGI scope's state, the function that
# spends a query's cost from the caller's budget (graphsvc.api.guard.charge).
CHARGE = "graphsvc.charge"
# Where a refusal by that budget leaves the seconds to wait, for Retry-After.
RETRY_AFTER = "graphsvc.retry_after"


class BudgetRefusal(Protocol):
    @property
    def retry_after(self) -> int: ...

    @property
    def message(self) -> str: ...


Charge = Callable[[float], BudgetRefusal | None]


@dataclass
class Context:
    store: Store
    settings: Settings
    api_key: str | None = None
    origin: str = "unknown"  # client address and User-Agent, for audit entries and logs
    writes: Writes | None = None  # judgements and claims; None: this server takes no writes
    method: str = "POST"  # a costly query is refused over GET
    scope: MutableMapping[str, Any] | None = None  # the ASGI request's, for the cost budget
    loaders: Loaders = field(init=False)

    def charge(self, cost: float) -> BudgetRefusal | None:
        """Spend ``cost`` from the caller's budget; the refusal, if it is spent."""
        if self.scope is None:
            return None
        spend: Charge | None = (self.scope.get("state") or {}).get(CHARGE)
        if spend is None:  # no guard in front (the budgets are off)
            return None
        refusal = spend(cost)
        if refusal is not None:
            self.scope[RETRY_AFTER] = refusal.retry_after
        return refusal

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.store)

    @property
    def repo(self) -> Neo4jStore:
        """The store's named-query runner, for the writes and the key checks,
        whose queries have no typed method."""
        if not isinstance(self.store, Neo4jStore):
            raise TypeError("writes need the Neo4j store")
        return self.store
