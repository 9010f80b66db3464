"""loaders.dates: the forms sources write dates in, to ISO 8601 at their precision."""

from __future__ import annotations

import pytest

from loaders.dates import parse_date


@pytest.mark.parametrize(
    ("text", "month_first", "day_first"),
    [
        ("2020-07-05", "2020-07-05", "2020-07-05"),
        ("2020-7-5", "2020-07-05", "2020-07-05"),
        ("2020-07-05T23:30:00+03:00", "2020-07-05", "2020-07-05"),  # the date as written
        ("2020-07-05 10:00", "2020-07-05", "2020-07-05"),
        ("2020_07_05", "2020-07-05", "2020-07-05"),
        ("2020/07/05", "2020-07-05", "2020-07-05"),
        ("03/04/2020", "2020-03-04", "2020-04-03"),
        ("13/04/2020", "2020-04-13", "2020-04-13"),  # a part over 12 is the day
        ("04/13/2020", "2020-04-13", "2020-04-13"),
        ("13/13/2020", None, None),
        ("5.3.2001", "2001-03-05", "2001-03-05"),
        ("05-03-2001", "2001-03-05", "2001-03-05"),
        ("2020-07", "2020-07", "2020-07"),
        ("07/2020", "2020-07", "2020-07"),
        ("1978", "1978", "1978"),
        ("  circa 1978 ", "1978", "1978"),
        ("ca. 1978", "1978", "1978"),
        ("c. 1978", "1978", "1978"),
        ("09 Nov 1978", "1978-11-09", "1978-11-09"),
        ("9 November 1978", "1978-11-09", "1978-11-09"),
        ("09 Sept. 1978", "1978-09-09", "1978-09-09"),
        ("09 Foo 1978", None, None),
        ("2020-02-29", "2020-02-29", "2020-02-29"),
        # the calendar decides
        ("2019-02-29", None, None),
        ("31 Feb 2020", None, None),
        ("2020-07-32", None, None),
        ("2020-13", None, None),
        # a 0 part is unknown, as in FollowTheMoney
        ("2020-00-00", "2020", "2020"),
        ("2020-05-00", "2020-05", "2020-05"),
        # years 1000 to 2999 only
        ("999", None, None),
        ("0999", None, None),
        ("3000", None, None),
        ("1000", "1000", "1000"),
        ("1978 abc", None, None),
        ("", None, None),
        ("xx", None, None),
    ],
)
def test_parse_date(text: str, month_first: str | None, day_first: str | None) -> None:
    assert parse_date(text) == month_first
    assert parse_date(text, day_first=True) == day_first


def test_none_and_long_text() -> None:
    assert parse_date(None) is None
    assert parse_date("2020-07-05T10:00:00" + "0" * 100) == "2020-07-05"  # not remembered
    assert parse_date("x" * 10_000) is None
