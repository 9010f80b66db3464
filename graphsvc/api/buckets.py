"""Token buckets by name, for the guard's request and cost budgets."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

Clock = Callable[[], float]
PRUNE_AT = 10_000  # buckets kept before full ones are dropped


class Buckets:
    """Token buckets by name. A bucket not seen before starts full; full ones
    are dropped when there are many, so memory stays bounded by recent callers."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._state: dict[str, tuple[float, float, float]] = {}  # tokens, at, full at
        self._pruned = 0.0

    def take(self, name: str, amount: float, rate: float, burst: float) -> float:
        """0.0 when ``amount`` was taken, else seconds until it could be (inf: never)."""
        now = self._clock()
        tokens, at, _full = self._state.get(name, (burst, now, now))
        tokens = min(burst, tokens + (now - at) * rate)
        if amount > burst:
            return math.inf
        if tokens >= amount:
            tokens -= amount
            self._state[name] = (tokens, now, now + (burst - tokens) / rate)
            if len(self._state) > PRUNE_AT and now - self._pruned >= 1.0:
                self._prune(now)
            return 0.0
        self._state[name] = (tokens, now, now + (burst - tokens) / rate)
        return (amount - tokens) / rate

    def _prune(self, now: float) -> None:
        self._pruned = now
        self._state = {k: v for k, v in self._state.items() if v[2] > now}

    def __len__(self) -> int:
        return len(self._state)
