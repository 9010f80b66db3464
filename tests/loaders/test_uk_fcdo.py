"""FCDO UK Sanctions List, CSV and XML."""

from __future__ import annotations

from pathlib import Path

from loaders.uk_fcdo import UkFcdoCsvLoader, UkFcdoXmlLoader
from tests.loaders.sanctions_helpers import (
    FIXTURES,
    assert_detected,
    assert_load_error,
    by_id,
    load,
    sanctions_of,
    write,
)


def test_detected() -> None:
    assert_detected(FIXTURES / "uk_fcdo.csv", UkFcdoCsvLoader)
    assert_detected(FIXTURES / "uk_fcdo.xml", UkFcdoXmlLoader)


def test_xml_designation() -> None:
    records = load(UkFcdoXmlLoader, "uk_fcdo.xml")
    rec = by_id(records, "gb_fcdo_sanctions:AFG0001")
    assert rec.schema == "LegalEntity"
    assert rec.published == "2026-06-10"
    assert rec.properties["name"] == ["HAJI KHAIRULLAH MONEY EXCHANGE"]
    assert rec.properties["alias"] == ["Haji Alim Hawala"]
    assert rec.properties["ukId"] == ["AFG0001"]
    (listing,) = sanctions_of(records, rec.id)
    assert listing.properties["program"] == ["Afghanistan"]
    assert listing.properties["listingDate"] == ["2012-06-29"]
    assert listing.properties["authority"] == ["UK FCDO"]


def test_csv_matches_xml_ids_and_reads_provisions() -> None:
    from_csv = load(UkFcdoCsvLoader, "uk_fcdo.csv")
    from_xml = load(UkFcdoXmlLoader, "uk_fcdo.xml")
    assert [r.id for r in from_csv] == [r.id for r in from_xml]
    rec = by_id(from_csv, "gb_fcdo_sanctions:AFG0001")
    assert rec.published == "2026-06-10"
    assert rec.properties["weakAlias"] == ["Haji Alim Hawala"]  # Alias strength Low
    (listing,) = sanctions_of(from_csv, rec.id)
    assert listing.properties["provisions"] == ["Asset freeze", "Trust services sanctions"]


def test_bad_files(tmp_path: Path) -> None:
    lines = (FIXTURES / "uk_fcdo.csv").read_text(encoding="utf-8").splitlines()
    cut = write(tmp_path, "list.csv", "\n".join([*lines[:2], lines[2][:40]]))
    assert_load_error(UkFcdoCsvLoader, cut, where=3)
    data = (FIXTURES / "uk_fcdo.xml").read_bytes()
    assert_load_error(UkFcdoXmlLoader, write(tmp_path, "list.xml", data[:-40]))
