"""Every real format excerpt in tests/fixtures/reference-data, loaded together.

The folder is read only. Files holding several formats (the OFAC CSV set, the
UK ConList/FCDO excerpt, the NIST participation excerpt) are split into
per-format files in a temporary folder first. Then: the Moscow-case facts the
excerpts state are in the graph, and records of the same company or person
from different lists are one entity with each record still behind it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graphsvc.settings import Settings
from loaders.ingest import LoadSummary, load_paths, make_loader
from tests.conftest import REFERENCE, wipe
from tests.graphtools import FIXTURE_EDITION, listed_by, query, sanction_status

NOT_DATA = {"README.md", "case-facts.md", "opensanctions_ftm_entities_excerpt.README"}


def _lines(name: str) -> list[str]:
    return (REFERENCE / name).read_text(encoding="utf-8").splitlines()


def _section(lines: list[str], start: str, stop: str | None) -> list[str]:
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(
        (i for i, line in enumerate(lines) if i > first and stop and line.startswith(stop)),
        len(lines),
    )
    return lines[first + 1 : last]


def _data(lines: list[str]) -> list[str]:
    return [line for line in lines if line.strip() and not line.startswith("#")]


def split_ofac_csv(out: Path) -> list[tuple[Path, str | None]]:
    """sdn.csv, add.csv, alt.csv, sdn_comments.csv as OFAC publishes them (CRLF)."""
    lines = _lines("ofac_sdn_csv_excerpt.csv")
    folder = out / "ofac"
    folder.mkdir()
    names = ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
    for i, name in enumerate(names):
        stop = f"# {names[i + 1]}" if i + 1 < len(names) else None
        rows = _data(_section(lines, f"# {name}", stop))
        if name == "sdn_comments.csv":
            # The excerpt cuts the one comment row (of an entry not in sdn.csv): drop it.
            rows = []
        (folder / name).write_bytes("".join(f"{row}\r\n" for row in rows).encode())
    return [(folder / "sdn.csv", "ofac-csv")]


def split_uk(out: Path) -> list[tuple[Path, str | None]]:
    lines = _lines("uk_sanctions_formats_excerpt.txt")
    conlist = _data(_section(lines, "## A)", "## B)"))
    (out / "ConList.csv").write_text("\n".join(conlist) + "\n", encoding="utf-8")
    xml = _section(lines, "## C)", None)
    xml = [line for line in xml if not line.startswith("#")]
    (out / "UK-Sanctions-List.xml").write_text("\n".join(xml) + "\n", encoding="utf-8")
    return [(out / "ConList.csv", "uk-conlist"), (out / "UK-Sanctions-List.xml", "uk-fcdo-xml")]


def split_nist(out: Path) -> list[tuple[Path, str | None]]:
    lines = _lines("nist_frvt_participation_excerpt.txt")
    cards = [
        line
        for line in _section(lines, "# (1)", "# (2)")
        if not line.strip().startswith("Example trace element")  # a note, not a card
    ]
    (out / "reportcards.txt").write_text("\n".join(cards) + "\n")
    (out / "leaderboard.txt").write_text("\n".join(_section(lines, "# (2)", "# (3)")) + "\n")
    (out / "frvt_11_overview.csv").write_text(
        "\n".join(_data(_section(lines, "# (3)", "# (4)"))) + "\n"
    )
    (out / "iarpa_prizes.csv").write_text("\n".join(_data(_section(lines, "# (4)", None))) + "\n")
    return [
        (out / "reportcards.txt", "nist-reportcard"),
        (out / "leaderboard.txt", "nist-leaderboard"),
        (out / "frvt_11_overview.csv", "nist-frvt-csv"),
        (out / "iarpa_prizes.csv", "iarpa-prize-csv"),
    ]


SPLIT: dict[str, Callable[[Path], list[tuple[Path, str | None]]]] = {
    "ofac_sdn_csv_excerpt.csv": split_ofac_csv,
    "uk_sanctions_formats_excerpt.txt": split_uk,
    "nist_frvt_participation_excerpt.txt": split_nist,
}


def reference_files() -> list[Path]:
    return sorted(p for p in REFERENCE.iterdir() if p.is_file() and p.name not in NOT_DATA)


@pytest.fixture(scope="module")
def reference(
    driver: neo4j.Driver, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[neo4j.Driver, LoadSummary]:
    wipe(driver, settings)
    out = tmp_path_factory.mktemp("reference-split")
    specs: list[tuple[Path, str | None]] = []
    for path in reference_files():
        specs.extend(SPLIT[path.name](out) if path.name in SPLIT else [(path, None)])
    loaders = [make_loader(path, fmt, None) for path, fmt in specs]
    # The OFAC excerpts are samples of different editions, not one list shrinking:
    # the later ends the earlier's sanctions that it does not repeat, as before.
    summary = load_paths(
        driver,
        settings,
        loaders,
        on_progress=lambda *_a: None,
        edition=FIXTURE_EDITION,
        allow_mass_delisting=True,
    )
    return driver, summary


def _entity_of(driver: neo4j.Driver, record_id: str) -> dict[str, Any]:
    rows = query(
        driver,
        "MATCH (:Record {id: $id})-[:PART_OF]->(e:Entity) "
        "OPTIONAL MATCH (m:Record)-[:PART_OF]->(e) "
        "RETURN properties(e) AS e, labels(e) AS labels, collect(m.id) AS members",
        id=record_id,
    )
    assert len(rows) == 1, f"record {record_id} belongs to {len(rows)} entities"
    return {**rows[0]["e"], "labels": rows[0]["labels"], "members": sorted(rows[0]["members"])}


def _sanctions(driver: neo4j.Driver, entity_id: str) -> list[dict[str, Any]]:
    rows = query(
        driver,
        "MATCH (s:Entity:Sanction)-[x:SANCTIONS]->(:Entity {id: $id}) "
        "RETURN properties(s) AS s, x.record_ids AS record_ids ORDER BY s.listing_date",
        id=entity_id,
    )
    return [{**r["s"], "record_ids": r["record_ids"]} for r in rows]


def test_every_reference_file_loads(reference: tuple[neo4j.Driver, LoadSummary]) -> None:
    _driver, summary = reference
    formats = {f.format for f in summary.files}
    assert formats == {
        "eis-44fz", "eu-fsf", "eu-journal", "ftm", "iarpa-prize-csv", "nist-frvt-csv",
        "nist-leaderboard", "nist-reportcard", "ocds", "ofac-advanced", "ofac-csv", "ofac-xml",
        "uk-conlist", "uk-fcdo-xml", "un-sc",
    }  # fmt: skip
    for file in summary.files:
        assert file.records > 0, file.path
        assert not file.warnings, (file.path, file.warnings)
    loaded = {Path(f.path).name for f in summary.files}
    for path in reference_files():
        assert path.name in loaded or path.name in SPLIT, path


def test_synesis_eu_listing(reference: tuple[neo4j.Driver, LoadSummary]) -> None:
    driver, _ = reference
    synesis = _entity_of(driver, "eu_journal:32006R0765/I.B/5")
    assert "Company" in synesis["labels"] or "LegalEntity" in synesis["labels"]
    assert "SYNESIS LLC" in synesis["names"] and "ООО ‘Синезис’" in synesis["names"]
    assert {"reg:190950894", "inn:7704734000"} <= set(synesis["identifiers"])
    rows = query(
        driver,
        "MATCH (e:Entity) WHERE 'SYNESIS LLC' IN e.names OR e.caption =~ '(?i)synesis.*' "
        "RETURN e.id AS id",
    )
    assert [r["id"] for r in rows] == [synesis["id"]], "Synesis is more than one entity"
    (eu,) = [s for s in _sanctions(driver, synesis["id"]) if s["authority_code"] == "EU"]
    assert eu["listing_date"] == "2020-12-17"
    assert eu["program"] == "EU-BLR" and sanction_status(eu) == "active"
    assert eu["reason"].startswith(
        "Synesis LLC has provided the Belarusian authorities with a Kipod surveillance platform"
    )
    assert listed_by(synesis) == ["EU"]
    # The NIST developer "synesis" is the same company, its record kept behind it.
    assert "us_nist_frvt:developer:synesis:unnamed" in synesis["members"]
    programmes = query(
        driver,
        "MATCH (:Entity {id: $id})-[x:PARTICIPATION]->(p:Programme) "
        "RETURN p.caption AS p, x.algorithm AS algorithm, x.start_date AS start",
        id=synesis["id"],
    )
    assert any(r["algorithm"] and "synesis-007" in r["algorithm"] for r in programmes)


def test_chemezov_ofac_and_eu(reference: tuple[neo4j.Driver, LoadSummary]) -> None:
    driver, _ = reference
    chemezov = _entity_of(driver, "us_ofac_sdn:16685")
    assert "Person" in chemezov["labels"]
    assert chemezov["members"] == ["eu_journal:32014R0269/I.PERSONS/118", "us_ofac_sdn:16685"]
    assert {"Sergei CHEMEZOV", "Sergey Viktorovich CHEMEZOV", "Сергей Викторович ЧЕМЕЗОВ"} <= set(
        chemezov["names"]
    )
    assert "ofac:16685" in chemezov["identifiers"]
    assert chemezov["birth_date"] == "1952-08-20"
    assert set(chemezov["datasets"]) == {"eu_journal", "us_ofac_sdn"}
    by_authority = {s["authority_code"]: s for s in _sanctions(driver, chemezov["id"])}
    assert set(by_authority) == {"EU", "US"}
    assert by_authority["US"]["program"] == "UKRAINE-EO13661"
    assert by_authority["EU"]["listing_date"] == "2014-09-12"
    assert listed_by(chemezov) == ["EU", "US"]
    # Each record is still there, as read.
    ofac = query(driver, "MATCH (r:Record {id: 'us_ofac_sdn:16685'}) RETURN r.raw AS raw")
    raw = json.loads(ofac[0]["raw"])
    assert raw["Program"] == "UKRAINE-EO13661" and raw["SDN_Name"] == "CHEMEZOV, Sergei"
    alias = query(
        driver,
        "MATCH (r:Record {id: 'us_ofac_sdn:16685'}) RETURN r.names AS names, r.origin AS origin",
    )
    assert alias == [
        {"names": ["Sergei CHEMEZOV", "Sergey Viktorovich CHEMEZOV"], "origin": "sdn.csv:6"}
    ]


@pytest.mark.parametrize(
    ("records", "datasets"),
    [
        (
            ["eu_journal:32020R1998/I.B/18", "iarpa_frpc:developer:ntechlab"],
            {"eu_journal", "iarpa_frpc", "us_nist_frvt"},
        ),
        (["eu_journal:32020R1998/I.B/19", "us_nist_frvt:developer:tevian:unnamed"], None),
        (["iarpa_frpc:developer:yitu", "us_nist_frvt:developer:yitu:unnamed"], None),
    ],
    ids=["ntechlab", "tevian", "yitu"],
)
def test_same_company_across_lists_is_one_entity(
    reference: tuple[neo4j.Driver, LoadSummary], records: list[str], datasets: set[str] | None
) -> None:
    driver, _ = reference
    entities = {_entity_of(driver, rid)["id"] for rid in records}
    assert len(entities) == 1, records
    merged = _entity_of(driver, records[0])
    assert set(records) <= set(merged["members"])
    if datasets is not None:
        assert set(merged["datasets"]) == datasets
    # Every member record is still readable behind the entity, with its origin.
    rows = query(
        driver,
        "MATCH (r:Record)-[:PART_OF]->(:Entity {id: $id}) RETURN r.id AS id, r.origin AS origin",
        id=merged["id"],
    )
    assert all(r["origin"] for r in rows)


def test_distinct_people_stay_apart(reference: tuple[neo4j.Driver, LoadSummary]) -> None:
    driver, _ = reference
    # Two placeholder INNs (0000000000) in the 44-FZ structure are no identifier.
    rows = query(
        driver,
        "MATCH (r:Record {dataset: 'ru_zakupki'})-[:PART_OF]->(e:Entity) "
        "WHERE r.schema <> 'Contract' "
        "RETURN count(DISTINCT e) AS entities, count(r) AS records",
    )
    assert rows[0]["entities"] == rows[0]["records"]
    # Shatrov and Chemezov are different people.
    shatrov = _entity_of(driver, "eu_journal:32006R0765/I.A/123")
    assert "us_ofac_sdn:16685" not in shatrov["members"]
