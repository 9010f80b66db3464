"""OFAC SDN legacy XML: both namespaces, BOM + CRLF, links, unsafe and broken files."""

from __future__ import annotations

import json
from pathlib import Path

from graphsvc.model import derived_id
from loaders.ofac_xml import OfacXmlLoader
from tests.loaders.sanctions_helpers import (
    FIXTURES,
    assert_detected,
    assert_load_error,
    by_id,
    load,
    sanctions_of,
    write,
)


def test_detected_in_both_namespaces() -> None:
    assert_detected(FIXTURES / "ofac_sdn_legacy.xml", OfacXmlLoader)
    assert_detected(FIXTURES / "ofac_sdn_new_ns.xml", OfacXmlLoader)


def test_chemezov_under_ukraine_eo13661_with_aliases() -> None:
    records = load(OfacXmlLoader, "ofac_sdn_new_ns.xml")
    rec = by_id(records, "us_ofac_sdn:16685")
    assert rec.schema == "Person"
    assert rec.properties["name"] == ["Sergei CHEMEZOV"]
    assert rec.properties["alias"] == ["Sergey Viktorovich CHEMEZOV"]
    assert rec.properties["ofacId"] == ["16685"]
    assert rec.properties["birthDate"] == ["1952-08-20"]
    assert rec.published == "2026-09-29"  # Publish_Date is month-first
    assert rec.origin == "ofac_sdn_new_ns.xml:record 1"
    (sanction,) = sanctions_of(records, rec.id)
    assert sanction.id == derived_id(rec.id, "sanction", "US Treasury OFAC", "UKRAINE-EO13661")
    assert sanction.properties["program"] == ["UKRAINE-EO13661"]
    assert sanction.properties["authority"] == ["US Treasury OFAC"]
    assert sanction.properties["status"] == ["active"]


def test_old_namespace_entry_details() -> None:
    records = load(OfacXmlLoader, "ofac_sdn_legacy.xml")
    malkevich = by_id(records, "us_ofac_sdn:26235")
    assert malkevich.published == "2018-12-19"
    assert malkevich.properties["passportNumber"] == ["717637093"]
    assert malkevich.properties["idNumber"] == ["781005202108"]
    assert malkevich.properties["gender"] == ["male"]
    assert malkevich.properties["country"] == ["ru"]
    assert malkevich.properties["birthPlace"] == ["Leningrad, Russia"]
    json.dumps(malkevich.raw)  # raw stays serialisable
    airline = by_id(records, "us_ofac_sdn:36")
    assert airline.schema == "LegalEntity"
    assert airline.properties["alias"] == ["AERO-CARIBBEAN"]
    assert airline.properties["address"] == ["Havana, Cuba"]


def test_one_sanction_per_program_and_russian_identifiers() -> None:
    records = load(OfacXmlLoader, "ofac_sdn_new_ns.xml")
    roe = by_id(records, "us_ofac_sdn:18782")
    programs = sorted(p for r in sanctions_of(records, roe.id) for p in r.properties["program"])
    assert programs == ["SYRIA", "UKRAINE-EO13662"]
    assert roe.properties["innCode"] == ["7718852163"]
    assert roe.properties["ogrnCode"] == ["1117746521452"]


def test_linked_to_resolves_forward_and_keeps_unresolved() -> None:
    records = load(OfacXmlLoader, "ofac_sdn_new_ns.xml")
    (link,) = [r for r in records if r.schema == "UnknownLink"]
    assert link.properties["subject"] == ["us_ofac_sdn:18782"]
    assert link.properties["object"] == ["us_ofac_sdn:900001"]  # ROSTEC comes later in the file
    assert link.properties["role"] == ["linked to"]
    legacy = load(OfacXmlLoader, "ofac_sdn_legacy.xml")
    (open_link,) = [r for r in legacy if r.schema == "UnknownLink"]
    assert "object" not in open_link.properties
    assert open_link.properties["objectName"] == ["USA REALLY"]


def test_entity_bomb_refused() -> None:
    err = assert_load_error(OfacXmlLoader, FIXTURES / "ofac_sdn_entity_bomb.xml")
    assert "unsafe" in err.message


def test_truncated_file_names_the_line() -> None:
    err = assert_load_error(OfacXmlLoader, FIXTURES / "ofac_sdn_truncated.xml")
    assert isinstance(err.where, int) and err.where > 1


def test_empty_and_entryless_files(tmp_path: Path) -> None:
    assert_load_error(OfacXmlLoader, write(tmp_path, "empty.xml", b""))
    empty_list = '<sdnList xmlns="http://tempuri.org/sdnList.xsd"></sdnList>'
    assert_load_error(OfacXmlLoader, write(tmp_path, "none.xml", empty_list))
