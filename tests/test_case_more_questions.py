"""The bundled Moscow case asked the follow-up questions, through GraphQL:
holdings, sanctions exposure, contracts, the case file and its exports, and
paging through an entity's relationships."""

from __future__ import annotations

import json
import re
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

import queries
from graphsvc.api.app import create_app
from graphsvc.settings import Settings
from tests import graphtools
from tests.test_case_graph import ask


@pytest.fixture(scope="module")
def api(case_graph: neo4j.Driver, settings: Settings) -> Any:
    with TestClient(create_app(settings)) as client:
        yield client


HOLDINGS = """query($asOf: String) {
  holdings(entityId: "moscow-case:yevtushenkov", asOf: $asOf) {
    owners { entity { ... on Entity { caption } } total
             chains { entities { caption } percentages arithmetic recordIds } } } }"""


def test_what_yevtushenkov_holds_through_sistema(api: TestClient) -> None:
    resp = api.post("/graphql", json={"query": HOLDINGS, "variables": {"asOf": "2026-01-01"}})
    held = {h["entity"]["caption"]: h for h in resp.json()["data"]["holdings"]["owners"]}
    assert set(held) == {"Sistema", "Mobile TeleSystems PJSC", "VisionLabs"}
    chains = {tuple(e["caption"] for e in c["entities"]): c for c in held["VisionLabs"]["chains"]}
    stated = chains[("Vladimir Petrovich YEVTUSHENKOV", "Sistema", "Mobile TeleSystems PJSC",
                     "VisionLabs")]  # fmt: skip
    # A share the sources do not state stays unknown: no product is invented.
    assert "49.2% × unknown × unknown = unknown" in {
        c["arithmetic"] for c in held["VisionLabs"]["chains"]
    }
    # Each chain cites the record behind every link, in chain order.
    assert any(
        c["recordIds"]
        == [
            "moscow-case:yevtushenkov-owns-49-2-sistema",
            "moscow-case:sistema-owns-mts",
            "moscow-case:mts-owns-visionlabs",
        ]
        for c in held["VisionLabs"]["chains"]
    )
    assert stated["percentages"][1:] == [None, None]
    direct = [c for c in held["Sistema"]["chains"] if c["percentages"] == ["49.2"]]
    assert [c["arithmetic"] for c in direct] == ["49.2%"]


def test_holdings_as_of_a_date_leave_out_ended_stakes(api: TestClient) -> None:
    def chains(as_of: str | None) -> set[str]:
        resp = api.post("/graphql", json={"query": HOLDINGS, "variables": {"asOf": as_of}})
        return {
            rid
            for h in resp.json()["data"]["holdings"]["owners"]
            for c in h["chains"]
            for rid in c["recordIds"]
        }

    # The majority stake in Sistema ended in April 2022.
    assert "moscow-case:yevtushenkov-majority-sistema" in chains("2021-06-01")
    assert "moscow-case:yevtushenkov-majority-sistema" not in chains("2026-01-01")


def test_sanctions_exposure_of_the_moscow_metro(api: TestClient) -> None:
    data = ask(
        api,
        """{ exposure(entityId: "moscow-case:moscow-metro", maxHops: 2) {
        target { ... on Entity { caption listedBy } }
        path { length hops { type evidence { id } } } } }""",
    )
    found = {e["target"]["caption"]: e for e in data["exposure"]}
    assert {name: e["path"]["length"] for name, e in found.items()} == {
        "NtechLab": 1,
        "Tevian": 1,
        "IPJSC NTK": 2,
        "Rostec (Russian Technologies State Corporation)": 2,
    }
    assert found["NtechLab"]["target"]["listedBy"] == ["EU"]
    rostec = found["Rostec (Russian Technologies State Corporation)"]["path"]["hops"]
    assert [h["type"] for h in rostec] == ["USAGE", "OWNERSHIP"]
    assert all(h["evidence"] for h in rostec)
    one_hop = ask(
        api,
        """{ exposure(entityId: "moscow-case:moscow-metro", maxHops: 1) {
        target { ... on Entity { caption } } } }""",
    )
    assert {e["target"]["caption"] for e in one_hop["exposure"]} == {"NtechLab", "Tevian"}


def test_contracts_by_buyer_and_by_supplier(api: TestClient) -> None:
    query = """query($party: ID!) { contracts(party: $party) {
        caption role amount currency buyers { caption } suppliers { caption }
        evidence { id citations { publisher quote } } } }"""

    def contracts(party: str) -> list[dict[str, Any]]:
        resp = api.post("/graphql", json={"query": query, "variables": {"party": party}})
        body = resp.json()
        assert "errors" not in body, body
        result: list[dict[str, Any]] = body["data"]["contracts"]
        return result

    (bought,) = contracts("moscow-case:mosgortrans")
    assert bought["role"] == "buyer"
    assert (bought["amount"], bought["currency"]) == ("73900000", "RUB")
    assert [s["caption"] for s in bought["suppliers"]] == ['OOO "Servisny tsentr Transtelematika"']
    assert [c["publisher"] for e in bought["evidence"] for c in e["citations"]] == ["Kommersant"]
    (sold,) = contracts("moscow-case:transtelematika")
    assert (sold["caption"], sold["role"]) == (bought["caption"], "supplier")
    assert [b["caption"] for b in sold["buyers"]] == ["Mosgortrans"]


def test_case_file_of_synesis_as_markdown_and_ftm(api: TestClient) -> None:
    data = ask(
        api,
        """{ caseFile(id: "moscow-case:synesis", asOf: "2026-01-01") {
        entity { id caption } sanctions { authorityCode listingDate }
        sources { id citations { publisher } } markdown ftm } }""",
    )
    case = data["caseFile"]
    entity_id = case["entity"]["id"]
    assert sorted((s["authorityCode"], s["listingDate"]) for s in case["sanctions"]) == [
        ("EU", "2020-12-17"),
        ("UK", "2020-12-18"),
        ("US", "2022-02-24"),
    ]
    markdown = case["markdown"]
    assert markdown.startswith("# Case file: Synesis LLC")
    sections = [line for line in markdown.splitlines() if line.startswith("## ")]
    for heading in ("## Sanctions", "## Owners as of 2026-01-01", "## Sources"):
        assert heading in sections
    assert "listed 2020-12-17, active" in markdown
    # Every footnote cited in the text is defined under Sources, and vice versa.
    body, _, sources = markdown.partition("\n## Sources")
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    defined = [int(m) for m in re.findall(r"^(\d+)\. .*\(record `", sources, re.M)]
    assert cited == set(defined) == set(range(1, len(defined) + 1))
    assert len(defined) > 3
    assert any(s["id"].startswith("eu_journal:") for s in case["sources"])

    lines = [json.loads(line) for line in case["ftm"].splitlines()]
    assert lines[0]["id"] == entity_id and lines[0]["schema"] == "Company"
    sanctions = [e for e in lines if e["schema"] == "Sanction"]
    assert len(sanctions) == 3
    assert all(s["properties"]["entity"] == [entity_id] for s in sanctions)
    assert all(e["id"] and e["properties"] for e in lines)
    # Every entity a link names is in the file too, once.
    exported = [e["id"] for e in lines]
    assert len(exported) == len(set(exported))
    named = {
        value
        for e in lines[1:]
        if e["schema"] != "Sanction" and e["id"].startswith("ge-")
        for values in e["properties"].values()
        for value in values
        if value.startswith("gs-")
    }
    assert named and named <= set(exported)
    others = [e for e in lines if e["id"] in named - {entity_id}]
    assert "Programme" in {e["schema"] for e in others}


@pytest.mark.parametrize("as_of", [None, "2016-01-01"])
def test_relationship_pages_cover_every_link_once(api: TestClient, as_of: str | None) -> None:
    query = """query($after: String, $asOf: String) { entity(id: "moscow-case:visionlabs") {
        ... on Entity { relationships(first: 5, after: $after, asOf: $asOf) { totalCount
        pageInfo { hasNextPage endCursor } edges { cursor node { id type } } } } } }"""
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        variables = {"after": after, "asOf": as_of}
        resp = api.post("/graphql", json={"query": query, "variables": variables})
        conn = resp.json()["data"]["entity"]["relationships"]
        pages += 1
        assert len(conn["edges"]) <= 5
        seen += [e["node"]["id"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
        assert after == conn["edges"][-1]["cursor"]
    assert len(seen) == len(set(seen)) == conn["totalCount"]
    assert pages == -(-conn["totalCount"] // 5)
    if as_of is not None:  # the date counts: links since 2016 began and ended
        variables = {"after": None, "asOf": None}
        resp = api.post("/graphql", json={"query": query, "variables": variables})
        every = resp.json()["data"]["entity"]["relationships"]["totalCount"]
        assert 0 < conn["totalCount"] != every


@pytest.mark.parametrize("first", [1, 5])
def test_no_path_within_fewer_hops_than_the_shortest(api: TestClient, first: int) -> None:
    query = """query($hops: Int!, $first: Int!) { paths(fromId: "moscow-case:nvidia",
        toId: "moscow-case:moscow-metro", maxHops: $hops, first: $first) { length } }"""

    def lengths(hops: int) -> list[int]:
        variables = {"hops": hops, "first": first}
        body = api.post("/graphql", json={"query": query, "variables": variables}).json()
        assert "errors" not in body, body
        return [p["length"] for p in body["data"]["paths"]]

    shortest = min(lengths(6))
    assert shortest >= 2
    assert set(lengths(shortest)) == {shortest}
    # The hop limit is applied after the search (see paths/shortest*.cypher).
    assert lengths(shortest - 1) == []


def test_relationship_counts_from_the_degree_store_match_the_counted_links(
    case_graph: neo4j.Driver,
) -> None:
    """Without a date, counts come from the degree store: for every entity of
    the case they equal the links counted one by one."""
    run = graphtools.query
    ids = [r["id"] for r in run(case_graph, "MATCH (e:Entity) RETURN e.id AS id")]
    assert len(ids) > 50
    linked = 0
    for entity_id in ids:
        counted = run(case_graph, queries.cypher("entity/relationship_counts"), id=entity_id,
                      as_of=None)  # fmt: skip
        stored = run(case_graph, queries.cypher("entity/relationship_counts_all"), id=entity_id)
        assert stored == counted, entity_id
        linked += bool(counted)
    assert linked > 50
