"""Paths and exposure follow links between entities, never the records behind
them, and never pass through a Sanction; a path flags the hops at an entity
merged on name similarity alone; exposure stops at the nearest 100; a
relationship page and its counts agree on a link from an entity to itself.
Run on small graphs built for each."""

from __future__ import annotations

import re
from collections import Counter

import neo4j
import pytest
from fastapi.testclient import TestClient

import queries
from graphsvc.api.app import create_app
from graphsvc.model import EDGE_TYPES, PATH_TYPES
from graphsvc.settings import Settings
from tests.graphtools import query, record_reads

SEARCHES = ("paths/shortest_one_any", "paths/shortest_one", "paths/shortest", "sanctions/exposure")
PATHS = (*SEARCHES[:3], "paths/shortest_one_procedure")

# a and b are joined by a real chain of five links, and also by two shortcuts
# that are not links between parties: their source records share an
# identifier (four hops through the records), and one Sanction names both.
# c3, on the chain, was merged on name similarity alone. c2 and z are under
# sanction, c1 was until 2001.
GRAPH = """
CREATE (a:Entity:Company {id: "a"}), (b:Entity:Company {id: "b"}),
       (c1:Entity:Company {id: "c1", sanction_terms: ["2000-01-01|2001-01-01|UK"]}),
       (c2:Entity:Company {id: "c2", sanction_terms: ["0000-01-01|9999-12-31|EU"]}),
       (c3:Entity:Person {id: "c3", resolution: "score"}), (c4:Entity:Company {id: "c4"}),
       (z:Entity:Company {id: "z", sanction_terms: ["0000-01-01|9999-12-31|EU"]}),
       (s:Entity:Sanction {id: "s"}),
       (a)-[:OWNERSHIP {id: "l1"}]->(c1), (c1)-[:OWNERSHIP {id: "l2"}]->(c2),
       (c3)-[:DIRECTORSHIP {id: "l3"}]->(c2), (c3)-[:SUPPLY {id: "l4"}]->(c4),
       (c4)-[:OWNERSHIP {id: "l5"}]->(b),
       (s)-[:SANCTIONS {id: "l6"}]->(a), (s)-[:SANCTIONS {id: "l7"}]->(b),
       (i:Identifier {key: "inn:7701234567"}),
       (ra:Record {id: "ra"})-[:PART_OF]->(a), (rb:Record {id: "rb"})-[:PART_OF]->(b),
       (rz:Record {id: "rz"})-[:PART_OF]->(z),
       (ra)-[:HAS_IDENTIFIER]->(i), (rb)-[:HAS_IDENTIFIER]->(i), (rz)-[:HAS_IDENTIFIER]->(i)
"""
CHAIN = ["a", "c1", "c2", "c3", "c4", "b"]


@pytest.fixture
def linked(clean_graph: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    with clean_graph.session(database=settings.neo4j_database) as session:
        session.run(GRAPH).consume()
    return clean_graph


def paths(driver: neo4j.Driver, name: str, hops: int) -> list[list[str]]:
    params: dict[str, object] = {"from": "a", "to": "b", "max_hops": hops}
    if name != "paths/shortest_one_any":
        params.update(types=None, as_of=None, confirmed_only=False, limit=5)
    if name == "paths/shortest_one_procedure":  # it takes the types to follow
        params.update(types=list(PATH_TYPES))
    rows = query(driver, queries.cypher(name), **params)
    for r in rows:
        assert r["score_merged"] == [n for n in r["nodes"] if n == "c3"], name
    return [r["nodes"] for r in rows]


@pytest.mark.parametrize("name", PATHS)
def test_paths_skip_records_and_sanctions(linked: neo4j.Driver, name: str) -> None:
    assert paths(linked, name, 4) == []
    assert paths(linked, name, 5) == [CHAIN]


def test_exposure_skips_records(linked: neo4j.Driver) -> None:
    def targets(day: str) -> list[tuple[str, list[str]]]:
        rows = query(
            linked, queries.cypher("sanctions/exposure"), id="a", max_hops=4, day=day, limit=10
        )
        assert all(r["score_merged"] == [] for r in rows)
        return [(r["target"], r["nodes"]) for r in rows]

    assert targets("2026-01-01") == [("c2", ["a", "c1", "c2"])]
    assert targets("2000-06-01") == [("c1", ["a", "c1"]), ("c2", ["a", "c1", "c2"])]
    assert targets("2001-01-01") == [("c2", ["a", "c1", "c2"])]  # its end date


@pytest.mark.parametrize("first", [1, 5])
def test_hops_next_to_a_score_merge_are_flagged(
    linked: neo4j.Driver, settings: Settings, first: int
) -> None:
    gql = """query($first: Int!) { paths(fromId: "a", toId: "b", maxHops: 5, first: $first) {
        entityIds restsOnScoreMerge hops { fromId toId restsOnScoreMerge } } }"""
    with TestClient(create_app(settings)) as api:
        body = api.post("/graphql", json={"query": gql, "variables": {"first": first}}).json()
    assert "errors" not in body, body
    (path,) = body["data"]["paths"]
    assert path["entityIds"] == CHAIN and path["restsOnScoreMerge"] is True
    flagged = [(h["fromId"], h["toId"]) for h in path["hops"] if h["restsOnScoreMerge"]]
    assert flagged == [("c3", "c2"), ("c3", "c4")]


def test_the_link_types_written_out_are_the_models() -> None:
    """Queries list their link types in the pattern (a type cannot be a
    parameter): the searches follow the model's, less SANCTIONS (as the
    procedure's PATH_TYPES); a relationship page and its counts cover every one."""
    assert list(PATH_TYPES) == sorted(EDGE_TYPES - {"SANCTIONS"})
    for name in SEARCHES:
        lists = re.findall(r"-\[[a-z]*:([A-Z_|]+)[\]*]", queries.cypher(name))
        assert lists, name
        for found in lists:
            assert found.split("|") == sorted(EDGE_TYPES - {"SANCTIONS"}), name
    for name in ("entity/relationships", "entity/relationship_counts"):
        page = re.findall(r"-\[x:([A-Z_|]+)\]", queries.cypher(name))
        assert [p.split("|") for p in page] == [sorted(EDGE_TYPES)], name
    counted = re.findall(r'type: "([A-Z_]+)", outgoing: (true|false)',
                         queries.cypher("entity/relationship_counts_all"))  # fmt: skip
    assert counted == [(t, d) for t in sorted(EDGE_TYPES) for d in ("true", "false")]


# A hub with 100 sanctioned neighbours, one of which owns a sanctioned entity
# whose caption sorts first: two hops out, so it is not among the nearest 100.
HUB = """
CREATE (h:Entity:Company {id: "h", caption: "Hub"}),
       (deep:Entity:Company {id: "deep", caption: "AAA",
                             sanction_terms: ["0000-01-01|9999-12-31|EU"]})
WITH h, deep
UNWIND range(0, 99) AS i
CREATE (h)-[:OWNERSHIP {id: "h" + i}]->(s:Entity:Company {
         id: "s" + i, caption: "S" + i, sanction_terms: ["0000-01-01|9999-12-31|EU"]})
WITH deep, s WHERE s.id = "s0"
CREATE (s)-[:OWNERSHIP {id: "deep0"}]->(deep)
"""


def test_exposure_stops_once_the_nearest_fill_the_answer(
    clean_graph: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    with clean_graph.session(database=settings.neo4j_database) as session:
        session.run(HUB).consume()
    calls = record_reads(monkeypatch)

    def searches() -> Counter[int]:
        """How many exposure searches ran, by hop bound, since the last call."""
        bounds = Counter(p["max_hops"] for name, p in calls if name == "sanctions/exposure")
        calls.clear()
        return bounds

    gql = """query($id: ID!, $hops: Int!) { exposure(entityId: $id, maxHops: $hops) {
        targetId path { length } } }"""
    with TestClient(create_app(settings)) as api:

        def exposure(entity: str, hops: int) -> list[tuple[str, int]]:
            variables = {"id": entity, "hops": hops}
            body = api.post("/graphql", json={"query": gql, "variables": variables}).json()
            assert "errors" not in body, body
            return [(x["targetId"], x["path"]["length"]) for x in body["data"]["exposure"]]

        nearest = exposure("h", 3)
        assert len(nearest) == 100 and {n for _, n in nearest} == {1}
        assert ("deep", 2) not in nearest
        assert searches() == {1: 1}  # one hop found 100: no deeper search
        # from another neighbour: nothing at one hop, 99 at two, so on to three
        around = exposure("s1", 3)
        assert sorted(around[:-1]) == sorted((f"s{i}", 2) for i in (0, *range(2, 100)))
        assert around[-1] == ("deep", 3)
        assert searches() == {1: 1, 2: 1, 3: 1}


def test_a_link_to_itself_counts_once(clean_graph: neo4j.Driver, settings: Settings) -> None:
    with clean_graph.session(database=settings.neo4j_database) as session:
        session.run(
            """CREATE (x:Entity:Company {id: "x"}), (y:Entity:Company {id: "y"}),
                      (x)-[:OWNERSHIP {id: "loop"}]->(x), (x)-[:OWNERSHIP {id: "out"}]->(y),
                      (y)-[:OWNERSHIP {id: "in"}]->(x), (y)-[:SUPPLY {id: "sup"}]->(x)"""
        ).consume()
    page = query(clean_graph, queries.cypher("entity/relationships"), id="x", types=None,
                 direction=None, as_of=None, after=None, limit=10)  # fmt: skip
    assert sorted(r["rel"]["id"] for r in page) == ["in", "loop", "out", "sup"]
    counted = query(clean_graph, queries.cypher("entity/relationship_counts"), id="x", as_of=None)
    stored = query(clean_graph, queries.cypher("entity/relationship_counts_all"), id="x")
    assert (
        stored
        == counted
        == [
            {"type": "OWNERSHIP", "outgoing": False, "count": 1},
            {"type": "OWNERSHIP", "outgoing": True, "count": 2},
            {"type": "SUPPLY", "outgoing": False, "count": 1},
        ]
    )
