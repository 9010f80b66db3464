"""Dates as sources write them, to ISO 8601 with their precision kept.

"1978" stays a year, "03/2020" a month; nothing is padded to a day that the
source did not state. Returns None for text that is not a date.
"""

from __future__ import annotations

import re

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


def _ok(y: int, m: int | None = None, d: int | None = None) -> bool:
    if not 1000 <= y <= 2999:
        return False
    if m is not None and not 1 <= m <= 12:
        return False
    return d is None or 1 <= d <= 31


def parse_date(text: str | None, *, day_first: bool = False) -> str | None:
    """Parse one date. ``day_first`` decides NN/NN/YYYY (UK and EU files are
    day-first, OFAC month-first); where one part is over 12 it decides itself."""
    if text is None:
        return None
    value = _CIRCA.sub("", text.strip())
    if not value:
        return None
    m = _TEXT_DATE.match(value)
    if m:
        month = _MONTHS.get(m.group(2).lower())
        day, year = int(m.group(1)), int(m.group(3))
        if month is not None and _ok(year, month, day):
            return f"{year:04d}-{month:02d}-{day:02d}"
        return None
    for pattern, kind in _PATTERNS:
        m = pattern.match(value)
        if m is None:
            continue
        g = [int(x) for x in m.groups()]
        if kind == "ymd":
            y, mo, d = g
        elif kind == "dmy":
            d, mo, y = g
        elif kind == "slash":
            a, b, y = g
            if a > 12:
                d, mo = a, b
            elif b > 12:
                mo, d = a, b
            elif day_first:
                d, mo = a, b
            else:
                mo, d = a, b
        elif kind == "ym":
            y, mo = g
            return f"{y:04d}-{mo:02d}" if _ok(y, mo) else None
        elif kind == "my":
            mo, y = g
            return f"{y:04d}-{mo:02d}" if _ok(y, mo) else None
        else:
            (y,) = g
            return f"{y:04d}" if _ok(y) else None
        return f"{y:04d}-{mo:02d}-{d:02d}" if _ok(y, mo, d) else None
    return None
