"""EU Financial Sanctions Files XML (data in attributes)."""

from __future__ import annotations

from pathlib import Path

from loaders.eu_fsf import EuFsfLoader
from tests.loaders.sanctions_helpers import (
    FIXTURES,
    assert_detected,
    assert_load_error,
    by_id,
    load,
    sanctions_of,
    write,
)

PATH = FIXTURES / "eu_fsf.xml"


def test_detected() -> None:
    assert_detected(PATH, EuFsfLoader)


def test_person_from_attributes() -> None:
    records = load(EuFsfLoader, PATH)
    mugabe = by_id(records, "eu_fsf:1")
    assert mugabe.schema == "Person"
    assert mugabe.published == "2018-12-21"
    assert mugabe.properties["euReference"] == ["EU.36.64"]
    assert mugabe.properties["name"] == ["Robert Gabriel Mugabe"]
    assert mugabe.properties["birthDate"] == ["1924-02-21"]
    assert mugabe.properties["passportNumber"] == ["AD001095"]
    assert mugabe.properties["gender"] == ["male"]
    (listing,) = sanctions_of(records, mugabe.id)
    assert listing.properties["program"] == ["EU-ZWE"]
    assert listing.properties["legalBasis"] == ["2018/223 (OJ L43)"]
    # Earliest act cited for the entry (the 2005 regulation summary).
    assert listing.properties["listingDate"] == ["2005-06-16"]


def test_entity_names_in_several_scripts() -> None:
    records = load(EuFsfLoader, PATH)
    front = by_id(records, "eu_fsf:207")
    assert front.schema == "LegalEntity"
    assert front.properties["name"] == ["İslami Büyük Doğu Akıncılar Cephesi"]
    assert "Фронт на великите ислямски източни воини" in front.properties["alias"]


def test_entity_bomb_and_truncation(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE export [<!ENTITY a "aaaa">]>'
        '<export xmlns="http://eu.europa.ec/fpi/fsd/export">'
        '<sanctionEntity logicalId="&a;"/></export>'
    )
    assert_load_error(EuFsfLoader, write(tmp_path, "bomb.xml", bomb))
    data = PATH.read_bytes()
    assert_load_error(EuFsfLoader, write(tmp_path, "cut.xml", data[: len(data) // 2]))
