"""Loads that must not falsify or lose data (issue 27): claims never change an
official list's records, editions come from the file or its source note and
never from its modification time, and a list that shrinks sharply does not
delist without --allow-mass-delisting. Each refusal leaves the graph as it was."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graphsvc.errors import LoadError
from graphsvc.settings import Settings
from graphsvc.store.datasets import LIST_DATASETS
from loaders.registry import all_loaders
from tests.conftest import FIXTURES, wipe
from tests.graphtools import cli_load, fingerprint, listed_by, load_files, query

SANCTIONS = FIXTURES / "sanctions"
OFAC_XML = SANCTIONS / "ofac_sdn_new_ns.xml"  # 5 sanctions of 4 entries, 2026-09-29
CHEMEZOV = "us_ofac_sdn:16685"


def test_list_datasets_are_the_official_loaders_datasets() -> None:
    """The core's list of official datasets (it may not import loaders) is complete."""
    official = {cls.dataset for cls in all_loaders().values() if cls.kind == "list"}
    assert official == LIST_DATASETS
    assert {cls.dataset for cls in all_loaders().values() if cls.kind == "claims"} == {"claims"}


# --- claims never change an official record ------------------------------------------


def _claims_file(tmp_path: Path, dataset: str | None, local: str, *, published: str) -> Path:
    head = "graphsvc: claims/1\n" + (f"dataset: {dataset}\n" if dataset else "")
    path = tmp_path / f"claims-{local}.yaml"
    path.write_text(
        head + f"sources:\n  gazette: {{publisher: Test Gazette, published: '{published}'}}\n"
        f"claims:\n  - id: '{local}'\n    schema: Person\n"
        f"    properties: {{name: [Someone Else], birthDate: ['1900']}}\n"
        f"    cite: {{source: gazette, quote: as reported}}\n",
        encoding="utf-8",
    )
    return path


def _props(driver: neo4j.Driver, record_id: str) -> list[dict[str, Any]]:
    return query(driver, "MATCH (r:Record {id: $id}) RETURN properties(r) AS p", id=record_id)


@pytest.mark.parametrize(
    ("file_dataset", "override", "message"),
    [
        ("us_ofac_sdn", None, "dataset 'us_ofac_sdn' is an official list"),
        # --dataset on the command line is held to the same rule
        (None, "us_ofac_sdn", "dataset 'us_ofac_sdn' is an official list"),
    ],
)
def test_claims_file_cannot_change_an_official_record(
    clean_graph: neo4j.Driver,
    settings: Settings,
    tmp_path: Path,
    file_dataset: str | None,
    override: str | None,
    message: str,
) -> None:
    load_files(clean_graph, settings, [OFAC_XML])
    before_record = _props(clean_graph, CHEMEZOV)
    assert before_record and before_record[0]["p"]["dataset"] == "us_ofac_sdn"
    before = fingerprint(clean_graph)

    path = _claims_file(tmp_path, file_dataset, "16685", published="2030-01-01")
    with pytest.raises(LoadError) as err:
        load_files(clean_graph, settings, [path], dataset=override)
    assert str(path) in str(err.value) and message in str(err.value)
    assert "claims dataset" in str(err.value)  # says where claims go instead
    assert _props(clean_graph, CHEMEZOV) == before_record
    assert fingerprint(clean_graph) == before


def test_claims_cannot_join_a_list_loaded_under_another_name(
    clean_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    load_files(clean_graph, settings, [OFAC_XML], dataset="watchlist")
    before = fingerprint(clean_graph)
    path = _claims_file(tmp_path, "watchlist", "16685", published="2030-01-01")
    with pytest.raises(LoadError, match="'watchlist' holds records loaded from a published list"):
        load_files(clean_graph, settings, [path])
    assert fingerprint(clean_graph) == before


def test_list_cannot_be_loaded_into_a_claims_dataset(
    clean_graph: neo4j.Driver, settings: Settings
) -> None:
    load_files(clean_graph, settings, [FIXTURES / "claims_moscow_case.yaml"])
    before = fingerprint(clean_graph)
    with pytest.raises(LoadError, match="'moscow-case' holds claims"):
        load_files(clean_graph, settings, [OFAC_XML], dataset="moscow-case")
    assert fingerprint(clean_graph) == before


def test_claims_files_are_not_editions(
    clean_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    """A newer claims file of the same dataset ends none of the claims it does not repeat."""
    load_files(clean_graph, settings, [FIXTURES / "claims_moscow_case.yaml"])
    later = _claims_file(tmp_path, "moscow-case", "someone", published="2030-01-01")
    summary = load_files(clean_graph, settings, [later])
    assert summary.files[0].edition == "2030-01-01" and summary.files[0].ended_sanctions == 0
    ended = query(
        clean_graph,
        "MATCH (r:Record {dataset: 'moscow-case', schema: 'Sanction'}) RETURN r.ended AS ended",
    )
    assert ended == [{"ended": None}]


# --- a truncated list does not delist without the flag -------------------------------


def _truncated_newer_edition(tmp_path: Path) -> Path:
    """The OFAC fixture as a newer edition (2026-10-15) cut after its first entry
    (CHEMEZOV, one sanction) and closed again: well formed, 4 of 5 sanctions gone."""
    data = OFAC_XML.read_bytes()
    data = data.replace(b"09/29/2026", b"10/15/2026")
    first_end = data.index(b"</sdnEntry>") + len(b"</sdnEntry>")
    last_end = data.rindex(b"</sdnEntry>") + len(b"</sdnEntry>")
    path = tmp_path / "sdn.xml"
    path.write_bytes(data[:first_end] + data[last_end:])
    return path


def _ended(driver: neo4j.Driver) -> list[dict[str, Any]]:
    return query(
        driver,
        "MATCH (r:Record {dataset: 'us_ofac_sdn', schema: 'Sanction'}) WHERE r.ended IS NOT NULL "
        "RETURN r.id AS id, r.ended AS ended ORDER BY id",
    )


def test_truncated_list_does_not_delist_without_the_flag(
    clean_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    load_files(clean_graph, settings, [OFAC_XML])
    before = fingerprint(clean_graph)
    truncated = _truncated_newer_edition(tmp_path)

    with pytest.raises(LoadError) as err:
        load_files(clean_graph, settings, [truncated])
    message = str(err.value)
    assert str(truncated) in message
    assert "dataset 'us_ofac_sdn' would end 4 of its 5 active sanctions" in message
    assert "GRAPHSVC_MAX_DELISTING_SHARE" in message and "--allow-mass-delisting" in message
    assert fingerprint(clean_graph) == before, "nothing committed, not even the kept entry"
    assert _ended(clean_graph) == []

    # A higher share set by the operator lets it through as well; here the flag does.
    summary = load_files(clean_graph, settings, [truncated], allow_mass_delisting=True)
    assert summary.files[0].ended_sanctions == 4
    ended = _ended(clean_graph)
    assert len(ended) == 4 and {r["ended"] for r in ended} == {"2026-10-15"}
    assert not any(r["id"].startswith(f"{CHEMEZOV}#") for r in ended)  # still listed
    rows = query(clean_graph, "MATCH (e:Entity) RETURN properties(e) AS e")
    assert len([r for r in rows if listed_by(r["e"])]) == 1  # only CHEMEZOV is still sanctioned


def test_share_setting_decides(
    clean_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    load_files(clean_graph, settings, [OFAC_XML])
    lenient = settings.model_copy(update={"max_delisting_share": 0.8})  # 4 of 5 is 80%
    summary = load_files(clean_graph, lenient, [_truncated_newer_edition(tmp_path)])
    assert summary.files[0].ended_sanctions == 4


# --- editions: the file's date or its source note, never its modification time --------


def _undated_ofac_csv(tmp_path: Path) -> Path:
    """The OFAC CSV set (no date in any of its files), copied with a fresh mtime."""
    folder = tmp_path / "ofac"
    shutil.copytree(SANCTIONS / "ofac_csv", folder)
    return folder / "sdn.csv"


def test_undated_list_is_refused_and_accepted_with_edition(
    clean_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    sdn = _undated_ofac_csv(tmp_path)
    with pytest.raises(LoadError) as err:
        load_files(clean_graph, settings, [sdn], format_name="ofac-csv")
    message = str(err.value)
    assert message.startswith(f"{sdn}: the file states no edition date")
    assert "'us_ofac_sdn'" in message and "--edition YYYY-MM-DD" in message
    assert "sdn.csv.source.yaml" in message
    assert query(clean_graph, "MATCH (n) RETURN count(n) AS n") == [{"n": 0}]

    summary = load_files(clean_graph, settings, [sdn], format_name="ofac-csv", edition="2026-11-02")
    assert summary.files[0].edition == "2026-11-02"
    assert query(
        clean_graph, "MATCH (d:Dataset {name: 'us_ofac_sdn'}) RETURN d.last_edition AS e"
    ) == [{"e": "2026-11-02"}]
    seen = query(
        clean_graph,
        "MATCH (r:Record {dataset: 'us_ofac_sdn'}) RETURN DISTINCT r.last_seen AS last_seen",
    )
    assert seen == [{"last_seen": "2026-11-02"}]


def test_source_note_date_is_the_edition(
    clean_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    sdn = _undated_ofac_csv(tmp_path)
    note = sdn.with_name("sdn.csv.source.yaml")
    note.write_text("publisher: OFAC\nretrieved: 2026-10-01\n", encoding="utf-8")
    # --edition only dates files that state nothing: the note wins
    summary = load_files(clean_graph, settings, [sdn], format_name="ofac-csv", edition="2027-01-01")
    assert summary.files[0].edition == "2026-10-01"


def test_undated_file_that_cannot_delist_loads_without_edition(
    clean_graph: neo4j.Driver, settings: Settings
) -> None:
    """NIST's table states no date and holds no sanction: nothing to end, no edition needed."""
    summary = load_files(clean_graph, settings, [FIXTURES / "nist_frvt_11_overview.csv"])
    assert summary.files[0].edition is None
    rows = query(
        clean_graph,
        "MATCH (r:Record {dataset: 'us_nist_frvt'}) WHERE r.schema IS NOT NULL "
        "RETURN count(r) AS n, count(r.last_seen) AS seen",
    )
    assert rows[0]["n"] > 0 and rows[0]["seen"] == 0
    again = load_files(clean_graph, settings, [FIXTURES / "nist_frvt_11_overview.csv"])
    assert set(again.files[0].counts) <= {"entities.unchanged", "relationships.unchanged"}


# --- the same through the command line ------------------------------------------------


def _cli(settings: Settings, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return cli_load(settings, home, "--no-resolve", *args)


def _error_line(proc: subprocess.CompletedProcess[str]) -> str:
    output = proc.stdout + proc.stderr
    assert proc.returncode == 2, output
    assert "Traceback" not in output
    errors = [ln for ln in output.splitlines() if re.match(r"^\s*error:", ln)]
    assert len(errors) == 1, output
    return errors[0]


def test_cli_edition_and_mass_delisting_flags(
    clean_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    sdn = _undated_ofac_csv(tmp_path)
    line = _error_line(_cli(settings, tmp_path, str(sdn)))
    assert "states no edition date" in line and "--edition YYYY-MM-DD" in line
    assert "not a date" in _error_line(
        _cli(settings, tmp_path, "--edition", "2026-13-45", str(sdn))
    )
    proc = _cli(settings, tmp_path, "--edition", "2026-11-02", str(sdn))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "edition 2026-11-02" in proc.stdout

    wipe(clean_graph, settings)
    load_files(clean_graph, settings, [OFAC_XML], resolve=False)
    truncated = _truncated_newer_edition(tmp_path)
    before = fingerprint(clean_graph)
    line = _error_line(_cli(settings, tmp_path, str(truncated)))
    assert "would end" in line and "--allow-mass-delisting" in line
    assert fingerprint(clean_graph) == before
    proc = _cli(settings, tmp_path, "--allow-mass-delisting", str(truncated))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "sanctions ended" in proc.stdout
