"""When a sanction is in force: the one definition every reader uses.

A sanction is in force on day D (an ISO date) when

    start_key <= D < end_key

``start_key`` is the first day its listing date (else its start date) can
mean, "0000-01-01" when it has none; ``end_key`` the last day its end date can
mean, "9999-12-31" when it has none. The end date is the first day the
sanction no longer applies: the date a list states, or the edition of the list
that no longer names it (a delisting), whichever is earlier. Partial dates
compare as their range ("2022" starts on 2022-01-01 and ends on 2022-12-31),
and an ``asOf`` of "2021" is D = 2021-12-31.

Nothing that depends on D is stored. Each entity keeps the terms of its
sanctions (``sanction_terms``), strings "start_key|end_key|CODE" with both
keys ten characters long, so that Cypher reads them with ``left(t, 10)``,
``substring(t, 11, 10)`` and ``substring(t, 22)`` and tests them in force on
``$day`` as ``left(t, 10) <= $day AND $day < substring(t, 11, 10)``; the
service layer passes ``$day`` (the query's ``asOf``, else today) and works
out ``sanctioned``, ``listedBy`` and each sanction's status from the same
terms with the functions below. A status a list states other than "active"
(say "suspended") is a fact of its own: such a sanction has no term and
shows the stated status.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

OPEN_START = "0000-01-01"
OPEN_END = "9999-12-31"
ACTIVE = "active"


def today() -> str:
    """D when a query names no date: today's date in UTC."""
    return datetime.now(UTC).date().isoformat()


def in_force(start_key: str | None, end_key: str | None, day: str) -> bool:
    return (start_key or OPEN_START) <= day < (end_key or OPEN_END)


def term(code: str, start_key: str | None, end_key: str | None) -> str:
    """The stored term of a sanction: "start_key|end_key|CODE"."""
    return f"{start_key or OPEN_START}|{end_key or OPEN_END}|{code}"


def term_in_force(value: str, day: str) -> bool:
    return value[:10] <= day < value[11:21]


def listed_by(terms: Iterable[str] | None, day: str) -> list[str]:
    """The codes of the authorities whose sanctions are in force on ``day``, sorted."""
    return sorted({t[22:] for t in terms or () if term_in_force(t, day)})


def sanctioned(terms: Iterable[str] | None, day: str) -> bool:
    return any(term_in_force(t, day) for t in terms or ())


def status(start_key: str | None, end_key: str | None, stated: str | None, day: str) -> str:
    """A sanction's status on ``day``: "ended" once its end key is reached;
    else the status its list states, when that is not "active"; else
    "active" in force, "pending" before its start."""
    if end_key is not None and end_key <= day:
        return "ended"
    if stated is not None:
        return stated
    return ACTIVE if in_force(start_key, end_key, day) else "pending"
