"""One page-size check and one cursor encoding for every paged list."""

from __future__ import annotations

import pytest

from graphsvc import pages
from graphsvc.errors import BadRequest, LimitExceeded


def test_pages_share_one_size_check_and_one_cursor_encoding() -> None:
    assert pages.page_size(None, 50) == 20
    with pytest.raises(BadRequest, match="`first` must be at least 1"):
        pages.page_size(0, 50)
    with pytest.raises(LimitExceeded, match="limit is 50 \\(GRAPHSVC_MAX_PAGE_SIZE\\)"):
        pages.page_size(51, 50)
    cursor = pages.encode_cursor("search", "40")
    assert pages.decode_offset("search", cursor) == 40
    with pytest.raises(BadRequest, match="cursor of another list"):
        pages.decode_offset("review", cursor)
    with pytest.raises(BadRequest, match="invalid cursor"):
        pages.decode_offset("search", pages.encode_cursor("search", "²"))
