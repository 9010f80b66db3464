from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.errors import LoadError
from loaders.ftm import FtmLoader
from loaders.registry import detect
from tests.loaders.graph_helpers import FIXTURES, by_id, load


def test_opensanctions_excerpt() -> None:
    records = load(FtmLoader, "ftm_opensanctions_excerpt.ijson")
    assert [r.schema for r in records] == ["Organization", "Person", "Address"]
    org = records[0]
    assert org.id == "opensanctions:NK-2GdmHtZTeNXjNVrBGEXZNj"
    assert org.properties["registrationNumber"] == ["808000714"]
    assert org.properties["country"] == ["by"]
    # An entity reference becomes a record id in the same dataset.
    assert org.properties["addressEntity"] == [
        "opensanctions:addr-125caec37c3486d3a71de8ae943eec47f420b38a"
    ]
    assert "ofac-32733" in org.properties["referents"]
    assert org.properties["ofacId"] == ["32733"]
    assert org.properties["datasets"] == ["eu_fsf"]
    assert org.properties["firstSeen"] == ["2023-04-20T18:00:25"]
    assert org.properties["lastSeen"] == ["2024-06-01T10:57:03"]
    assert org.properties["topics"] == ["sanction"]
    assert org.published == "2024-06-01"
    assert org.origin == "ftm_opensanctions_excerpt.ijson:1"
    assert org.source_url == "https://www.opensanctions.org/entities/NK-2GdmHtZTeNXjNVrBGEXZNj/"
    assert org.raw is not None and org.raw["caption"] == "RAB „Inter Tobacco“"
    person = records[1]
    assert person.properties["birthDate"] == ["1971-01-22"]
    assert "Виталий Юрьевич КУЗЬМЕНКО" in person.properties["name"]


def test_pep_occupancy_links_and_bom_crlf() -> None:
    records = by_id(load(FtmLoader, "ftm_peps_bom_crlf.ijson", dataset="os_peps"))
    person = records["os_peps:Q4115189"]
    assert person.properties["wikidataId"] == ["Q4115189"]
    assert person.properties["ofacId"] == ["16685"]
    assert person.origin == "ftm_peps_bom_crlf.ijson:1"
    position = records["os_peps:Q-pos-minister"]
    assert position.properties["organization"] == ["os_peps:NK-ministry"]
    assert position.properties["country"] == ["ru"]
    occupancy = records["os_peps:occ-1"]
    assert occupancy.is_edge
    assert occupancy.properties["holder"] == ["os_peps:Q4115189"]
    assert occupancy.properties["post"] == ["os_peps:Q-pos-minister"]
    assert occupancy.properties["startDate"] == ["2012-05-21"]
    sanction = records["os_peps:ofac-sanc-1"]
    assert sanction.properties["entity"] == ["os_peps:Q4115189"]
    # Sanction.authority is the issuer's name, not a reference.
    assert sanction.properties["authority"] == ["Office of Foreign Assets Control"]


def test_detect() -> None:
    for name in ("ftm_opensanctions_excerpt.ijson", "ftm_peps_bom_crlf.ijson"):
        assert detect(FIXTURES / name) is FtmLoader


def test_invalid_json_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.ijson"
    good = (FIXTURES / "ftm_opensanctions_excerpt.ijson").read_text().splitlines()[0]
    path.write_text(good + "\n\n" + '{"id": "x", "schema": "Person", "properties": {\n')
    with pytest.raises(LoadError) as err:
        load(FtmLoader, path)
    assert err.value.where == 3
    assert "invalid JSON" in err.value.message


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"schema": "Person", "properties": {}}', "without an id"),
        ('{"id": "x", "properties": {}}', "without a schema"),
        ('{"id": "x", "schema": "Person", "properties": {"name": [1]}}', "not a list of strings"),
        ("[1, 2]", "JSON object"),
    ],
)
def test_missing_fields(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.ijson"
    path.write_text(line + "\n")
    with pytest.raises(LoadError, match=message) as err:
        load(FtmLoader, path)
    assert err.value.where == 1


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.ijson"
    path.write_text("\n\n")
    with pytest.raises(LoadError, match="empty"):
        load(FtmLoader, path)
