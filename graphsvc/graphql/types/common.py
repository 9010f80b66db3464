"""Small shared types: pages, property values, enums."""

from __future__ import annotations

import asyncio
import base64
import re
from collections.abc import Awaitable, Callable
from datetime import date
from enum import Enum
from typing import Generic, TypeVar

import strawberry

from graphsvc.errors import BadRequest, LimitExceeded
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
    size = default if first is None else first
    if size < 1:
        raise BadRequest("`first` must be at least 1")
    if size > settings.max_page_size:
        raise LimitExceeded(
            f"`first` is {size}; the page size limit is {settings.max_page_size} "
            "(GRAPHSVC_MAX_PAGE_SIZE)"
        )
    return size


def encode_cursor(kind: str, value: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode()


INVALID_CURSOR = "invalid cursor; pass back an endCursor value unchanged"
MAX_OFFSET = 1_000_000  # far beyond any list a cursor pages through


def decode_cursor(kind: str, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8")
    except (ValueError, UnicodeError) as exc:  # binascii.Error is a ValueError
        raise BadRequest(INVALID_CURSOR) from exc
    prefix = f"{kind}:"
    if not text.startswith(prefix):
        if ":" in text and text.split(":", 1)[0].isalpha():
            raise BadRequest("`after` is a cursor of another list")
        raise BadRequest(INVALID_CURSOR)
    return text[len(prefix) :]


def decode_offset(kind: str, cursor: str | None) -> int:
    """The position a cursor of an offset-paged list stands for (0 for none)."""
    text = decode_cursor(kind, cursor)
    if text is None:
        return 0
    # isdigit() alone passes "²"; the length check spares int() thousands of digits
    if not (text.isascii() and text.isdigit()) or len(text) > 7 or int(text) > MAX_OFFSET:
        raise BadRequest(INVALID_CURSOR)
    return int(text)


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
