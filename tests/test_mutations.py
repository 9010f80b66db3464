"""Judgements and claims through GraphQL: keys, roles, audit, and the graph
updated at once (merge, un-merge, review queue)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.auth import create_key
from graphsvc.settings import Settings
from tests.graphtools import query


@pytest.fixture(scope="module")
def api(case_graph: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def keys(case_graph: neo4j.Driver, settings: Settings) -> dict[str, str]:
    return {role: create_key(case_graph, settings, f"test-{role}", role)[1]
            for role in ("reader", "writer")}  # fmt: skip


def gql(api: TestClient, q: str, key: str | None = None, **variables: Any) -> dict[str, Any]:
    headers = {"X-API-Key": key} if key else {}
    resp = api.post("/graphql", json={"query": q, "variables": variables}, headers=headers)
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    return body


JUDGE = """mutation($l: ID!, $r: ID!, $v: Verdict!) {
  judge(left: $l, right: $r, verdict: $v) { id verdict auditId
    left { id caption } right { id caption } } }"""

ENTITY_ID = """query($id: ID!) { entity(id: $id) { ... on Entity { id recordCount } } }"""


def entity_id(api: TestClient, record: str) -> str:
    return str(gql(api, ENTITY_ID, id=record)["data"]["entity"]["id"])


def test_writes_need_a_writer_key(api: TestClient, keys: dict[str, str]) -> None:
    variables = {"l": "moscow-case:visionlabs", "r": "moscow-case:tevian", "v": "NEGATIVE"}
    anonymous = gql(api, JUDGE, None, **variables)
    assert "API key is needed" in anonymous["errors"][0]["message"]
    reader = gql(api, JUDGE, keys["reader"], **variables)
    assert "needs the writer role" in reader["errors"][0]["message"]
    bogus = gql(api, JUDGE, "gsk_000000000000_" + "x" * 30, **variables)
    assert "API key is not valid" in bogus["errors"][0]["message"]


def test_negative_judgement_splits_and_positive_restores(
    api: TestClient, keys: dict[str, str], case_graph: neo4j.Driver
) -> None:
    claims, nist = "moscow-case:visionlabs", "us_nist_frvt:developer:visionlabs"
    assert entity_id(api, claims) == entity_id(api, nist), "merged by name before judging"

    split = gql(api, JUDGE, keys["writer"], l=claims, r=nist, v="NEGATIVE")
    assert "errors" not in split, split
    assert split["data"]["judge"]["left"]["id"] != split["data"]["judge"]["right"]["id"]
    assert entity_id(api, claims) != entity_id(api, nist)

    joined = gql(api, JUDGE, keys["writer"], l=claims, r=nist, v="POSITIVE")
    assert "errors" not in joined, joined
    assert entity_id(api, claims) == entity_id(api, nist)

    entries = query(case_graph, "MATCH (a:AuditEntry {action: 'judge'}) RETURN a.detail AS d")
    assert len(entries) >= 2


def test_claim_enters_review_queue_and_judging_merges(
    api: TestClient, keys: dict[str, str]
) -> None:
    add = """mutation($c: ClaimInput!) { addClaim(claim: $c) { recordId status auditId
        entity { id caption } } }"""
    cite = {"publisher": "Test Gazette", "published": "2024-05-01", "quote": "as reported"}
    for local, name in (
        ("sfera-a", "Sfera Video Analytics"),
        ("sfera-b", "Sfera Videoanalytics Systems"),
    ):
        out = gql(api, add, keys["writer"], c={"id": local, "schema": "Company",
                  "properties": {"name": [name], "country": ["ru"]}, "citation": cite})  # fmt: skip
        assert "errors" not in out, out
        assert out["data"]["addClaim"]["status"] == "created"
        assert out["data"]["addClaim"]["entity"]["caption"] == name

    queue = gql(
        api,
        """{ reviewQueue(first: 50) { edges { node { id leftRecord rightRecord
        score explanation } } } }""",
    )["data"]["reviewQueue"]["edges"]
    pairs = {(e["node"]["leftRecord"], e["node"]["rightRecord"]): e["node"] for e in queue}
    pair = pairs.get(("claims:sfera-a", "claims:sfera-b"))
    assert pair is not None, pairs
    assert 0.7 <= pair["score"] < 0.9 and pair["explanation"]

    judged = gql(api, JUDGE, keys["writer"], l="claims:sfera-a", r="claims:sfera-b", v="POSITIVE")
    assert judged["data"]["judge"]["left"]["id"] == judged["data"]["judge"]["right"]["id"]
    after = gql(api, "{ reviewQueue(first: 50) { edges { node { id } } } }")
    ids = {e["node"]["id"] for e in after["data"]["reviewQueue"]["edges"]}
    assert pair["id"] not in ids


def test_claim_without_citation_is_refused(api: TestClient, keys: dict[str, str]) -> None:
    add = "mutation($c: ClaimInput!) { addClaim(claim: $c) { recordId } }"
    out = gql(api, add, keys["writer"], c={"id": "x", "schema": "Company",
              "properties": {"name": ["X"]},
              "citation": {"publisher": "P", "published": "2024", "quote": ""}})  # fmt: skip
    assert "citation with a 'quote'" in out["errors"][0]["message"]
    bad_schema = gql(api, add, keys["writer"], c={"id": "x", "schema": "Spaceship",
                     "properties": {}, "citation": {"publisher": "P", "published": "2024",
                     "quote": "q"}})  # fmt: skip
    assert "unknown schema" in bad_schema["errors"][0]["message"]


# --- claims never overwrite another dataset's records ------------------------------

ADD = "mutation($c: ClaimInput!) { addClaim(claim: $c) { recordId status } }"
CITE = {"publisher": "Test Gazette", "published": "2024-05-01", "quote": "as reported"}
OFAC_RECORD = "us_ofac_sdn:16685"  # CHEMEZOV, from data/moscow/ofac/sdn.csv


def _record_state(driver: neo4j.Driver, record_id: str) -> list[dict[str, Any]]:
    return query(driver, "MATCH (r:Record {id: $id}) RETURN properties(r) AS p", id=record_id)


def _claim_audits(driver: neo4j.Driver) -> int:
    rows = query(driver, "MATCH (a:AuditEntry {action: 'add_claim'}) RETURN count(a) AS n")
    return int(rows[0]["n"])


@pytest.mark.parametrize(
    ("dataset", "local", "message"),
    [
        # an existing official record: the claim would have replaced its properties
        ("us_ofac_sdn", "16685", "dataset 'us_ofac_sdn' is an official list"),
        # a new id in an official dataset: still not the claimant's to write
        ("us_ofac_sdn", "claimed-entry", "dataset 'us_ofac_sdn' is an official list"),
        ("un_sc_sanctions", "QDi.1", "dataset 'un_sc_sanctions' is an official list"),
        # "<dataset>:<id>" must not spell another dataset's record id
        ("us_ofac_sdn:16685", "x", "not a claims dataset name"),
    ],
)
def test_claim_cannot_change_an_official_record(
    api: TestClient, keys: dict[str, str], case_graph: neo4j.Driver,
    dataset: str, local: str, message: str,
) -> None:  # fmt: skip
    before = _record_state(case_graph, OFAC_RECORD)
    assert (
        before
        and before[0]["p"]["dataset"] == "us_ofac_sdn"
        and "CHEMEZOV" in before[0]["p"]["caption"]
    )
    audits = _claim_audits(case_graph)
    out = gql(api, ADD, keys["writer"], c={"id": local, "schema": "Person", "dataset": dataset,
              "properties": {"name": ["Someone Else"]}, "citation": CITE})  # fmt: skip
    assert out["data"] is None, out
    (error,) = out["errors"]
    assert message in error["message"], error
    assert _record_state(case_graph, OFAC_RECORD) == before
    if f"{dataset}:{local}" != OFAC_RECORD:
        assert _record_state(case_graph, f"{dataset}:{local}") == [], "nothing written"
    assert _claim_audits(case_graph) == audits, "a refused claim leaves no audit entry"


def test_claim_into_a_claims_dataset_is_accepted(
    api: TestClient, keys: dict[str, str], case_graph: neo4j.Driver
) -> None:
    """moscow-case holds the case's claims files: API claims may join them."""
    out = gql(api, ADD, keys["writer"], c={"id": "integrity-check-co", "schema": "Company",
              "dataset": "moscow-case", "properties": {"name": ["Integrity Check Co"]},
              "citation": CITE})  # fmt: skip
    assert "errors" not in out, out
    assert out["data"]["addClaim"] == {
        "recordId": "moscow-case:integrity-check-co",
        "status": "created",
    }
