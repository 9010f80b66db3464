"""A case file built from an in-memory store."""

from __future__ import annotations

import asyncio
import json

import pytest

from graphsvc.errors import NotFound
from graphsvc.services.casefile import build_case
from graphsvc.services.casefile_render import render_markdown, to_ftm
from tests.fake_store import FakeStore


def test_the_owners_section_shows_each_chain_with_its_arithmetic() -> None:
    store = FakeStore()
    t = store.entity("target")
    store.owns(store.entity("holding", listed_by=["US"]), store.entity("middle"), "50")
    store.owns("middle", t, "80")
    case = asyncio.run(build_case(store, t, "2024-01-01"))
    text = render_markdown(case)
    assert text.startswith("# Case file: Target\n")
    assert "## Owners as of 2024-01-01" in text
    assert "- Holding → Middle → Target: 50% × 80% = 40%" in text
    assert "- Middle → Target: 80%" in text
    (entity,) = [json.loads(line) for line in to_ftm(case).splitlines()]
    assert (entity["id"], entity["schema"]) == ("target", "Company")


def test_an_unknown_id_has_no_case() -> None:
    with pytest.raises(NotFound):
        asyncio.run(build_case(FakeStore(), "nobody"))
