"""Dates as the graph compares them, and the day a query reads sanctions on."""

from __future__ import annotations

from graphsvc.sanctions import today
from graphsvc.store.derive import date_ceiling


def date_key(value: str | None) -> str | None:
    """The key a partial date compares as: the last day it can mean
    ("2022" -> "2022-12-31"), compared with the ISO dates of links as text."""
    return date_ceiling(value)


def sanctions_day(as_of_key: str | None = None) -> str:
    """D, the day sanctions are read on (graphsvc.sanctions): the query's
    ``asOf`` as a date key, else today."""
    return as_of_key or today()
