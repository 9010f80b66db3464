"""Dates as sources write them, to ISO 8601 with their precision kept.

"1978" stays a year, "03/2020" a month; nothing is padded to a day that the
source did not state. Returns None for text that is not a date.

The forms the sources use are told apart here (which part is the day, month
names, "circa"); prefixdate, the partial-date library FollowTheMoney uses,
checks the parts against the calendar and writes the date to its precision.
So "2020-02-30" is no date, and a part given as 0 is unknown, as in FtM:
"2020-00-00" is the year 2020.
"""

from __future__ import annotations

import re
from functools import lru_cache

import prefixdate

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$"), "ymd"),  # ISO, maybe with time
    (re.compile(r"^(\d{4})_(\d{1,2})_(\d{1,2})$"), "ymd"),  # YYYY_MM_DD (EU journal files)
    (re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"), "ymd"),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), "slash"),  # MM/DD/YYYY or DD/MM/YYYY
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), "dmy"),  # D.M.YYYY
    (re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"), "dmy"),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "ym"),
    (re.compile(r"^(\d{1,2})/(\d{4})$"), "my"),
    (re.compile(r"^(\d{4})$"), "y"),
]

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_TEXT_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4})$")  # 09 Nov 1978
_CIRCA = re.compile(r"^(?:circa|ca\.?|c\.)\s*", re.IGNORECASE)
# Texts up to this length are remembered: a file states the same few dates again
# and again (an export's last_seen, a list's edition), and longer text is no date.
_CACHED_CHARS = 64


def parse_date(text: str | None, *, day_first: bool = False) -> str | None:
    """Parse one date. ``day_first`` decides NN/NN/YYYY (UK and EU files are
    day-first, OFAC month-first); where one part is over 12 it decides itself."""
    if text is None:
        return None
    if len(text) > _CACHED_CHARS:
        return _parse(text, day_first)
    return _parse_cached(text, day_first)


def _parse(text: str, day_first: bool) -> str | None:
    value = _CIRCA.sub("", text.strip())
    if not value:
        return None
    m = _TEXT_DATE.match(value)
    if m:
        month = _MONTHS.get(m.group(2).lower())
        return None if month is None else _prefix(int(m.group(3)), month, int(m.group(1)))
    for pattern, kind in _PATTERNS:
        m = pattern.match(value)
        if m is None:
            continue
        g = [int(x) for x in m.groups()]
        if kind == "ymd":
            return _prefix(*g)
        if kind == "dmy":
            return _prefix(g[2], g[1], g[0])
        if kind == "slash":
            a, b, year = g
            month_first = b > 12 or (a <= 12 and not day_first)
            return _prefix(year, a, b) if month_first else _prefix(year, b, a)
        if kind == "ym":
            return _prefix(g[0], g[1])
        if kind == "my":
            return _prefix(g[1], g[0])
        return _prefix(g[0])
    return None


_parse_cached = lru_cache(maxsize=16384)(_parse)


def _prefix(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """The date to the precision of its parts (a 0 part, and those after it, are
    unknown); None where they make no date."""
    return prefixdate.parse_parts(year, month, day).text
