"""graphsvc.shortestPath, the local runtime's path search, finds paths as
short as Cypher's shortestPath on the Moscow case, with and without the
filters; reads around a hub only as much as it must; and the API falls back
to Cypher where a server has no such procedure."""

from __future__ import annotations

import itertools
import random

import neo4j
import pytest
from fastapi.testclient import TestClient

import queries
from graphsvc.api.app import create_app
from graphsvc.graph.neo4j_store import Neo4jStore
from graphsvc.model import PATH_TYPES
from graphsvc.settings import Settings
from tests.graphtools import query, record_reads


def lengths(
    driver: neo4j.Driver,
    name: str,
    pairs: list[tuple[str, str]],
    max_hops: int = 4,
    **filters: object,
) -> list[int | None]:
    """The length of the path each query finds between each pair (None: none)."""
    out: list[int | None] = []
    for a, b in pairs:
        params = {"from": a, "to": b, "max_hops": max_hops, **filters}
        rows = query(driver, queries.cypher(name), **params)
        out.append(len(rows[0]["rels"]) if rows else None)
    return out


@pytest.fixture(scope="module")
def pairs(case_graph: neo4j.Driver) -> list[tuple[str, str]]:
    ids = sorted(
        r["id"]
        for r in query(case_graph, "MATCH (e:Entity) WHERE NOT e:Sanction RETURN e.id AS id")
    )
    every = list(itertools.combinations(ids, 2))
    return random.Random(7).sample(every, min(400, len(every)))


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"types": ["OWNERSHIP", "SUPPLY", "CONTRACT_AWARD", "AWARDED_BY"]},
        {"as_of": "2016-01-01"},
        {"confirmed_only": True},
    ],
    ids=["all", "types", "as_of", "confirmed_only"],
)
def test_paths_are_as_short_as_cyphers(
    case_graph: neo4j.Driver, pairs: list[tuple[str, str]], filters: dict[str, object]
) -> None:
    cypher_filters = {"types": None, "as_of": None, "confirmed_only": False, **filters}
    expected = lengths(case_graph, "paths/shortest_one", pairs, **cypher_filters)
    types = filters.get("types", list(PATH_TYPES))
    found = lengths(
        case_graph, "paths/shortest_one_procedure", pairs, **{**cypher_filters, "types": types}
    )
    assert found == expected
    # the comparison means something: paths of several lengths, and pairs with none
    assert {1, 2, 3} <= set(expected) and None in expected


def test_a_path_is_a_chain_of_links_that_obey_the_filters(
    case_graph: neo4j.Driver, pairs: list[tuple[str, str]]
) -> None:
    checked = 0
    for a, b in pairs:
        params = {"from": a, "to": b, "max_hops": 4, "types": ["OWNERSHIP", "SUPPLY"],
                  "as_of": "2016-01-01", "confirmed_only": False}  # fmt: skip
        for row in query(case_graph, queries.cypher("paths/shortest_one_procedure"), **params):
            nodes, rels = row["nodes"], row["rels"]
            assert nodes[0] == a and nodes[-1] == b and len(set(nodes)) == len(nodes)
            for here, there, rel in zip(nodes[:-1], nodes[1:], rels, strict=True):
                assert {rel["from"], rel["to"]} == {here, there}
                assert rel["type"] in ("OWNERSHIP", "SUPPLY")
                assert rel.get("start_key") is None or rel["start_key"] <= "2016-01-01"
                assert rel.get("end_key") is None or rel["end_key"] >= "2016-01-01"
            checked += 1
    assert checked > 0


def test_the_api_uses_the_procedure_here_and_cypher_without_it(
    case_graph: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    gql = """{ paths(fromId: "moscow-case:nvidia", toId: "moscow-case:moscow-metro",
                     maxHops: 6, first: 1) { length entityIds } }"""
    calls = record_reads(monkeypatch)
    with TestClient(create_app(settings)) as api:
        with_procedure = api.post("/graphql", json={"query": gql}).json()
    assert "errors" not in with_procedure, with_procedure
    assert "paths/shortest_one_procedure" in [name for name, _p in calls]

    async def none(self: Neo4jStore, name: str) -> bool:
        return False

    monkeypatch.setattr(Neo4jStore, "has_procedure", none)
    calls.clear()
    with TestClient(create_app(settings)) as api:
        without = api.post("/graphql", json={"query": gql}).json()
    assert "paths/shortest_one_any" in [name for name, _p in calls]
    assert without["data"]["paths"][0]["length"] == with_procedure["data"]["paths"][0]["length"]


@pytest.mark.parametrize("first", [1, 5])
def test_two_ids_of_one_entity_are_joined_by_no_link(
    case_graph: neo4j.Driver, settings: Settings, first: int
) -> None:
    (row,) = query(
        case_graph,
        "MATCH (r:Record)-[:PART_OF]->(e:Entity) WHERE NOT e:Sanction "
        "RETURN r.id AS record, e.id AS entity ORDER BY r.id LIMIT 1",
    )
    gql = """query($a: ID!, $b: ID!, $first: Int!) { paths(fromId: $a, toId: $b, first: $first) {
        length entityIds hops { type } restsOnScoreMerge } }"""
    with TestClient(create_app(settings)) as api:
        for a, b in ((row["entity"], row["entity"]), (row["record"], row["entity"])):
            variables = {"a": a, "b": b, "first": first}
            body = api.post("/graphql", json={"query": gql, "variables": variables}).json()
            assert "errors" not in body, body
            assert body["data"]["paths"] == [
                {"length": 0, "entityIds": [row["entity"]], "hops": [], "restsOnScoreMerge": False}
            ]


# A holding with 2,000 subsidiaries, at one end of a chain of four links.
HUB = """
CREATE (a:Entity:Company {id: "a"}), (x:Entity:Company {id: "x"}),
       (y:Entity:Company {id: "y"}), (z:Entity:Company {id: "z"}),
       (h:Entity:Company {id: "h"}),
       (a)<-[:OWNERSHIP {id: "l1"}]-(x), (x)<-[:OWNERSHIP {id: "l2"}]-(y),
       (y)<-[:OWNERSHIP {id: "l3"}]-(z), (z)<-[:OWNERSHIP {id: "l4"}]-(h)
WITH h
UNWIND range(1, 2000) AS i
CREATE (h)-[:OWNERSHIP {id: "o" + i}]->(:Entity:Company {id: "s" + i})
"""


def test_a_hub_at_one_end_is_met_not_expanded(
    clean_graph: neo4j.Driver, settings: Settings
) -> None:
    with clean_graph.session(database=settings.neo4j_database) as session:
        session.run(HUB).consume()
    params = {"from": "a", "to": "h", "max_hops": 4}
    with clean_graph.session(database=settings.neo4j_database) as session:
        cypher_plan = session.run("PROFILE " + queries.cypher("paths/shortest_one_any"), params)
        assert [r["nodes"] for r in cypher_plan] == [["a", "x", "y", "z", "h"]]
        cypher_hits = _db_hits(cypher_plan.consume().profile)
        rows = session.run(
            """MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
               CALL graphsvc.shortestPath(a, b, $max_hops, $types, null, false)
                 YIELD nodes, reads
               RETURN [n IN nodes | n.id] AS nodes, reads""",
            {**params, "types": list(PATH_TYPES)},
        ).data()
    assert [r["nodes"] for r in rows] == [["a", "x", "y", "z", "h"]]
    # Cypher reads the holding's 2,000 links; the procedure goes from the
    # other end, where each step costs a link or two, and meets the holding.
    assert cypher_hits > 2000
    assert rows[0]["reads"] < 20


def _db_hits(plan: object) -> int:
    p = plan if isinstance(plan, dict) else {}
    return int(p.get("dbHits", 0)) + sum(_db_hits(c) for c in p.get("children", []))


def hub_graph(driver: neo4j.Driver, settings: Settings) -> list[str]:
    """A random graph of 4,000 entities with four hubs of 1,050 to 1,400
    links (more than the procedure's HUB of 1,000), some links ended in
    2015 and some entities merged on score alone; its entity ids."""
    rng = random.Random(11)
    ids = [f"n{i}" for i in range(4000)]
    hubs = ids[:4]
    links = set()
    for k, hub in enumerate(hubs):
        for other in rng.sample(ids[4:], 1050 + 115 * k):
            links.add((hub, other))
    links.add((hubs[0], hubs[1]))
    while len(links) < 4945 + 3000:
        a, b = rng.sample(ids[4:], 2)
        links.add((a, b))
    rows = [
        {"a": a, "b": b, "type": rng.choice(["OWNERSHIP", "SUPPLY", "DIRECTORSHIP"]),
         "end": "2015-06-30" if rng.random() < 0.3 else None}
        for a, b in sorted(links)
    ]  # fmt: skip
    nodes = [{"id": i, "score": rng.random() < 0.2} for i in ids]
    with driver.session(database=settings.neo4j_database) as session:
        session.run(
            """UNWIND $nodes AS n
               CREATE (:Entity:Company {id: n.id,
                       resolution: CASE WHEN n.score THEN "score" ELSE "single" END})""",
            nodes=nodes,
        ).consume()
        for t in ("OWNERSHIP", "SUPPLY", "DIRECTORSHIP"):
            # a relationship type cannot be a parameter: one statement each
            session.run(
                "UNWIND $rows AS r MATCH (a:Entity {id: r.a}), (b:Entity {id: r.b}) "
                "CREATE (a)-[:" + t + " {id: r.a + '-' + r.b, end_key: r.end}]->(b)",
                rows=[r for r in rows if r["type"] == t],
            ).consume()
    return ids


@pytest.mark.parametrize(
    "filters",
    [{}, {"types": ["OWNERSHIP", "SUPPLY"]}, {"as_of": "2016-01-01"}, {"confirmed_only": True}],
    ids=["all", "types", "as_of", "confirmed_only"],
)
def test_around_hubs_paths_are_as_short_as_cyphers(
    clean_graph: neo4j.Driver, settings: Settings, filters: dict[str, object]
) -> None:
    ids = hub_graph(clean_graph, settings)
    rng = random.Random(5)
    # pairs at hubs, next to hubs and anywhere
    pairs = [(rng.choice(ids[:4]), rng.choice(ids)) for _ in range(60)]
    pairs += [tuple(rng.sample(ids, 2)) for _ in range(140)]  # type: ignore[misc]
    cypher_filters = {"types": None, "as_of": None, "confirmed_only": False, **filters}
    types = filters.get("types", list(PATH_TYPES))
    found_lengths: set[int | None] = set()
    for hops in (2, 3, 4):
        expected = lengths(
            clean_graph, "paths/shortest_one", pairs, max_hops=hops, **cypher_filters
        )
        found = lengths(
            clean_graph, "paths/shortest_one_procedure", pairs,
            max_hops=hops, **{**cypher_filters, "types": types},
        )  # fmt: skip
        assert found == expected, hops
        found_lengths |= set(found)
    assert {1, 2, 3, 4} <= found_lengths


# A hub of 1,200 links at one end; at the other, a tree of 10 children with 5
# children each, each of those with 4 leaves; one of the 50 in the middle
# also links to one of the hub's.
WIDE = """
CREATE (a:Entity:Company {id: "a"}), (h:Entity:Company {id: "h"})
WITH a, h
UNWIND range(1, 1200) AS i
CREATE (h)-[:OWNERSHIP {id: "h" + i}]->(:Entity:Company {id: "hl" + i})
WITH DISTINCT a
UNWIND range(1, 10) AS c
CREATE (a)-[:OWNERSHIP {id: "c" + c}]->(child:Entity:Company {id: "c" + c})
WITH child, c
UNWIND range(1, 5) AS g
CREATE (child)-[:OWNERSHIP {id: "g" + c + "-" + g}]->(gc:Entity:Company {id: "g" + c + "-" + g})
WITH gc
UNWIND range(1, 4) AS l
CREATE (gc)-[:OWNERSHIP {id: gc.id + "-" + l}]->(:Entity:Company {id: gc.id + "-" + l})
WITH count(*) AS made
MATCH (g:Entity {id: "g7-3"}), (hl:Entity {id: "hl600"})
CREATE (g)-[:SUPPLY {id: "bridge"}]->(hl)
"""


def test_a_wide_level_meets_a_hub_through_the_hubs_links(
    clean_graph: neo4j.Driver, settings: Settings
) -> None:
    """Two hops from the end, the tree's level of 50 has 201 nodes beside
    it: cheaper to read the hub's 1,200 links once than to look for the hub
    from each of them."""
    with clean_graph.session(database=settings.neo4j_database) as session:
        session.run(WIDE).consume()
    expected = ["a", "c7", "g7-3", "hl600", "h"]
    for hops in (4, 5):
        params = {"from": "a", "to": "h", "max_hops": hops, "types": list(PATH_TYPES),
                  "as_of": None, "confirmed_only": False}  # fmt: skip
        rows = query(clean_graph, queries.cypher("paths/shortest_one_procedure"), **params)
        assert [r["nodes"] for r in rows] == [expected], hops
    params = {"from": "a", "to": "h", "max_hops": 3}
    assert query(clean_graph, queries.cypher("paths/shortest_one_any"), **params) == []
    params["max_hops"] = 4
    assert [
        r["nodes"] for r in query(clean_graph, queries.cypher("paths/shortest_one_any"), **params)
    ] == [expected]
