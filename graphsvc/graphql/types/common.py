"""Small shared types: pages, property values, enums."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Generic, TypeVar

import strawberry

from graphsvc.errors import BadRequest, LimitExceeded
from graphsvc.settings import Settings

T = TypeVar("T")


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


def decode_cursor(kind: str, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("`after` is not a cursor this API issued") from exc
    prefix = f"{kind}:"
    if not text.startswith(prefix):
        raise BadRequest("`after` is a cursor of another list")
    return text[len(prefix) :]


MAX_OFFSET = 10**6  # far past any list paged by offset (search keeps 100 hits)


def decode_offset(kind: str, cursor: str | None) -> int:
    """The offset in a cursor of a list paged by offset; 0 without a cursor."""
    text = decode_cursor(kind, cursor)
    if text is None:
        return 0
    # isdigit() alone passes "²", which int() refuses; the length check spares
    # int() a text of thousands of digits
    if not (text.isascii() and text.isdigit()) or len(text) > 7 or int(text) > MAX_OFFSET:
        raise BadRequest("`after` is not a cursor this API issued")
    return int(text)


def check_date(value: str | None, name: str = "asOf") -> str | None:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD; compare as the last day it can mean."""
    if value is None:
        return None
    import re

    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise BadRequest(f"`{name}` must be a date like 2023-07-20 (or 2023-07, 2023)")
    from graphsvc.store.derive import date_ceiling

    return date_ceiling(value)
