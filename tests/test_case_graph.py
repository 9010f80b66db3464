"""The bundled Moscow case, loaded into a real Neo4j and asked the questions
investigators ask, through GraphQL."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest
import yaml
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.settings import Settings
from loaders.ingest import expand_paths, load_paths, make_loader
from tests.conftest import CASE_DATA
from tests.graphtools import fingerprint, query


@pytest.fixture(scope="module")
def api(case_graph: neo4j.Driver, settings: Settings) -> Any:
    with TestClient(create_app(settings)) as client:
        yield client


def ask(api: TestClient, gql: str) -> dict[str, Any]:
    resp = api.post("/graphql", json={"query": gql})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def test_sanctioned_suppliers_of_moscows_system(api: TestClient) -> None:
    data = ask(
        api,
        """{ suppliers(of: "moscow-case:moscow-frs") { caption listedBy
        entity { ... on Entity { sanctions { authorityCode listingDate } } } } }""",
    )
    by_name = {s["caption"]: s for s in data["suppliers"]}
    assert set(by_name) == {"NtechLab", "Synesis LLC", "Tevian", "VisionLabs"}
    assert by_name["Synesis LLC"]["listedBy"] == ["EU", "UK", "US"]
    since = {
        s["authorityCode"]: s["listingDate"] for s in by_name["Synesis LLC"]["entity"]["sanctions"]
    }
    assert since == {"EU": "2020-12-17", "UK": "2020-12-18", "US": "2022-02-24"}
    for vendor in ("NtechLab", "Tevian"):
        sanctions = by_name[vendor]["entity"]["sanctions"]
        assert [(s["authorityCode"], s["listingDate"]) for s in sanctions] == [("EU", "2023-07-20")]
    assert by_name["VisionLabs"]["listedBy"] == []


def test_path_from_nvidia_to_the_metro_with_evidence(api: TestClient) -> None:
    data = ask(
        api,
        """{ paths(fromId: "moscow-case:nvidia", toId: "moscow-case:moscow-metro",
        maxHops: 4) { length hops { type source { caption } target { caption }
        evidence { id published citations { publisher published quote } } } } }""",
    )
    paths = data["paths"]
    assert paths, "Nvidia and the metro are connected"
    for path in paths:
        assert path["length"] == len(path["hops"]) <= 4
        for hop in path["hops"]:
            assert hop["evidence"], f"hop {hop['type']} has evidence"
            for rec in hop["evidence"]:
                dated = rec["published"] or any(c["published"] for c in rec["citations"])
                assert dated, rec["id"]
    hops = [(h["type"], h["source"]["caption"], h["target"]["caption"]) for h in paths[0]["hops"]]
    assert hops[0][0] == "SUPPLY" and hops[0][1] == "Nvidia Corporation"
    assert "Moscow Metro" in {hops[-1][1], hops[-1][2]}


@pytest.mark.parametrize("filters", ["", "types", 'asOf: "2016-01-01"', "confirmedOnly: true"])
def test_one_path_is_as_short_as_the_shortest_of_several(api: TestClient, filters: str) -> None:
    """`first: 1` runs a single breadth-first search, other values enumerate
    every shortest path: both find the same length under the same filters."""
    query = """{ paths(fromId: "moscow-case:nvidia", toId: "moscow-case:moscow-metro",
        maxHops: 6, first: %d %s) { length entityIds hops { type } } }"""
    types: set[str] = set()
    if filters == "types":  # only the types the unfiltered path uses
        types = {h["type"] for h in ask(api, query % (1, ""))["paths"][0]["hops"]}
        listed = ", ".join(f'"{t}"' for t in sorted(types))
        filters = f"types: [{listed}]"
    many = ask(api, query % (5, filters))["paths"]
    one = ask(api, query % (1, filters))["paths"]
    assert len(one) == min(1, len(many))
    assert one or filters != "", "Nvidia and the metro are connected"
    if one:
        assert one[0]["length"] == many[0]["length"] == len(one[0]["hops"])
        assert one[0]["entityIds"][0] == many[0]["entityIds"][0]
        assert one[0]["entityIds"][-1] == many[0]["entityIds"][-1]
    if types:
        assert one and {h["type"] for h in one[0]["hops"]} <= types


def test_who_owns_visionlabs(api: TestClient) -> None:
    data = ask(
        api,
        """{ owners(entityId: "moscow-case:visionlabs", asOf: "2026-01-01") {
        owners { entity { caption } direct total chains { entities { caption } } } } }""",
    )
    owners = {o["entity"]["caption"]: o for o in data["owners"]["owners"]}
    assert owners["Intema S.a r.l."]["direct"] == 1.0
    assert owners["Intema S.a r.l."]["total"] == 1.0
    # Indirect: MTS AI owns Intema, which owns VisionLabs.
    chains = [[e["caption"] for e in c["entities"]] for c in owners["MTS AI LLC"]["chains"]]
    assert ["MTS AI LLC", "Intema S.a r.l.", "VisionLabs"] in chains
    # The founders' stakes ended with the 2021 sale; as of 2021 they were owners.
    assert "Sberbank group" not in owners
    before = ask(
        api,
        """{ owners(entityId: "moscow-case:visionlabs", asOf: "2021-06-01") {
        owners { entity { caption } total } } }""",
    )
    earlier = {o["entity"]["caption"]: o["total"] for o in before["owners"]["owners"]}
    assert earlier["Sberbank group"] == pytest.approx(0.2507)
    assert "Intema S.a r.l." not in earlier


def test_nist_participants_sanctioned_by_eu_not_us(api: TestClient) -> None:
    data = ask(
        api,
        """{ participants(programme: "us_nist_frvt:nist-frvt-11",
        sanctionedBy: "EU", notSanctionedBy: "US") { caption listedBy } }""",
    )
    assert [p["caption"] for p in data["participants"]] == ["NtechLab", "Tevian"]
    everyone = ask(api, """{ participants(programme: "us_nist_frvt:nist-frvt-11") { caption } }""")
    names = {p["caption"] for p in everyone["participants"]}
    assert {"Synesis LLC", "VisionLabs", "NtechLab", "Tevian"} <= names


def test_records_from_eu_ofac_and_claims_are_one_entity(api: TestClient) -> None:
    data = ask(
        api,
        """{ entity(id: "moscow-case:chemezov") { ... on Entity { caption
        datasets records { id dataset } } } }""",
    )
    entity = data["entity"]
    assert {"eu_journal", "us_ofac_sdn", "moscow-case"} <= set(entity["datasets"])
    assert "us_ofac_sdn:16685" in {r["id"] for r in entity["records"]}


def test_every_relationship_has_a_dated_source(case_graph: neo4j.Driver) -> None:
    # Dated: a publication date (the edition's, or a citation's), or a
    # retrieval date together with the address it was retrieved from.
    rows = query(
        case_graph,
        """
        MATCH (:Entity)-[x]->(:Entity)
        UNWIND x.record_ids AS rid
        MATCH (r:Record {id: rid})
        WITH x, collect(r.published IS NOT NULL OR r.citations CONTAINS '"published"'
                        OR (r.retrieved IS NOT NULL AND r.source_url IS NOT NULL)) AS dated
        RETURN type(x) AS type, x.id AS id, any(d IN dated WHERE d) AS ok""",
    )
    assert rows, "the case has relationships"
    undated = [r for r in rows if not r["ok"]]
    assert undated == []


def test_every_relationship_lists_its_records(case_graph: neo4j.Driver) -> None:
    rows = query(case_graph, "MATCH (:Entity)-[x]->(:Entity) WHERE size(x.record_ids) = 0 "
                 "RETURN count(x) AS n")  # fmt: skip
    assert rows[0]["n"] == 0


def test_loading_the_case_twice_changes_nothing(
    case_graph: neo4j.Driver, settings: Settings
) -> None:
    before = fingerprint(case_graph)
    loaders = [make_loader(p, None, None) for p in expand_paths([CASE_DATA])]
    summary = load_paths(case_graph, settings, loaders, on_progress=lambda *_a: None)
    for f in summary.files:
        changed = {k: v for k, v in f.counts.items() if not k.endswith("unchanged") and v}
        assert changed == {}, (f.path, changed)
    assert fingerprint(case_graph) == before


def test_match_in_graphql_screens_across_scripts(api: TestClient) -> None:
    data = ask(
        api,
        """{ match(schema: "Company", properties: {name: ["Синезис"], country: ["by"]})
        { caption score match target explanation } }""",
    )
    best = data["match"][0]
    assert best["caption"] == "Synesis LLC" and best["match"] and best["target"]
    assert best["explanation"]


def test_source_records_name_their_publisher(api: TestClient) -> None:
    """A file's source note names its publisher; the records read from it carry it."""
    note = yaml.safe_load((CASE_DATA / "eu_journal_facerec.csv.source.yaml").read_text())
    data = ask(
        api,
        """{ entity(id: "moscow-case:synesis") { ... on Entity {
        records { id dataset publisher } } } }""",
    )
    records = data["entity"]["records"]
    eu = [r for r in records if r["publisher"] == note["publisher"]]
    assert eu, records
    assert len({r["dataset"] for r in eu}) == 1
    # records of datasets whose files have no note say nothing
    others = {r["dataset"] for r in records} - {eu[0]["dataset"]}
    assert others and all(
        r["publisher"] != note["publisher"] for r in records if r["dataset"] in others
    )
