"""OFAC SDN CSV set: sdn.csv merged with add/alt/sdn_comments."""

from __future__ import annotations

import shutil
from pathlib import Path

from loaders.ofac_csv import OfacCsvLoader
from tests.loaders.sanctions_helpers import (
    FIXTURES,
    assert_detected,
    assert_load_error,
    by_id,
    load,
    sanctions_of,
    write,
)

SET = FIXTURES / "ofac_csv"


def test_each_file_of_the_set_is_detected() -> None:
    for name in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"):
        assert_detected(SET / name, OfacCsvLoader)


def test_chemezov_with_alias_from_alt_csv() -> None:
    records = load(OfacCsvLoader, SET / "sdn.csv")
    rec = by_id(records, "us_ofac_sdn:16685")
    assert rec.schema == "Person"
    assert rec.properties["name"] == ["Sergei CHEMEZOV"]
    assert rec.properties["lastName"] == ["CHEMEZOV"]
    assert rec.properties["alias"] == ["Sergey Viktorovich CHEMEZOV"]
    assert rec.properties["birthDate"] == ["1952-08-20"]
    assert rec.properties["birthPlace"] == ["Cheremkhovo, Irkutsk, Russia"]
    assert rec.origin == "sdn.csv:6"
    (sanction,) = sanctions_of(records, rec.id)
    assert sanction.properties["program"] == ["UKRAINE-EO13661"]


def test_programs_split_and_weak_akas_from_remarks() -> None:
    records = load(OfacCsvLoader, SET / "sdn.csv")
    iran = by_id(records, "us_ofac_sdn:11195")
    programs = [p for r in sanctions_of(records, iran.id) for p in r.properties["program"]]
    assert programs == ["NPWMD", "IFSR", "IRAN-CON-ARMS-EO"]
    assert "HESA" in iran.properties["weakAlias"]
    assert "HESA TRADE CENTER" in iran.properties["alias"]  # alt.csv
    assert len(iran.properties["address"]) == 5  # add.csv
    assert iran.properties["country"] == ["ir"]
    khoroshev = by_id(records, "us_ofac_sdn:48603")
    assert khoroshev.properties["passportNumber"] == ["2018278055", "2006801524"]
    assert khoroshev.properties["email"] == ["khoroshev1@icloud.com", "sitedev5@yandex.ru"]
    assert khoroshev.properties["innCode"] == ["366110340670"]
    vessel = by_id(records, "us_ofac_sdn:47371")
    assert vessel.schema == "Vessel"
    assert vessel.properties["imoNumber"] == ["IMO9339301"]
    assert vessel.properties["flag"] == ["ga"]
    dialog = by_id(records, "us_ofac_sdn:50544")
    assert dialog.properties["incorporationDate"] == ["2020-07-21"]
    bel = by_id(records, "us_ofac_sdn:44525")
    assert bel.properties["incorporationDate"] == ["1998"]  # year precision kept


def test_remarks_continue_in_sdn_comments() -> None:
    records = load(OfacCsvLoader, SET / "sdn.csv")
    rec = by_id(records, "us_ofac_sdn:33151")
    notes = rec.properties["notes"]
    # The cut "1Mdf" + continuation "aa35MV..." are one address again.
    assert "Digital Currency Address - XBT 1Mdfaa35MVkf7sDjuGUYAP5izQt7Qi" in notes


def test_linked_to_names_kept() -> None:
    records = load(OfacCsvLoader, SET / "sdn.csv")
    links = [
        r
        for r in records
        if r.schema == "UnknownLink" and r.properties["subject"] == ["us_ofac_sdn:26235"]
    ]
    names = sorted(n for r in links for n in r.properties["objectName"])
    assert names == ["PRIGOZHIN, Yevgeniy Viktorovich", "USA REALLY"]


def test_side_file_reads_the_whole_set() -> None:
    via_alt = load(OfacCsvLoader, SET / "alt.csv")
    via_sdn = load(OfacCsvLoader, SET / "sdn.csv")
    assert [r.content_hash() for r in via_alt] == [r.content_hash() for r in via_sdn]


def test_side_file_without_sdn_csv(tmp_path: Path) -> None:
    shutil.copy(SET / "alt.csv", tmp_path / "alt.csv")
    assert_load_error(OfacCsvLoader, tmp_path / "alt.csv")


def test_missing_column_names_the_line(tmp_path: Path) -> None:
    good = (SET / "sdn.csv").read_text(encoding="utf-8").splitlines()
    path = write(tmp_path, "sdn.csv", "\n".join([good[0], '16685,"CHEMEZOV, Sergei","individual"']))
    assert_load_error(OfacCsvLoader, path, where=2)


def test_empty_file(tmp_path: Path) -> None:
    assert_load_error(OfacCsvLoader, write(tmp_path, "sdn.csv", b""))
