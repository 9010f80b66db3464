"""OFAC advanced XML: reference tables, parties, relationships, entries."""

from __future__ import annotations

from pathlib import Path

from loaders.ofac_advanced import OfacAdvancedLoader
from tests.loaders.sanctions_helpers import (
    FIXTURES,
    assert_detected,
    assert_load_error,
    by_id,
    load,
    sanctions_of,
    write,
)

PATH = FIXTURES / "ofac_sdn_advanced.xml"


def test_detected() -> None:
    assert_detected(PATH, OfacAdvancedLoader)


def test_person_names_features_and_documents() -> None:
    records = load(OfacAdvancedLoader, PATH)
    abbas = by_id(records, "us_ofac_sdn:2674")
    assert abbas.schema == "Person"
    assert abbas.published == "2026-05-21"
    assert abbas.properties["name"] == ["Abu ABBAS"]
    assert abbas.properties["firstName"] == ["Abu"]
    assert abbas.properties["lastName"] == ["ABBAS"]
    assert abbas.properties["alias"] == ["ZAYDAN"]
    assert abbas.properties["birthDate"] == ["1948-12-10"]
    assert abbas.properties["birthPlace"] == ["Iraq"]
    assert abbas.properties["gender"] == ["male"]
    assert abbas.properties["passportNumber"] == ["040070827"]


def test_entries_give_programs_and_listing_dates() -> None:
    records = load(OfacAdvancedLoader, PATH)
    (lazarus_listing,) = sanctions_of(records, "us_ofac_sdn:27307")
    assert lazarus_listing.properties["program"] == ["DPRK3"]
    assert lazarus_listing.properties["listingDate"] == ["2019-09-13"]
    (abbas_listing,) = sanctions_of(records, "us_ofac_sdn:2674")
    assert abbas_listing.properties["program"] == ["SDGT"]
    assert abbas_listing.properties["legalBasis"] == ["Executive Order 13224"]
    assert by_id(records, "us_ofac_sdn:27307").schema == "LegalEntity"


def test_owned_or_controlled_by_becomes_ownership() -> None:
    records = load(OfacAdvancedLoader, PATH)
    (own,) = [r for r in records if r.schema == "Ownership"]
    assert own.properties["asset"] == ["us_ofac_sdn:27307"]
    assert own.properties["owner"] == ["us_ofac_sdn:2674"]
    assert own.properties["role"] == ["Owned or Controlled By"]


def test_truncated(tmp_path: Path) -> None:
    data = PATH.read_bytes()
    assert_load_error(OfacAdvancedLoader, write(tmp_path, "adv.xml", data[: len(data) // 2]))
