"""Reloading: the same file changes nothing; a newer edition ends what it dropped."""

from __future__ import annotations

import json
from pathlib import Path

import neo4j
import pytest

from graphsvc.settings import Settings
from tests.conftest import FIXTURES
from tests.graphtools import (
    FIXTURE_EDITION,
    fingerprint,
    listed_by,
    load_files,
    query,
    sanction_status,
)

SANCTIONS = FIXTURES / "sanctions"

SETS: dict[str, list[Path]] = {
    "ofac-xml": [SANCTIONS / "ofac_sdn_new_ns.xml"],
    "ofac-csv": [SANCTIONS / "ofac_csv" / "sdn.csv"],
    "eu-fsf+eu-journal": [SANCTIONS / "eu_fsf.xml", SANCTIONS / "eu_journal.csv"],
    "uk-conlist+un-sc": [SANCTIONS / "uk_conlist.csv", SANCTIONS / "un_sc.xml"],
    "ftm": [FIXTURES / "ftm_opensanctions_excerpt.ijson", FIXTURES / "ftm_peps_bom_crlf.ijson"],
    "ocds+eis": [FIXTURES / "ocds_record_package_ru.json", FIXTURES / "eis_44fz_contract.xml"],
    "nist": [
        FIXTURES / "nist_reportcard_ntechlab_011.html",
        FIXTURES / "nist_reportcards.txt",
        FIXTURES / "nist_frvt_11_overview.csv",
        FIXTURES / "iarpa_frpc_2017_prizes.csv",
    ],
    "gleif+bods+claims": [
        FIXTURES / "gleif_lei_cdf31.xml",
        FIXTURES / "gleif_rr_cdf21.xml",
        FIXTURES / "bods_03_statements.jsonl",
        FIXTURES / "bods_04_statements.json",
        FIXTURES / "claims_moscow_case.yaml",
    ],
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_loading_twice_changes_nothing(
    clean_graph: neo4j.Driver, settings: Settings, name: str
) -> None:
    fmt = "ofac-csv" if name == "ofac-csv" else None
    load_files(clean_graph, settings, SETS[name], format_name=fmt, edition=FIXTURE_EDITION)
    before = fingerprint(clean_graph)
    again = load_files(clean_graph, settings, SETS[name], format_name=fmt, edition=FIXTURE_EDITION)
    assert fingerprint(clean_graph) == before
    for summary in again.files:
        assert summary.records > 0
        assert set(summary.counts) <= {"entities.unchanged", "relationships.unchanged"}, (
            summary.path,
            dict(summary.counts),
        )
        assert sum(summary.counts.values()) == summary.records
        assert summary.ended_sanctions == 0
    assert again.resolve is not None and again.resolve.remapped == 0


# --- a newer edition ---------------------------------------------------------------

ALARCON = "57118"  # the entry the newer edition drops


def _newer_ofac_edition(tmp_path: Path) -> Path:
    """sdn.xml of 2026-10-15: same entries but ALARCON PALOMARES (BOM and CRLF kept)."""
    data = (SANCTIONS / "ofac_sdn_new_ns.xml").read_bytes()
    assert b"<Publish_Date>09/29/2026</Publish_Date>" in data
    data = data.replace(
        b"<Publish_Date>09/29/2026</Publish_Date>", b"<Publish_Date>10/15/2026</Publish_Date>"
    )
    start = data.index(f"<uid>{ALARCON}</uid>".encode())
    start = data.rindex(b"<sdnEntry>", 0, start)
    end = data.index(b"</sdnEntry>", start) + len(b"</sdnEntry>")
    end = data.index(b"\n", end) + 1
    start = data.rindex(b"\n", 0, start) + 1
    data = data[:start] + data[end:]
    assert f"<uid>{ALARCON}</uid>".encode() not in data
    path = tmp_path / "sdn.xml"
    path.write_bytes(data)
    return path


def test_newer_edition_ends_dropped_sanction(
    clean_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    # one of the fixture's five sanctions: over the default share of 10%
    settings = settings.model_copy(update={"max_delisting_share": 0.25})
    load_files(clean_graph, settings, [SANCTIONS / "ofac_sdn_new_ns.xml"])
    (person,) = query(
        clean_graph,
        "MATCH (r:Record {id: $id})-[:PART_OF]->(e:Entity) RETURN properties(e) AS e",
        id=f"us_ofac_sdn:{ALARCON}",
    )
    assert listed_by(person["e"]) == ["US"]

    summary = load_files(clean_graph, settings, [_newer_ofac_edition(tmp_path)])
    (file_summary,) = summary.files
    assert file_summary.edition == "2026-10-15"
    assert file_summary.ended_sanctions == 1

    # The dropped entry's sanction is ended, not deleted, and dated by the new edition.
    rows = query(
        clean_graph,
        "MATCH (s:Entity:Sanction)-[x:SANCTIONS]->(e:Entity)<-[:PART_OF]-(:Record {id: $id}) "
        "RETURN properties(s) AS s, s.end_date AS end_date, s.program AS program, "
        "properties(e) AS e, x.record_ids AS record_ids",
        id=f"us_ofac_sdn:{ALARCON}",
    )
    assert len(rows) == 1, rows
    (ended,) = rows
    assert sanction_status(ended["s"]) == "ended"
    assert ended["end_date"] == "2026-10-15"
    assert ended["program"] == "ILLICIT-DRUGS-EO14059"
    assert listed_by(ended["e"]) == []
    # in force the day before the edition that dropped it
    assert sanction_status(ended["s"], "2026-10-14") == "active"
    assert listed_by(ended["e"], "2026-10-14") == ["US"]
    sanction_record = ended["record_ids"][0]

    # Its records are kept as they were last read.
    records = {
        r["id"]: r
        for r in query(
            clean_graph,
            "MATCH (r:Record) WHERE r.id IN $ids RETURN r.id AS id, r.first_seen AS first_seen, "
            "r.last_seen AS last_seen, r.ended AS ended, r.published AS published, r.raw AS raw",
            ids=[f"us_ofac_sdn:{ALARCON}", sanction_record],
        )
    }
    assert set(records) == {f"us_ofac_sdn:{ALARCON}", sanction_record}
    for rec in records.values():
        assert (rec["first_seen"], rec["last_seen"]) == ("2026-09-29", "2026-09-29")
        assert rec["published"] == "2026-09-29" and rec["raw"]
    assert records[sanction_record]["ended"] == "2026-10-15"

    # Entries still listed: seen again, still active.
    still = query(
        clean_graph,
        "MATCH (r:Record {dataset: 'us_ofac_sdn'}) WHERE NOT r.id STARTS WITH $dropped "
        "RETURN r.id AS id, r.first_seen AS first_seen, r.last_seen AS last_seen, r.ended AS ended",
        dropped=f"us_ofac_sdn:{ALARCON}",
    )
    assert len(still) == 8
    for rec in still:
        assert (rec["first_seen"], rec["last_seen"], rec["ended"]) == (
            "2026-09-29",
            "2026-10-15",
            None,
        ), rec
    chemezov = query(
        clean_graph,
        "MATCH (s:Sanction)-[:SANCTIONS]->(e:Entity)<-[:PART_OF]-(:Record {id: $id}) "
        "RETURN properties(s) AS s, properties(e) AS e",
        id="us_ofac_sdn:16685",
    )
    assert [(sanction_status(r["s"]), listed_by(r["e"])) for r in chemezov] == [("active", ["US"])]

    # Loading the older edition again does not revive or re-end anything.
    older = load_files(clean_graph, settings, [SANCTIONS / "ofac_sdn_new_ns.xml"])
    assert older.files[0].ended_sanctions == 0
    rows = query(
        clean_graph,
        "MATCH (r:Record {id: $id}) RETURN r.ended AS ended",
        id=sanction_record,
    )
    assert rows == [{"ended": "2026-10-15"}]
    assert query(
        clean_graph, "MATCH (d:Dataset {name: 'us_ofac_sdn'}) RETURN d.last_edition AS e"
    ) == [{"e": "2026-10-15"}]


def test_newer_edition_moves_entity_last_seen(
    clean_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    load_files(clean_graph, settings, [SANCTIONS / "ofac_sdn_new_ns.xml"])
    load_files(clean_graph, settings, [_newer_ofac_edition(tmp_path)], allow_mass_delisting=True)
    rows = query(
        clean_graph,
        "MATCH (:Record {id: $id})-[:PART_OF]->(e:Entity) RETURN e.last_seen AS last_seen",
        id="us_ofac_sdn:16685",
    )
    assert rows == [{"last_seen": "2026-10-15"}]


# --- new records created outright, the rest upserted ----------------------------------


def _ftm_lines(*entities: tuple[str, str, dict[str, list[str]]]) -> str:
    return "".join(
        json.dumps({"id": i, "schema": s, "properties": p, "datasets": ["t"]}) + "\n"
        for i, s, p in entities
    )


BATCH_FILE = _ftm_lines(
    ("co-a", "Company", {"name": ["Alpha LLC"], "innCode": ["7707083893"]}),
    # links to co-b before co-b is read: a stub until its record arrives
    ("own-1", "Ownership", {"owner": ["co-b"], "asset": ["co-a"], "percentage": ["60"]}),
    ("co-b", "Company", {"name": ["Beta JSC"], "innCode": ["7736207543"]}),
    # co-a again, word for word: upserted in its batch, stored once
    ("co-a", "Company", {"name": ["Alpha LLC"], "innCode": ["7707083893"]}),
)


@pytest.mark.parametrize(
    ("batch_size", "reader_process_mb"), [(1, 100.0), (2, 100.0), (100, 100.0), (2, 0.0)]
)
def test_batching_does_not_change_the_graph(
    clean_graph: neo4j.Driver,
    settings: Settings,
    tmp_path: Path,
    batch_size: int,
    reader_process_mb: float,
) -> None:
    """Whether a record is created outright (new in its batch) or upserted (a
    stub, or repeated in the batch), and whether the file is read in a thread
    or a child process, the stored graph is the same."""
    path = tmp_path / "t.ftm.jsonl"
    path.write_text(BATCH_FILE, encoding="utf-8")
    small = settings.model_copy(
        update={"batch_size": batch_size, "reader_process_mb": reader_process_mb}
    )
    summary = load_files(clean_graph, small, [path], resolve=False)
    rows = query(
        clean_graph,
        "MATCH (r:Record) OPTIONAL MATCH (r)-[h:HAS_IDENTIFIER]->(i:Identifier) "
        "RETURN r.id AS id, r.caption AS caption, r.stub AS stub, collect(i.key) AS idents "
        "ORDER BY id",
    )
    assert rows == [
        {
            "id": "opensanctions:co-a",
            "caption": "Alpha LLC",
            "stub": None,
            "idents": ["inn:7707083893"],
        },
        {
            "id": "opensanctions:co-b",
            "caption": "Beta JSC",
            "stub": None,
            "idents": ["inn:7736207543"],
        },
        {"id": "opensanctions:own-1", "caption": "opensanctions:own-1", "stub": None, "idents": []},
    ]
    ends = query(
        clean_graph,
        "MATCH (:Record {id: $id})-[e:END]->(t:Record) RETURN e.role AS role, t.id AS t "
        "ORDER BY role",
        id="opensanctions:own-1",
    )
    assert ends == [
        {"role": "source", "t": "opensanctions:co-b"},
        {"role": "target", "t": "opensanctions:co-a"},
    ]
    assert sum(summary.files[0].counts.values()) == 4
    assert summary.files[0].check_seconds > 0 and summary.files[0].write_seconds > 0
    assert len(query(clean_graph, "MATCH (i:Identifier) RETURN i.key AS k")) == 2
