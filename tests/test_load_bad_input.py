"""Bad input: one clear LoadError naming the file and the place, and the graph untouched.

Valid data is loaded first (once for the module), so "untouched" is checked
against a graph with entities, sanctions, edges and records in it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import neo4j
import pytest

from graphsvc.errors import LoadError
from graphsvc.settings import Settings
from tests.conftest import FIXTURES, wipe
from tests.graphtools import cli_load, fingerprint, load_files, query

SANCTIONS = FIXTURES / "sanctions"


@pytest.fixture(scope="module")
def loaded(driver: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    wipe(driver, settings)
    load_files(
        driver,
        settings,
        [
            SANCTIONS / "ofac_sdn_new_ns.xml",
            SANCTIONS / "eu_fsf.xml",
            FIXTURES / "bods_03_statements.jsonl",
        ],
    )
    count = query(driver, "MATCH (e:Entity) RETURN count(e) AS n")[0]["n"]
    assert count > 5
    return driver


# --- the bad files -------------------------------------------------------------


def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _write_csv(path: Path, rows: list[list[str]], *, bom: bool = False) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text(("\ufeff" if bom else "") + out.getvalue(), encoding="utf-8", newline="")
    return path


def truncated_ofac(tmp: Path) -> tuple[Path, str | None]:
    return SANCTIONS / "ofac_sdn_truncated.xml", None


def truncated_eu_fsf(tmp: Path) -> tuple[Path, str | None]:
    data = (SANCTIONS / "eu_fsf.xml").read_bytes()
    path = tmp / "eu_fsf_cut.xml"
    path.write_bytes(data[: len(data) // 2])
    return path, None


def eu_journal_missing_columns(tmp: Path) -> tuple[Path, str | None]:
    rows = _csv_rows(SANCTIONS / "eu_journal.csv")
    rows = [rows[0], rows[1], rows[2][:10], *rows[3:5]]
    return _write_csv(tmp / "eu_journal_short.csv", rows), "3"


def eu_journal_extra_columns(tmp: Path) -> tuple[Path, str | None]:
    rows = _csv_rows(SANCTIONS / "eu_journal.csv")
    rows = [rows[0], rows[1], rows[2], [*rows[3], "surplus", "cells"]]
    return _write_csv(tmp / "eu_journal_wide.csv", rows), "4"


def conlist_missing_columns(tmp: Path) -> tuple[Path, str | None]:
    # Keep the BOM, CRLF, preamble and header; cut the third data row short.
    lines = (SANCTIONS / "uk_conlist.csv").read_bytes().split(b"\r\n")
    lines[4] = b",".join(lines[4].split(b",")[:12])
    path = tmp / "ConList.csv"
    path.write_bytes(b"\r\n".join(lines))
    return path, "5"


def iarpa_extra_columns(tmp: Path) -> tuple[Path, str | None]:
    path = tmp / "prizes.csv"
    path.write_text(
        "prize,amount_usd,winner\n"
        "one-to-many identification accuracy,25000,Yitu\n"
        "one-to-one verification accuracy,20000,NtechLab,and one more\n"
    )
    return path, "3"


def ftm_invalid_json(tmp: Path) -> tuple[Path, str | None]:
    lines = (FIXTURES / "ftm_opensanctions_excerpt.ijson").read_text().splitlines()
    path = tmp / "entities.ftm.json"
    path.write_text(
        "\n".join([lines[0], lines[1], '{"id": "x", "schema": "Person", "prop', lines[2]])
    )
    return path, "3"


def unknown_format(tmp: Path) -> tuple[Path, str | None]:
    path = tmp / "notes.dat"
    path.write_text("Moscow camera network\nnothing graphsvc reads\n")
    return path, None


def entity_bomb(tmp: Path) -> tuple[Path, str | None]:
    return SANCTIONS / "ofac_sdn_entity_bomb.xml", None


def empty_file(tmp: Path) -> tuple[Path, str | None]:
    path = tmp / "sdn.xml"
    path.write_bytes(b"")
    return path, "1"


def ftm_same_id_other_content(tmp: Path) -> tuple[Path, str | None]:
    lines = (FIXTURES / "ftm_opensanctions_excerpt.ijson").read_text().splitlines()
    again = lines[0].replace('"schema":"Organization"', '"schema":"Person"')
    assert again != lines[0]
    path = tmp / "entities.ftm.json"
    path.write_text("\n".join([lines[0], lines[1], again, lines[2]]) + "\n")
    return path, "3"


def ofac_entry_twice_other_type(tmp: Path) -> tuple[Path, str | None]:
    """The second copy of an entry, an Entity where the first is an Individual."""
    data = (SANCTIONS / "ofac_sdn_new_ns.xml").read_text(encoding="utf-8")
    start, end = data.index("  <sdnEntry>"), data.index("</sdnEntry>") + len("</sdnEntry>\n")
    entry = data[start:end].replace("<sdnType>Individual</sdnType>", "<sdnType>Entity</sdnType>")
    last = data.rindex("</sdnEntry>") + len("</sdnEntry>\n")
    path = tmp / "sdn.xml"
    path.write_text(data[:last] + entry + data[last:], encoding="utf-8")
    return path, None


def deep_xml(tmp: Path) -> tuple[Path, str | None]:
    data = (SANCTIONS / "eu_fsf.xml").read_text(encoding="utf-8")
    at = data.index("<sanctionEntity ")
    path = tmp / "eu_fsf.xml"
    path.write_text(data[:at] + "<x>" * 50_000 + "</x>" * 50_000 + data[at:], encoding="utf-8")
    return path, str(data.count("\n", 0, at) + 1)


def source_note_aliases(tmp: Path) -> tuple[Path, str | None]:
    path = tmp / "nist_frvt_11_overview.csv"
    path.write_bytes((FIXTURES / "nist_frvt_11_overview.csv").read_bytes())
    note = tmp / "nist_frvt_11_overview.csv.source.yaml"
    laughs = "".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                     for p, c in zip("abcdefg", "bcdefgh", strict=True))  # fmt: skip
    note.write_text("a: &a [lol, lol]\n" + laughs + "publisher: *h\n", encoding="utf-8")
    return path, None


def csv_nul_byte(tmp: Path) -> tuple[Path, str | None]:
    rows = _csv_rows(SANCTIONS / "eu_journal.csv")
    rows[3][6] = rows[3][6][:3] + "\x00" + rows[3][6][3:]
    return _write_csv(tmp / "eu_journal_nul.csv", rows), "4"


def ftm_long_line(tmp: Path) -> tuple[Path, str | None]:
    lines = (FIXTURES / "ftm_opensanctions_excerpt.ijson").read_text().splitlines()
    big = '{"id": "big", "schema": "Person", "properties": {"notes": ["' + "x" * (9 << 20) + '"]}}'
    path = tmp / "entities.ftm.json"
    path.write_text("\n".join([lines[0], lines[1], big]) + "\n")
    return path, "3"


def ftm_huge_reference(tmp: Path) -> tuple[Path, str | None]:
    """An id Neo4j could not index, where the write pass would fail part-way."""
    lines = (FIXTURES / "ftm_opensanctions_excerpt.ijson").read_text().splitlines()
    link = {"id": "own-1", "schema": "Ownership",
            "properties": {"owner": ["o" * 20_000], "asset": ["a"]}}  # fmt: skip
    path = tmp / "entities.ftm.json"
    path.write_text("\n".join([lines[0], json.dumps(link), lines[1]]) + "\n")
    return path, "2"


BAD: dict[str, Callable[[Path], tuple[Path, str | None]]] = {
    "ftm-huge-reference": ftm_huge_reference,
    "ftm-same-id-other-content": ftm_same_id_other_content,
    "ofac-entry-twice-other-type": ofac_entry_twice_other_type,
    "xml-deep-nesting": deep_xml,
    "source-note-yaml-aliases": source_note_aliases,
    "csv-nul-byte": csv_nul_byte,
    "ftm-long-line": ftm_long_line,
    "truncated-ofac-xml": truncated_ofac,
    "truncated-eu-fsf-xml": truncated_eu_fsf,
    "eu-journal-missing-columns": eu_journal_missing_columns,
    "eu-journal-extra-columns": eu_journal_extra_columns,
    "conlist-missing-columns": conlist_missing_columns,
    "iarpa-extra-columns": iarpa_extra_columns,
    "ftm-invalid-json-line": ftm_invalid_json,
    "unknown-format": unknown_format,
    "xml-entity-bomb": entity_bomb,
    "empty-file": empty_file,
}

# What the message must say, beyond the file and line.
REASON = {
    "ftm-huge-reference": "owner of record opensanctions:own-1 longer than 1024 characters",
    "ftm-same-id-other-content": "record id 'opensanctions:NK-2GdmHtZTeNXjNVrBGEXZNj' is given "
    "twice with different content (line 1 and line 3)",
    "ofac-entry-twice-other-type": "record id 'us_ofac_sdn:16685' is given twice with "
    "different content",
    "xml-deep-nesting": "XML nested deeper than 64 levels",
    "source-note-yaml-aliases": "YAML anchors (&a) are not accepted",
    "csv-nul-byte": "control character '\\x00' in a CSV field",
    "ftm-long-line": "a line longer than 8388608 characters",
    "truncated-ofac-xml": "malformed XML",
    "truncated-eu-fsf-xml": "malformed XML",
    "eu-journal-missing-columns": "expected 45 columns, found 10",
    "eu-journal-extra-columns": "expected 45 columns, found 47",
    "conlist-missing-columns": "columns",
    "iarpa-extra-columns": "expected 3 columns, found 4",
    "ftm-invalid-json-line": "invalid JSON",
    "unknown-format": "not a known format",
    "xml-entity-bomb": "unsafe XML",
    "empty-file": "empty",
}


# The error names the file at fault: for these, one beside the file loaded.
NAMED_FILE = {"source-note-yaml-aliases": ".source.yaml"}


def _load_bad(driver: neo4j.Driver, settings: Settings, path: Path) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load_files(driver, settings, [path])
    return caught.value


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_file_names_place_and_changes_nothing(
    loaded: neo4j.Driver, settings: Settings, tmp_path: Path, case: str
) -> None:
    path, line = BAD[case](tmp_path)
    before = fingerprint(loaded)
    error = _load_bad(loaded, settings, path)
    assert fingerprint(loaded) == before
    path = Path(f"{path}{NAMED_FILE.get(case, '')}")
    assert error.path == str(path)
    message = str(error)
    assert message.startswith(str(path))
    assert REASON[case] in message
    if line is not None:
        assert str(error.where) == line, message
        assert message.startswith(f"{path}:{line}: ")


def test_truncated_xml_names_the_line(loaded: neo4j.Driver, settings: Settings) -> None:
    path = SANCTIONS / "ofac_sdn_truncated.xml"
    error = _load_bad(loaded, settings, path)
    # The file stops inside the element that starts on its last line.
    last_line = len(path.read_text().splitlines())
    assert isinstance(error.where, int | str)
    assert abs(int(error.where) - last_line) <= 1, str(error)


def test_bad_record_after_good_ones_writes_none_of_them(
    loaded: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    path, _ = ftm_invalid_json(tmp_path)
    _load_bad(loaded, settings, path)
    first_id = "opensanctions:NK-2GdmHtZTeNXjNVrBGEXZNj"  # the valid first line
    assert query(loaded, "MATCH (r:Record {id: $id}) RETURN r", id=first_id) == []


def test_exact_repeat_is_stored_once_with_a_warning(
    clean_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    lines = (FIXTURES / "ftm_opensanctions_excerpt.ijson").read_text().splitlines()
    path = tmp_path / "entities.ftm.json"
    # the same records, the repeated one where its last copy will be (line 4)
    path.write_text("\n".join([lines[0], "", lines[2], lines[1]]) + "\n")
    load_files(clean_graph, settings, [path])
    once = fingerprint(clean_graph)
    wipe(clean_graph, settings)
    path.write_text("\n".join([*lines, lines[1]]) + "\n")
    summary = load_files(clean_graph, settings, [path])
    assert fingerprint(clean_graph) == once
    repeated = f"opensanctions:{json.loads(lines[1])['id']}"
    assert summary.files[0].warnings == [
        f"record {repeated!r} is given 2 times with the same content (line 2, line 4); "
        "stored once, from line 4"
    ]


def test_formats_that_restate_records_keep_the_last_statement(
    clean_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    """An OCDS party is restated in each release naming it: not an error."""
    data = json.loads((FIXTURES / "ocds_release_package_example.json").read_text())
    later = json.loads(json.dumps(data["releases"][0]))
    later["ocid"] += "-later"
    later["parties"][0]["name"] = "Renamed later"
    data["releases"].append(later)
    path = tmp_path / "ocds.json"
    path.write_text(json.dumps(data))
    summary = load_files(clean_graph, settings, [path])
    assert summary.files[0].warnings == []
    names = query(clean_graph, "MATCH (r:Record {caption: 'Renamed later'}) RETURN r.id AS id")
    assert len(names) == 1


# --- through the CLI ---------------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    [
        "ftm-invalid-json-line",
        "xml-entity-bomb",
        "unknown-format",
        "xml-deep-nesting",
        "ftm-same-id-other-content",
        "source-note-yaml-aliases",
    ],
)
def test_cli_load_bad_file(
    loaded: neo4j.Driver, settings: Settings, tmp_path: Path, case: str
) -> None:
    path, line = BAD[case](tmp_path)
    before = fingerprint(loaded)
    proc = cli_load(settings, tmp_path, str(path))
    assert proc.returncode != 0, proc.stdout + proc.stderr
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output
    errors = [ln for ln in output.splitlines() if re.match(r"^\s*error:", ln)]
    assert len(errors) == 1, output
    assert str(path) in errors[0] and REASON[case] in errors[0]
    if line is not None:
        assert f"{path}:{line}:" in errors[0]
    assert fingerprint(loaded) == before
