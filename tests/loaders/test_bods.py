from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.errors import LoadError
from loaders.bods import BodsLoader
from loaders.registry import detect
from tests.loaders.graph_helpers import FIXTURES, by_id, load


def test_bods_04_array() -> None:
    records = load(BodsLoader, "bods_04_statements.json")
    recs = by_id(records)
    # The unspecified interested party names no owner: no Ownership edge.
    assert "bods:rel-unknown-telekom" not in recs
    vision = recs["bods:724500EXAMPLE0VIS069"]
    assert vision.schema == "Company"
    assert vision.properties["registrationNumber"] == ["12345678"]
    assert vision.properties["leiCode"] == ["724500EXAMPLE0VIS069"]
    assert vision.properties["jurisdiction"] == ["nl"]
    assert vision.properties["incorporationDate"] == ["2016-03-30"]
    assert vision.published == "2024-02-01"
    assert vision.source_url == "https://register.example.org/nl/12345678"
    assert vision.origin == "bods_04_statements.json:2"
    telekom = recs["bods:RU-INN-7714987650"]
    assert telekom.properties["innCode"] == ["7714987650"]
    assert telekom.properties["ogrnCode"] == ["1177746123455"]
    person = recs["bods:person-ivanova"]
    assert person.schema == "Person"
    assert person.properties["name"] == ["Анна Петровна Иванова"]
    assert person.properties["alias"] == ["Anna Ivanova"]
    assert person.properties["birthDate"] == ["1975-04"]
    assert person.properties["nationality"] == ["ru"]
    own = recs["bods:rel-telekom-vision"]
    assert own.schema == "Ownership"
    assert own.properties["owner"] == [telekom.id]
    assert own.properties["asset"] == [vision.id]
    assert own.properties["percentage"] == ["100"]
    assert own.properties["startDate"] == ["2021-12-13"]
    assert own.properties["role"] == ["indirect"]
    closed = recs["bods:rel-ivanova-vision"]
    assert closed.properties["owner"] == [person.id]
    assert closed.properties["ownershipType"] == ["shareholding", "votingRights"]
    assert closed.properties["endDate"] == ["2021-12-13"]
    assert closed.properties["summary"] == ["shareholding: 25-50%"]
    assert closed.properties["status"] == ["closed"]
    assert "percentage" not in closed.properties


def test_bods_03_json_lines_bom_crlf() -> None:
    records = load(BodsLoader, "bods_03_statements.jsonl")
    assert [r.id for r in records] == ["bods:ent-1", "bods:per-1", "bods:ooc-1"]
    own = records[2]
    assert own.properties["owner"] == ["bods:per-1"]
    assert own.properties["asset"] == ["bods:ent-1"]
    assert own.properties["percentage"] == ["50"]
    assert own.origin == "bods_03_statements.jsonl:3"
    assert records[0].properties["name"] == ["ООО «Пример Видеоаналитика»"]


def test_detect() -> None:
    for name in ("bods_04_statements.json", "bods_03_statements.jsonl"):
        assert detect(FIXTURES / name) is BodsLoader


def test_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "bods.json"
    path.write_text('[{"statementId": "a", "recordType": "entity", "recordDetails": {}},\n{')
    with pytest.raises(LoadError, match="without recordId") as err:
        load(BodsLoader, path)
    assert err.value.where == 1
    path.write_text('[{"statementId": "a", "recordId": "a", "recordType": "entity"},\n{"x": ')
    with pytest.raises(LoadError, match="invalid JSON") as err:
        load(BodsLoader, path)
    assert err.value.where == 2
    path.write_text("")
    with pytest.raises(LoadError, match="empty"):
        load(BodsLoader, path)
    path.write_text('[{"recordId": "a", "recordType": "entity"}]')
    with pytest.raises(LoadError, match="without statementId"):
        load(BodsLoader, path)
