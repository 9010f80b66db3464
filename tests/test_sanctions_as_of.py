"""Whether a sanction is in force is worked out on the day a query asks about,
not on the day the entity was built: a sanction whose end date is yesterday
reads ended today, and in force the day before, from one stored graph."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import neo4j
import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.settings import Settings
from tests.conftest import wipe
from tests.graphtools import load_files, query
from tests.test_case_graph import ask

TODAY = datetime.now(UTC).date()
YESTERDAY = (TODAY - timedelta(days=1)).isoformat()
DAY_BEFORE = (TODAY - timedelta(days=2)).isoformat()

EXPIRED = "asof-test:expired-co"
STILL = "asof-test:still-listed-co"
HELD = "asof-test:held-co"


def _claims(end_date: str) -> str:
    """A claims file as an investigator writes it: a company whose EU sanction
    ends on ``end_date`` and which owns 60% of another, and a company under
    an open-ended US sanction."""
    return f"""graphsvc: claims/1
dataset: asof-test
sources:
  gazette: {{publisher: Test Gazette, published: "2020-01-01"}}
claims:
  - id: expired-co
    schema: Company
    properties: {{name: [Quillfeather Expired Trading], country: [ru]}}
    cite: {{source: gazette, quote: as listed}}
  - id: expired-co-eu
    schema: Sanction
    properties:
      entity: [expired-co]
      authority: [European Union]
      listingDate: ["2020-01-01"]
      endDate: ["{end_date}"]
    cite: {{source: gazette, quote: listed until {end_date}}}
  - id: held-co
    schema: Company
    properties: {{name: [Quillfeather Held Subsidiary], country: [ru]}}
    cite: {{source: gazette, quote: a subsidiary}}
  - id: expired-co-owns-held-co
    schema: Ownership
    properties:
      owner: [expired-co]
      asset: [held-co]
      percentage: ["60"]
    cite: {{source: gazette, quote: holds 60%}}
  - id: still-listed-co
    schema: Company
    properties: {{name: [Quillfeather Still Listed Holdings], country: [ru]}}
    cite: {{source: gazette, quote: as listed}}
  - id: still-listed-co-us
    schema: Sanction
    properties:
      entity: [still-listed-co]
      authority: [Office of Foreign Assets Control]
      listingDate: ["2020-01-01"]
    cite: {{source: gazette, quote: listed}}
"""


@pytest.fixture(scope="module")
def api(
    driver: neo4j.Driver, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    wipe(driver, settings)
    path = tmp_path_factory.mktemp("asof") / "claims.yaml"
    path.write_text(_claims(YESTERDAY), encoding="utf-8")
    load_files(driver, settings, [path])
    with TestClient(create_app(settings)) as client:
        yield client


def test_the_graph_stores_terms_and_nothing_that_depends_on_the_day(
    api: TestClient, driver: neo4j.Driver
) -> None:
    rows = query(
        driver,
        "MATCH (s:Sanction)-[:SANCTIONS]->(e:Entity)<-[:PART_OF]-(:Record {id: $id}) "
        "RETURN properties(e) AS e, properties(s) AS s",
        id=EXPIRED,
    )
    assert len(rows) == 1
    entity, sanction = rows[0]["e"], rows[0]["s"]
    assert entity["sanction_terms"] == [f"2020-01-01|{YESTERDAY}|EU"]
    assert not {"sanctioned", "sanction_authorities"} & set(entity)
    assert "status" not in sanction
    assert (sanction["start_key"], sanction["end_key"]) == ("2020-01-01", YESTERDAY)


def test_a_sanction_that_ended_yesterday_reads_ended_today(api: TestClient) -> None:
    data = ask(
        api,
        f"""{{ entity(id: "{EXPIRED}") {{ ... on Entity {{
            sanctioned listedBy
            sanctions {{ authorityCode endDate status }}
            inForce: sanctions(asOf: "{TODAY.isoformat()}") {{ status }}
        }} }} }}""",
    )
    entity = data["entity"]
    assert entity["sanctioned"] is False and entity["listedBy"] == []
    assert entity["sanctions"] == [{"authorityCode": "EU", "endDate": YESTERDAY, "status": "ended"}]
    assert entity["inForce"] == []


def test_the_same_entity_the_day_before_yesterday_is_sanctioned(api: TestClient) -> None:
    data = ask(
        api,
        f"""{{ entity(id: "{EXPIRED}") {{ ... on Entity {{
            sanctioned(asOf: "{DAY_BEFORE}") listedBy(asOf: "{DAY_BEFORE}")
            sanctions(asOf: "{DAY_BEFORE}") {{ authorityCode status }}
            onEndDate: sanctions(asOf: "{YESTERDAY}") {{ status }}
        }} }} }}""",
    )
    entity = data["entity"]
    assert entity["sanctioned"] is True and entity["listedBy"] == ["EU"]
    assert entity["sanctions"] == [{"authorityCode": "EU", "status": "active"}]
    # the end date is the first day the sanction no longer applies
    assert entity["onEndDate"] == []


def test_gaps_follow_the_day(api: TestClient) -> None:
    gql = """{ gaps(authority: "US"%s) { entityId caption listedBy reasons } }"""
    today = {g["caption"]: g for g in ask(api, gql % "")["gaps"]}
    assert "Quillfeather Expired Trading" not in today
    assert "Quillfeather Held Subsidiary" not in today
    before = {g["caption"]: g for g in ask(api, gql % f', asOf: "{DAY_BEFORE}"')["gaps"]}
    assert before["Quillfeather Expired Trading"]["reasons"] == ["listed by EU but not by US"]
    assert before["Quillfeather Held Subsidiary"]["reasons"] == [
        "ownership link to Quillfeather Expired Trading (listed by EU)"
    ]


def test_exposure_follows_the_day(api: TestClient) -> None:
    gql = f"""{{ exposure(entityId: "{HELD}"%s) {{ target {{ caption listedBy }} }} }}"""
    assert ask(api, gql % "")["exposure"] == []
    before = ask(api, gql % f', asOf: "{DAY_BEFORE}"')["exposure"]
    assert before == [{"target": {"caption": "Quillfeather Expired Trading", "listedBy": ["EU"]}}]


def test_the_fifty_percent_rule_follows_the_day(api: TestClient) -> None:
    gql = f"""{{ owners(entityId: "{HELD}"%s) {{
        fiftyPercentRule sanctionedArithmetic owners {{ entity {{ listedBy }} }} }} }}"""
    today = ask(api, gql % "")["owners"]
    assert today["fiftyPercentRule"] is False
    assert today["owners"] == [{"entity": {"listedBy": []}}]
    before = ask(api, gql % f', asOf: "{DAY_BEFORE}"')["owners"]
    assert before["fiftyPercentRule"] is True and before["sanctionedArithmetic"] == "(60%) = 60%"
    assert before["owners"] == [{"entity": {"listedBy": ["EU"]}}]


def test_the_sanction_topic_keeps_entities_sanctioned_today(api: TestClient) -> None:
    gql = """{ search(query: "Quillfeather"%s) { edges { caption } } }"""
    every = {e["caption"] for e in ask(api, gql % "")["search"]["edges"]}
    assert "Quillfeather Expired Trading" in every
    listed = [e["caption"] for e in ask(api, gql % ', topic: "sanction"')["search"]["edges"]]
    assert listed == ["Quillfeather Still Listed Holdings"]


def test_match_targets_only_entities_sanctioned_today(api: TestClient) -> None:
    body = {
        "queries": {
            "expired": {
                "schema": "Company",
                "properties": {"name": ["Quillfeather Expired Trading"]},
            },
            "still": {
                "schema": "Company",
                "properties": {"name": ["Quillfeather Still Listed Holdings"]},
            },
        }
    }
    resp = api.post("/match/default", json=body)
    assert resp.status_code == 200, resp.text
    top = {k: v["results"][0] for k, v in resp.json()["responses"].items()}
    assert top["expired"]["caption"] == "Quillfeather Expired Trading"
    assert top["expired"]["target"] is False
    assert top["still"]["caption"] == "Quillfeather Still Listed Holdings"
    assert top["still"]["target"] is True
