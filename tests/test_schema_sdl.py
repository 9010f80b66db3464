"""The committed GraphQL SDL is the schema the code serves."""

from __future__ import annotations

from pathlib import Path

from graphsvc.graphql.schema import build_schema
from graphsvc.settings import Settings

SDL = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_committed_sdl_matches_the_code() -> None:
    served = build_schema(Settings()).as_str() + "\n"
    assert SDL.read_text(encoding="utf-8") == served, (
        "schema.graphql is out of date: run `make schema` and commit it"
    )
