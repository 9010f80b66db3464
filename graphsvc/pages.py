"""Paging: one cursor encoding and one page-size check for every list the
API pages through (GraphQL connections, gaps, paths and the audit log).

A cursor is ``base64url("<list>:<position>")``: opaque to clients, and a
cursor of one list passed to another is refused by name.
"""

from __future__ import annotations

import base64

from graphsvc.errors import BadRequest, LimitExceeded

INVALID_CURSOR = "invalid cursor; pass back an endCursor value unchanged"
MAX_OFFSET = 1_000_000  # far beyond any list a cursor pages through


def page_size(
    first: int | None,
    limit: int,
    *,
    default: int = 20,
    setting: str | None = "GRAPHSVC_MAX_PAGE_SIZE",
    name: str = "first",
) -> int:
    """The page size asked for, or a refusal naming the limit and what sets it."""
    size = default if first is None else first
    if size < 1:
        raise BadRequest(f"`{name}` must be at least 1")
    if size > limit:
        held_by = f" ({setting})" if setting else ""
        raise LimitExceeded(f"`{name}` is {size}; the page size limit is {limit}{held_by}")
    return size


def encode_cursor(kind: str, value: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode()


def decode_cursor(kind: str, cursor: str | None) -> str | None:
    """The position a cursor of list ``kind`` stands for (None for no cursor)."""
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
