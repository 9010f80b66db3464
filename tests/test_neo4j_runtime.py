"""The local Neo4j: the pinned release, Community edition, reachable over Bolt."""

from __future__ import annotations

import neo4j

from graphsvc.neo4j_runtime.server import LocalNeo4j
from graphsvc.neo4j_runtime.versions import LTS, NEWEST, find_jdks
from graphsvc.settings import Settings


def test_dbms_components_reports_pinned_community_release(
    driver: neo4j.Driver, settings: Settings, neo4j_server: LocalNeo4j
) -> None:
    records, _, _ = driver.execute_query("CALL dbms.components() YIELD name, versions, edition "
                                         "RETURN name, versions, edition")  # fmt: skip
    kernel = next(r for r in records if r["name"] == "Neo4j Kernel")
    expected = NEWEST if max(j.major for j in find_jdks()) >= 21 else LTS
    assert kernel["edition"] == "community"
    assert kernel["versions"] == [expected]
    assert neo4j_server.status().version == expected


def test_server_listens_on_loopback_only(neo4j_server: LocalNeo4j) -> None:
    assert neo4j_server.bolt_uri.startswith("bolt://127.0.0.1:")
    status = neo4j_server.status()
    assert status.running and status.pid is not None


def test_schema_is_applied_idempotently(driver: neo4j.Driver, settings: Settings) -> None:
    from graphsvc.db import apply_schema

    before, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name")
    apply_schema(driver, settings)
    after, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name")
    assert [r["name"] for r in before] == [r["name"] for r in after]
    assert "record_id" in [r["name"] for r in after]
