"""Dates as the graph compares them."""

from __future__ import annotations

from graphsvc.store.derive import date_ceiling


def date_key(value: str | None) -> str | None:
    """The key a partial date compares as: the last day it can mean
    ("2022" -> "2022-12-31"), compared with the ISO dates of links as text."""
    return date_ceiling(value)
