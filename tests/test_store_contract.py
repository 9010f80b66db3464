"""Every typed store method against its query's header.

Each ``.cypher`` file opens with comments naming ``Parameters: $a, $b`` and
``Columns: x, y``. The store method for a query must pass exactly those
parameters, and its row type must have exactly those columns as fields.
The store runs here on a stand-in for the query runner, without Neo4j.
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

import queries
from graphsvc.graph.neo4j_store import Neo4jStore
from graphsvc.graph.protocol import Store
from graphsvc.graph.rows import ROW_TYPES
from graphsvc.settings import Settings

Call = Callable[[Neo4jStore], Awaitable[object]]

# One call of each store method, with any arguments of the right types.
CALLS: dict[str, tuple[str, Call]] = {
    "entity/by_ids": ("entities", lambda s: s.entities(["e1"])),
    "entity/records": ("entity_records", lambda s: s.entity_records(["e1"])),
    "records/by_ids": ("records", lambda s: s.records(["r1"])),
    "sanctions/of_entities": ("sanctions", lambda s: s.sanctions(["e1"], None)),
    "entity/relationships": (
        "relationships",
        lambda s: s.relationships("e1", None, None, None, None, 5),
    ),
    "entity/relationship_counts": (
        "relationship_counts",
        lambda s: s.relationship_counts("e1", "2024-01-01"),
    ),
    "entity/relationship_counts_all": (
        "relationship_counts_all",
        lambda s: s.relationship_counts_all("e1"),
    ),
    "paths/shortest": (
        "shortest_paths",
        lambda s: s.shortest_paths("a", "b", 2, None, None, False, 5),
    ),
    "paths/shortest_one": (
        "shortest_path",
        lambda s: s.shortest_path("a", "b", 2, None, None, False),
    ),
    "paths/shortest_one_any": (
        "shortest_path_unfiltered",
        lambda s: s.shortest_path_unfiltered("a", "b", 2),
    ),
    "paths/shortest_one_procedure": (
        "shortest_path_procedure",
        lambda s: s.shortest_path_procedure("a", "b", 2, ["SUPPLY"], None, False),
    ),
    "ownership/owners": ("owners", lambda s: s.owners("e1", None, "2024-01-01", 10)),
    "ownership/holdings": ("holdings", lambda s: s.holdings("e1", None, 10)),
    "sanctions/exposure": ("exposure", lambda s: s.exposure("e1", 2, "2024-01-01", 10)),
    "sanctions/gaps": ("gaps", lambda s: s.gaps("EU", "2024-01-01", None, 10)),
    "sanctions/suppliers": ("suppliers", lambda s: s.suppliers("e1")),
    "programmes/participants": ("participants", lambda s: s.participants("p1")),
    "programmes/of_entity": ("programmes_of", lambda s: s.programmes_of("e1")),
    "programmes/list": ("programmes", lambda s: s.programmes()),
    "store/review_queue": ("review_queue", lambda s: s.review_queue(0, 10, "2024-01-01")),
    "contracts/by_party": ("contracts", lambda s: s.contracts("e1")),
    "search/fulltext": (
        "search",
        lambda s: s.search("a", None, None, None, None, None, "2024-01-01", 10),
    ),
    "stats/counts": ("counts", lambda s: s.counts()),
    "match/dataset_exists": ("dataset_exists", lambda s: s.dataset_exists("d")),
    "match/candidates_by_identifier": (
        "candidates_by_identifier",
        lambda s: s.candidates_by_identifier([("q", ["inn:1"])], ["Company"], None),
    ),
    "match/candidates_by_name": (
        "candidates_by_name",
        lambda s: s.candidates_by_name([("q", "tech")], 20, ["Company"], None),
    ),
    "match/entities": ("match_entities", lambda s: s.match_entities(["e1"])),
    "schema/procedures": ("has_procedure", lambda s: s.has_procedure("graphsvc.shortestPath")),
    "schema/components": ("server_info", lambda s: s.server_info()),
}


def header(name: str) -> tuple[set[str], list[str]]:
    """The parameters and columns a query's opening comments name."""
    parts: dict[str, str] = {"params": "", "cols": ""}
    section: str | None = None
    for line in queries.cypher(name).splitlines():
        if not line.startswith("//"):
            break
        text = line[2:]
        if "Parameters:" in text:
            section, text = "params", text.split("Parameters:", 1)[1]
        elif "Columns:" in text and section != "params":
            section, text = "cols", text.split("Columns:", 1)[1]
        elif not text.startswith("  ") and "Columns:" not in text:  # not a continuation
            section = None
        if section == "params" and "Columns:" in text:
            before, text = text.split("Columns:", 1)
            parts["params"] += " " + before
            section = "cols"
        if section is not None:
            parts[section] += " " + text
    params = set(re.findall(r"\$(\w+)", parts["params"]))
    cols = parts["cols"]
    while "(" in cols:  # descriptions in parentheses, nested too
        cols = re.sub(r"\([^()]*\)", "", cols)
    columns = [c.strip().rstrip(".").split()[0] for c in cols.split(",") if c.strip(" .")]
    return params, columns


def store_calling(record: list[tuple[str, dict[str, Any]]]) -> Neo4jStore:
    store = Neo4jStore(None, Settings())  # type: ignore[arg-type]

    async def read(name: str, **params: Any) -> list[dict[str, Any]]:
        record.append((name, params))
        return []

    store.read = read  # type: ignore[method-assign]
    return store


def test_header_parser_reads_both_layouts() -> None:
    assert header("sanctions/suppliers") == ({"id"}, ["supplier", "how", "via"])
    assert header("paths/shortest") == (
        {"from", "to", "max_hops", "types", "as_of", "confirmed_only", "limit"},
        ["nodes", "rels", "score_merged"],
    )
    assert header("programmes/list") == (set(), ["programme", "participants"])
    assert header("store/dataset_edition") == (
        {"dataset", "edition", "title", "publisher", "kind"},
        ["previous"],
    )


@pytest.mark.parametrize("name", queries.names())
def test_header_names_the_parameters_the_query_uses(name: str) -> None:
    body = "\n".join(
        line for line in queries.cypher(name).splitlines() if not line.lstrip().startswith("//")
    )
    params, _columns = header(name)
    assert params == set(re.findall(r"\$([A-Za-z_]\w*)", body))


@pytest.mark.parametrize("name", sorted(ROW_TYPES))
def test_row_type_has_the_columns_of_its_query(name: str) -> None:
    _params, columns = header(name)
    fields = [f.name for f in dataclasses.fields(ROW_TYPES[name])]
    assert fields == columns


@pytest.mark.parametrize("name", sorted(CALLS))
def test_store_method_passes_the_parameters_of_its_query(name: str) -> None:
    record: list[tuple[str, dict[str, Any]]] = []
    _method, call = CALLS[name]
    asyncio.run(call(store_calling(record)))  # type: ignore[arg-type]
    assert [n for n, _ in record] == [name]
    params, _columns = header(name)
    assert set(record[0][1]) == params


def test_every_query_the_store_runs_has_a_row_type_and_every_method_a_check() -> None:
    assert set(CALLS) == set(ROW_TYPES)
    interface = {
        n for n, v in inspect.getmembers(Store) if inspect.iscoroutinefunction(v) and n[0] != "_"
    }
    checked = {method for method, _ in CALLS.values()}
    assert interface <= checked
    # and the store has every method of the interface
    assert all(inspect.iscoroutinefunction(getattr(Neo4jStore, n)) for n in interface)
