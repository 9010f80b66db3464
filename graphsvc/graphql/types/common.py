"""Small shared types: pages, property values, enums."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from datetime import date
from enum import Enum
from typing import Generic, TypeVar

import strawberry

from graphsvc import pages
from graphsvc.errors import BadRequest
from graphsvc.services.dates import date_key
from graphsvc.settings import Settings

T = TypeVar("T")

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.enum
class Direction(Enum):
    OUT = "OUT"
    IN = "IN"


@strawberry.enum
class Verdict(Enum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    UNSURE = "unsure"


@strawberry.type(description="One value of a property, with the records that state it.")
class PropertyValue:
    name: str
    value: str
    record_ids: list[strawberry.ID]


class Shared(Generic[T]):
    """The result of an async function, computed on the first await and shared
    by later ones: sibling fields that need the same query run it once, and
    fields the query does not select never run it."""

    def __init__(self, make: Callable[[], Awaitable[T]]) -> None:
        self._make = make
        self._task: asyncio.Future[T] | None = None

    def get(self) -> Awaitable[T]:
        if self._task is None:
            self._task = asyncio.ensure_future(self._make())
        return self._task


def page_size(first: int | None, settings: Settings, default: int = 20) -> int:
    return pages.page_size(first, settings.max_page_size, default=default)


def check_date(value: str | None, name: str = "asOf") -> str | None:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD naming a real year, month or day;
    compare as the last day it can mean."""
    if value is None:
        return None
    match = _DATE.fullmatch(value)
    try:
        if match is None:
            raise ValueError(value)
        year, month, day = match.group(1, 2, 3)
        date(int(year), int(month or 1), int(day or 1))  # raises for 2023-13 or 2023-02-30
    except ValueError:
        raise BadRequest(
            f"`{name}` must be a date like 2023-07-20 (or 2023-07, 2023); got {value[:40]!r}"
        ) from None
    return date_key(value)
