"""The benchmarks at a tiny size, so that they cannot rot: every section runs
against the test session's Neo4j and the report has plausible numbers.
Timings are not compared with targets here (BENCHMARKS.md does that)."""

from __future__ import annotations

import json
from pathlib import Path

import neo4j
import pytest

from graphsvc.settings import Settings
from tests.conftest import wipe


@pytest.mark.slow
def test_bench_runs_every_section(driver: neo4j.Driver, settings: Settings, tmp_path: Path) -> None:
    from bench import run as bench_run

    out = tmp_path / "BENCHMARKS.md"
    wipe(driver, settings)
    try:
        report = bench_run.run(
            settings,
            driver,
            size=2000,
            runs=1,
            out=out,
            work=tmp_path / "work",
            query_seconds=0.3,
            warmup_seconds=0.5,
            ramp_seconds=0.2,
            clients=(1, 4),
            memory_base=200,
            resolution_size=2000,
            profile=True,
            notes=("**First:** a note.", "**Second:** another."),
        )
    finally:
        wipe(driver, settings)

    text = out.read_text(encoding="utf-8")
    for heading in ("## Machine and versions", "## Data", "## Ingest", "## Resolution",
                    "## Queries", "## Updates", "## Memory", "## Profiles"):  # fmt: skip
        assert heading in text
    updates = json.loads(out.with_suffix(".json").read_text())["updates"]
    assert updates["small_load"]["in_part"] and updates["claims"]["errors"] == 0
    assert updates["claims"]["n"] == 50 and updates["full_check"]["moved"] == 0
    assert json.loads(out.with_suffix(".json").read_text())["size"] == 2000

    ingest = report["ingest"]
    assert ingest["records"] > 2000
    for key in ("ceiling_per_s", "without_resolution_per_s", "with_resolution_per_s"):
        assert ingest[key]["median"] > 0
    assert ingest["with_resolution_per_s"]["median"] <= ingest["without_resolution_per_s"]["max"]
    assert ingest["entities"] > 0 and ingest["edges"] > 0

    res = report["resolution"]
    assert res["records_per_s"]["median"] > 0
    assert set(res["quality"]) == {"own", "heldout"}
    for labelled in res["quality"].values():
        assert labelled["pairs"] > 0
        for matcher in ("graphsvc", "nomenklatura logic-v2", "rapidfuzz WRatio"):
            q = labelled[matcher]
            assert 0.0 <= q["precision"] <= 1.0 and 0.0 <= q["recall"] <= 1.0

    results = report["queries"]["results"]
    kinds = {"entity", "search", "neighbourhood", "path4", "ownership"}
    assert {k.split("/")[0] for k in results} == kinds
    for key, r in results.items():
        assert r["requests"] > 0, key
        assert r["errors"] == 0, key
        assert r["p99"]["median"] >= r["p50"]["median"] > 0, key
        assert r["throughput"]["median"] > 0, key
        assert isinstance(r["client_gc_ms"], int) and r["client_gc_ms"] >= 0, key
        # the clients ran in that JVM, so it used CPU; per request, well under a second
        assert 0 < r["client_cpu_ms_per_request"] < 1000, key
    assert report["queries"]["api_rss_mb"]["peak"] > 0
    warmup = report["queries"]["warmup"]
    assert set(warmup) == {f"{k}/{m}" for k in kinds for m in ("cypher", "graphql")}
    for key, w in warmup.items():
        assert w["requests"] > 0 and w["errors"] == 0, key
        assert w["max"] >= w["p99"] >= w["p50"] > 0, key
    assert "Warm-up, from a cold load-generator JVM" in text
    assert "Each phase starts after 0.2 s at its own number of clients" in text
    assert "| client CPU ms/req |" in text
    quality = report["queries"]["search_quality"]["groups"]
    assert {k: g["names"] for k, g in quality.items()} == {"Latin": 50, "Cyrillic": 50}
    for g in quality.values():
        assert 0 <= g["first"] <= g["top"] <= g["names"]
    # a name as registered is found among 2,000 parties, namesakes aside
    assert quality["Cyrillic"]["top"] >= 40
    assert "| Cyrillic | 50 |" in text
    # each note its own Markdown paragraph
    assert "## Notes\n\n**First:** a note.\n\n**Second:** another.\n" in text

    mem = report["memory"]
    assert mem["1x"]["peak_rss_mb"] > 0 and mem["10x"]["peak_rss_mb"] > 0
    assert mem["10x"]["records"] > mem["1x"]["records"]
