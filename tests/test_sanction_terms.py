"""One definition of "in force on day D", from a Sanction's records to the
services that read it, on an in-memory store."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from graphsvc import sanctions
from graphsvc.services import exposure, gaps, ownership, programmes
from graphsvc.store.derive import derive_entity
from tests.fake_store import FakeStore

TODAY = datetime.now(UTC).date()
YESTERDAY = (TODAY - timedelta(days=1)).isoformat()
DAY_BEFORE = (TODAY - timedelta(days=2)).isoformat()
ENDED_YESTERDAY = sanctions.term("EU", "2020-01-01", YESTERDAY)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2019-12-31", False),  # before the listing
        ("2020-01-01", True),  # the listing date
        ("2022-06-29", True),
        ("2022-06-30", False),  # the end date: the first day it no longer applies
        ("2030-01-01", False),
    ],
)
def test_in_force_from_the_start_key_until_the_end_key(day: str, expected: bool) -> None:
    assert sanctions.in_force("2020-01-01", "2022-06-30", day) is expected
    value = sanctions.term("EU", "2020-01-01", "2022-06-30")
    assert sanctions.sanctioned([value], day) is expected
    assert sanctions.listed_by([value], day) == (["EU"] if expected else [])


def test_open_ends_are_in_force_always() -> None:
    value = sanctions.term("UK", None, None)
    assert value == "0000-01-01|9999-12-31|UK"
    assert sanctions.in_force(None, None, "1900-01-01")
    assert sanctions.listed_by([value], "2999-12-31") == ["UK"]


def test_an_authority_named_in_full_keeps_its_text() -> None:
    value = sanctions.term("Ministry of Foreign Affairs | Sanctions", "2020-01-01", None)
    assert sanctions.listed_by([value], "2021-01-01") == ["Ministry of Foreign Affairs | Sanctions"]


def test_listed_by_names_each_authority_once_sorted() -> None:
    values = [
        sanctions.term("US", "2022-02-24", None),
        sanctions.term("EU", "2020-12-17", None),
        sanctions.term("EU", "2014-01-01", "2015-01-01"),
        sanctions.term("UK", "2020-12-18", None),
    ]
    assert sanctions.listed_by(values, "2021-06-30") == ["EU", "UK"]
    assert sanctions.listed_by(values, "2023-01-01") == ["EU", "UK", "US"]
    assert sanctions.listed_by(values, "2014-06-01") == ["EU"]


@pytest.mark.parametrize(
    ("day", "stated", "expected"),
    [
        ("2019-06-01", None, "pending"),
        ("2021-06-01", None, "active"),
        ("2022-06-30", None, "ended"),
        ("2021-06-01", "suspended", "suspended"),
        ("2023-01-01", "suspended", "ended"),
    ],
)
def test_status_on_a_day(day: str, stated: str | None, expected: str) -> None:
    assert sanctions.status("2020-01-01", "2022-06-30", stated, day) == expected


def _sanction(props: dict[str, list[str]], ended: str | None = None) -> dict[str, Any]:
    member = {"id": "s1", "schema": "Sanction", "dataset": "d", "props": json.dumps(props)}
    _schema, out = derive_entity("gs-s", [{**member, "ended": ended}], "single")
    return out


def test_a_built_sanction_stores_its_keys_and_term_but_no_status() -> None:
    out = _sanction(
        {
            "authority": ["European Union"],
            "listingDate": ["2020-12"],
            "endDate": ["2024"],
            "status": ["active"],
        }
    )
    assert "status" not in out and "stated_status" not in out
    assert (out["start_key"], out["end_key"]) == ("2020-12-01", "2024-12-31")
    assert out["term"] == "2020-12-01|2024-12-31|EU"


def test_a_delisting_ends_a_sanction_before_the_end_its_list_stated() -> None:
    out = _sanction(
        {"authority": ["OFAC"], "listingDate": ["2020-01-01"], "endDate": ["2030-01-01"]},
        ended="2025-06-01",
    )
    assert out["end_key"] == "2025-06-01" and out["end_date"] == "2030-01-01"
    assert out["term"] == "2020-01-01|2025-06-01|US"
    delisted = _sanction({"authority": ["OFAC"], "listingDate": ["2020"]}, ended="2025-06-01")
    assert (delisted["end_date"], delisted["end_key"]) == ("2025-06-01", "2025-06-01")


def test_a_status_the_list_states_is_a_fact_and_no_term() -> None:
    out = _sanction({"authority": ["United Nations"], "status": ["Suspended"]})
    assert out["stated_status"] == "suspended"
    assert "term" not in out


# -- services, for today and for an earlier day ---------------------------------------
def _graph() -> FakeStore:
    store = FakeStore()
    store.entity("expired", terms=[ENDED_YESTERDAY])
    store.entity("held")
    store.owns("expired", "held", "60")
    return store


def test_gaps_are_read_on_the_day() -> None:
    def run(day: str | None) -> dict[str, list[str]]:
        found = asyncio.run(
            gaps.gaps(_graph(), "US", first=10, after=None, max_page_size=100, day=day)
        )
        return {g.entity_id: g.reasons for g in found}

    assert run(None) == {}
    assert run(DAY_BEFORE) == {
        "expired": ["listed by EU but not by US"],
        "held": ["ownership link to Expired (listed by EU)"],
    }


def test_exposure_is_read_on_the_day() -> None:
    assert asyncio.run(exposure.exposure(_graph(), "held", 2)) == []
    found = asyncio.run(exposure.exposure(_graph(), "held", 2, DAY_BEFORE))
    assert [e.target_id for e in found] == ["expired"]


def test_the_fifty_percent_rule_is_read_on_the_report_date() -> None:
    today = asyncio.run(ownership.report(_graph(), "held"))
    assert (today.fifty_percent_rule, today.day) == (False, TODAY.isoformat())
    before = asyncio.run(ownership.report(_graph(), "held", DAY_BEFORE))
    assert before.fifty_percent_rule is True and before.day == DAY_BEFORE


def test_participants_are_filtered_by_who_lists_them_on_the_day() -> None:
    store = FakeStore()
    store.entity("vendor", terms=[ENDED_YESTERDAY])
    store.entity("programme", schema="Programme")
    store.link("PARTICIPATION", "vendor", "programme")
    now = asyncio.run(programmes.participants(store, "programme", sanctioned_by="EU"))
    assert now == []
    then = asyncio.run(
        programmes.participants(store, "programme", sanctioned_by="EU", day=DAY_BEFORE)
    )
    assert [(p.entity_id, p.listed_by) for p in then] == [("vendor", ["EU"])]
