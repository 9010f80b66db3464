"""UN Security Council consolidated list XML."""

from __future__ import annotations

from pathlib import Path

from loaders.un_sc import UnScLoader
from tests.loaders.sanctions_helpers import (
    FIXTURES,
    assert_detected,
    assert_load_error,
    by_id,
    load,
    sanctions_of,
    write,
)

PATH = FIXTURES / "un_sc.xml"


def test_detected() -> None:
    assert_detected(PATH, UnScLoader)


def test_individual() -> None:
    records = load(UnScLoader, PATH)
    rec = by_id(records, "un_sc_sanctions:6908010")
    assert rec.schema == "Person"
    assert rec.published == "2026-02-27"
    assert rec.properties["name"] == ["BAUDOIN NGARUYE WA MYAMURO"]
    assert rec.properties["unReference"] == ["CDi.019"]
    assert rec.properties["birthDate"] == ["1978-04-01", "1978"]
    assert rec.properties["nationality"] == ["cd"]
    assert rec.properties["idNumber"] == ["1-78-09-44621-80"]
    (listing,) = sanctions_of(records, rec.id)
    assert listing.properties["program"] == ["DRC"]
    assert listing.properties["listingDate"] == ["2012-11-30"]
    assert listing.properties["unscId"] == ["CDi.019"]
    assert listing.properties["authority"] == ["UN Security Council"]


def test_entity_aliases() -> None:
    records = load(UnScLoader, PATH)
    adf = by_id(records, "un_sc_sanctions:6908402")
    assert adf.schema == "LegalEntity"
    assert adf.properties["alias"] == ["Allied Democratic Forces"]
    assert "NALU" in adf.properties["previousName"]


def test_truncated(tmp_path: Path) -> None:
    data = PATH.read_bytes()
    assert_load_error(UnScLoader, write(tmp_path, "cut.xml", data[: len(data) // 3]))
