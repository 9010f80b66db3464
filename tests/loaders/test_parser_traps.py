"""Inputs built to exhaust a parser: each ends in one LoadError naming the file
and the line, before a record is produced from the bad part."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from graphsvc.errors import LoadError
from loaders import _jsonstream, textfile, xmlstream
from loaders._yaml import MAX_BYTES as YAML_MAX_BYTES
from loaders.base import Loader
from loaders.registry import all_loaders
from loaders.sourcenote import SourceNote
from tests.loaders.graph_helpers import FIXTURES

SANCTIONS = FIXTURES / "sanctions"

# One fixture per XML format.
XML_FIXTURES = {
    "ofac-xml": SANCTIONS / "ofac_sdn_new_ns.xml",
    "ofac-advanced": SANCTIONS / "ofac_sdn_advanced.xml",
    "eu-fsf": SANCTIONS / "eu_fsf.xml",
    "un-sc": SANCTIONS / "un_sc.xml",
    "uk-fcdo-xml": SANCTIONS / "uk_fcdo.xml",
    "gleif-lei-xml": FIXTURES / "gleif_lei_cdf31.xml",
    "gleif-rr-xml": FIXTURES / "gleif_rr_cdf21.xml",
    "eis-44fz": FIXTURES / "eis_44fz_contract.xml",
}


def read_all(cls: type[Loader], path: Path) -> int:
    return sum(1 for _ in cls(path).read())


def test_every_xml_format_has_a_fixture_here() -> None:
    xml_formats = {name for name, cls in all_loaders().items() if "xml" in cls.title.lower()}
    assert xml_formats == set(XML_FIXTURES)


def _after_root_start(data: str) -> int:
    """The offset just after the root element's start tag."""
    m = re.search(
        r"<[A-Za-z_][^>]*>", re.sub(r"<!--.*?-->", lambda c: " " * len(c[0]), data, flags=re.S)
    )
    assert m is not None
    return m.end()


@pytest.mark.parametrize("fmt", sorted(XML_FIXTURES))
def test_deep_xml_is_refused_at_its_line(tmp_path: Path, fmt: str) -> None:
    data = XML_FIXTURES[fmt].read_text(encoding="utf-8")
    at = _after_root_start(data)
    line = data.count("\n", 0, at) + 2
    deep = "\n" + "<x>" * 100_000 + "</x>" * 100_000 + "\n"
    path = tmp_path / XML_FIXTURES[fmt].name
    path.write_text(data[:at] + deep + data[at:], encoding="utf-8")
    with pytest.raises(LoadError) as err:
        read_all(all_loaders()[fmt], path)
    assert err.value.path == str(path)
    assert err.value.where == line
    assert f"XML nested deeper than {xmlstream.MAX_DEPTH} levels" in str(err.value)


def test_xml_at_the_depth_bound_is_read(tmp_path: Path) -> None:
    data = XML_FIXTURES["ofac-xml"].read_text(encoding="utf-8")
    at = _after_root_start(data)
    # the root is level 1: MAX_DEPTH - 1 more levels below it
    nest = xmlstream.MAX_DEPTH - 1
    path = tmp_path / "sdn.xml"
    path.write_text(data[:at] + "<x>" * nest + "</x>" * nest + data[at:], encoding="utf-8")
    assert read_all(all_loaders()["ofac-xml"], path) == read_all(
        all_loaders()["ofac-xml"], XML_FIXTURES["ofac-xml"]
    )


# --- YAML: anchors and aliases ---------------------------------------------------

LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
)


def test_source_note_with_aliases_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "overview.csv"
    note = tmp_path / "overview.csv.source.yaml"
    note.write_text(LAUGHS + "publisher: *f\npublished: 2020-10\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(LoadError) as err:
        SourceNote.beside(target)
    assert time.perf_counter() - started < 1
    assert err.value.path == str(note) and err.value.where == 1
    assert "YAML anchors (&a) are not accepted" in str(err.value)
    note.write_text("publisher: *x\n", encoding="utf-8")  # an alias without its anchor
    with pytest.raises(LoadError, match=r"overview.csv.source.yaml:1: .*alias"):
        SourceNote.beside(target)


def test_claims_file_with_aliases_is_refused(tmp_path: Path) -> None:
    good = (FIXTURES / "claims_moscow_case.yaml").read_text(encoding="utf-8")
    assert "sources:\n" in good
    text = good.replace("sources:\n", "x-laughs:\n" + _indent(LAUGHS) + "sources:\n", 1)
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as err:
        read_all(all_loaders()["claims"], path)
    assert err.value.where == text[: text.index("&a")].count("\n") + 1
    assert "YAML anchors (&a) are not accepted" in str(err.value)


def _indent(text: str) -> str:
    return "".join(f"  {line}\n" for line in text.splitlines())


def test_deep_and_huge_yaml_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text("graphsvc: claims/1\nclaims: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(LoadError, match=r"claims.yaml:2: YAML nested deeper than"):
        read_all(all_loaders()["claims"], path)
    path.write_text("graphsvc: claims/1\n# " + "x" * YAML_MAX_BYTES + "\n")
    with pytest.raises(LoadError, match=r"more than the \d+ a YAML file may have"):
        read_all(all_loaders()["claims"], path)


# --- JSON: long lines, long items, deep nesting ---------------------------------------


def test_long_json_line_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    lines = (FIXTURES / "ftm_opensanctions_excerpt.ijson").read_text().splitlines()
    path = tmp_path / "entities.ftm.json"
    big = (
        '{"id": "big", "schema": "Person", "properties": {"name": ["'
        + "x" * (_jsonstream.MAX_ITEM + 10)
        + '"]}}'
    )
    path.write_text("\n".join([lines[0], big, lines[1]]) + "\n")
    with pytest.raises(LoadError) as err:
        read_all(all_loaders()["ftm"], path)
    assert err.value.where == 2
    assert f"longer than {_jsonstream.MAX_ITEM} characters" in str(err.value)


@pytest.mark.parametrize(
    ("fmt", "fixture", "inside"),
    [
        ("bods", "bods_04_statements.json", '"recordDetails": {'),
        ("ocds", "ocds_release_package_example.json", '"releases": ['),
    ],
)
def test_long_streamed_json_item_is_refused(
    tmp_path: Path, fmt: str, fixture: str, inside: str
) -> None:
    data = (FIXTURES / fixture).read_text(encoding="utf-8")
    at = data.index(inside) + len(inside)
    if inside.endswith("["):
        junk = '{"ocid": "x", "description": "' + "y" * (_jsonstream.MAX_ITEM + 10) + '"},'
    else:
        junk = '"description": "' + "y" * (_jsonstream.MAX_ITEM + 10) + '",'
    path = tmp_path / fixture
    path.write_text(data[:at] + junk + data[at:], encoding="utf-8")
    with pytest.raises(LoadError) as err:
        read_all(all_loaders()[fmt], path)
    assert isinstance(err.value.where, int)
    assert f"longer than {_jsonstream.MAX_ITEM} characters" in str(err.value)


@pytest.mark.parametrize("levels", [_jsonstream.MAX_DEPTH + 1, 300, 100_000])
def test_deep_json_is_refused(tmp_path: Path, levels: int) -> None:
    lines = (FIXTURES / "ftm_opensanctions_excerpt.ijson").read_text().splitlines()
    deep = '{"id": "deep", "schema": "Person", "properties": {}, "x": ' + "[" * levels
    deep += "]" * levels + "}"
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join([lines[0], deep]) + "\n")
    with pytest.raises(LoadError, match=r":2: JSON nested deeper than 64 levels"):
        read_all(all_loaders()["ftm"], path)
    data = (FIXTURES / "ocds_release_package_example.json").read_text(encoding="utf-8")
    at = data.index('"releases": [') + len('"releases": [')
    path = tmp_path / "ocds.json"
    path.write_text(
        data[:at] + '{"ocid": "x", "deep": ' + "[" * levels + "]" * levels + "}," + data[at:]
    )
    with pytest.raises(LoadError, match="JSON nested deeper than 64 levels"):
        read_all(all_loaders()["ocds"], path)


# --- CSV: long fields and lines, control characters ------------------------------------


def _eu_rows() -> list[str]:
    return (SANCTIONS / "eu_journal.csv").read_text(encoding="utf-8").splitlines()


def test_long_csv_field_is_refused(tmp_path: Path) -> None:
    rows = _eu_rows()
    cells = rows[2].split(",")
    cells[5] = '"' + "x" * (textfile.MAX_CSV_FIELD + 1) + '"'
    path = tmp_path / "eu.csv"
    path.write_text("\n".join([rows[0], rows[1], ",".join(cells), *rows[3:]]) + "\n")
    with pytest.raises(LoadError) as err:
        read_all(all_loaders()["eu-journal"], path)
    assert err.value.where == 3
    assert f"a CSV field longer than {textfile.MAX_CSV_FIELD} characters" in str(err.value)


def test_long_csv_line_is_refused(tmp_path: Path) -> None:
    rows = _eu_rows()
    path = tmp_path / "eu.csv"
    path.write_text("\n".join([rows[0], rows[1], "," * (textfile.MAX_CSV_LINE + 1)]) + "\n")
    with pytest.raises(LoadError, match=rf"eu.csv:3: a line longer than {textfile.MAX_CSV_LINE}"):
        read_all(all_loaders()["eu-journal"], path)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x1a"])
def test_control_character_in_a_csv_field_is_refused(tmp_path: Path, char: str) -> None:
    rows = _eu_rows()
    path = tmp_path / "eu.csv"
    path.write_text("\n".join([rows[0], rows[1], rows[2].replace("a", char, 1), *rows[3:]]))
    with pytest.raises(LoadError) as err:
        read_all(all_loaders()["eu-journal"], path)
    assert err.value.where == 3
    assert f"control character {char!r} in a CSV field" in str(err.value)


def test_tabs_line_breaks_and_the_dos_end_of_file_are_kept(tmp_path: Path) -> None:
    """OFAC's files end with Ctrl-Z on a line of its own; fields may hold tabs
    and line breaks."""
    sdn = SANCTIONS / "ofac_csv" / "sdn.csv"
    assert sdn.read_bytes().endswith(b"\x1a")
    assert read_all(all_loaders()["ofac-csv"], sdn) > 0
    rows = _eu_rows()
    path = tmp_path / "eu.csv"
    third = rows[2].split(",")
    third[5] = '"two\tparts\r\nover two lines"'
    path.write_text("\n".join([rows[0], rows[1], ",".join(third), *rows[3:]]))
    assert read_all(all_loaders()["eu-journal"], path) == read_all(
        all_loaders()["eu-journal"], SANCTIONS / "eu_journal.csv"
    )


def test_text_formats_bound_their_lines_and_decoding(tmp_path: Path) -> None:
    path = tmp_path / "leaderboard.txt"
    good = (
        FIXTURES.parent.parent / "data" / "moscow" / "nist_frvt_leaderboard_2017.txt"
    ).read_bytes()
    path.write_bytes(good + b"\xff\xfe broken\n")
    with pytest.raises(LoadError, match="not UTF-8"):
        read_all(all_loaders()["nist-leaderboard"], path)
    path.write_bytes(good + b"#" * (textfile.MAX_LINE + 1) + b"\n")
    with pytest.raises(LoadError, match="a line longer than"):
        read_all(all_loaders()["nist-leaderboard"], path)


# --- patterns that took quadratic (or worse) time over long runs ---------------------


def test_long_runs_are_read_in_linear_time(tmp_path: Path) -> None:
    from loaders._nist import split_algorithm
    from loaders._sanctions import trailing_parenthesis

    started = time.perf_counter()
    assert split_algorithm("ab" * 100_000 + "_x") is None
    assert trailing_parenthesis(" " * textfile.MAX_CSV_FIELD + "1)") is None
    assert trailing_parenthesis("7718852163  (Russia) ") == ("7718852163", "Russia")
    card = (FIXTURES / "nist_reportcards.txt").read_text(encoding="utf-8")
    path = tmp_path / "cards.txt"
    path.write_text(card + "<" * 2_000_000 + "\n", encoding="utf-8")
    assert read_all(all_loaders()["nist-reportcard"], path) > 0
    assert time.perf_counter() - started < 5


def test_yaml_control_character_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text("graphsvc: claims/1\nclaims:\n  - a\x0b\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"claims.yaml:3: invalid YAML: character '\\x0b'$"):
        read_all(all_loaders()["claims"], path)


@pytest.mark.parametrize("fmt", sorted(XML_FIXTURES))
def test_unknown_xml_encoding_is_a_load_error(tmp_path: Path, fmt: str) -> None:
    data = XML_FIXTURES[fmt].read_bytes().removeprefix(b"\xef\xbb\xbf")
    declared = re.sub(rb"^<\?xml[^?]*\?>", b'<?xml version="1.0" encoding="UUF-8"?>', data)
    assert declared != data
    path = tmp_path / XML_FIXTURES[fmt].name
    path.write_bytes(declared)
    with pytest.raises(LoadError, match=r":1: malformed XML: unknown encoding: UUF-8$"):
        read_all(all_loaders()[fmt], path)
