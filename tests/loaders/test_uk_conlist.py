"""UK OFSI ConList.csv: preamble, one row per name variant grouped by Group ID."""

from __future__ import annotations

from pathlib import Path

from loaders.uk_conlist import UkConlistLoader
from tests.loaders.sanctions_helpers import (
    FIXTURES,
    assert_detected,
    assert_load_error,
    by_id,
    load,
    sanctions_of,
    write,
)

PATH = FIXTURES / "uk_conlist.csv"  # UTF-8 BOM, CRLF, a group split by another


def test_detected() -> None:
    assert_detected(PATH, UkConlistLoader)


def test_rows_of_a_group_make_one_record() -> None:
    records = load(UkConlistLoader, PATH)
    parties = [r for r in records if r.schema != "Sanction"]
    assert sorted(r.id for r in parties) == ["gb_hmt_ofsi:6897", "gb_hmt_ofsi:900010"]
    zawahiri = by_id(records, "gb_hmt_ofsi:6897")
    assert zawahiri.schema == "Person"
    assert zawahiri.published == "2026-09-01"
    assert zawahiri.properties["name"] == ["Aiman Muhammed Rabi AL-ZAWAHIRI"]
    assert zawahiri.properties["alias"] == ["Aiman ABDEL RAHMAN"]
    assert zawahiri.properties["birthDate"] == ["1951-06-19"]
    assert zawahiri.properties["nationality"] == ["eg"]
    assert zawahiri.properties["unReference"] == ["QDi.006"]
    assert zawahiri.properties["ukId"] == ["6897"]
    (listing,) = sanctions_of(records, zawahiri.id)
    assert listing.properties["program"] == ["ISIL (Da'esh) and Al-Qaida"]
    assert listing.properties["listingDate"] == ["2001-10-02"]
    assert listing.properties["authority"] == ["UK OFSI"]


def test_zero_day_keeps_month_precision() -> None:
    records = load(UkConlistLoader, PATH)
    (listing,) = sanctions_of(records, "gb_hmt_ofsi:900010")
    assert listing.properties["listingDate"] == ["2022-03"]


def test_extra_column_names_the_line(tmp_path: Path) -> None:
    lines = PATH.read_text(encoding="utf-8-sig").splitlines()
    path = write(tmp_path, "ConList.csv", "\n".join([*lines[:3], lines[3] + ",extra"]))
    assert_load_error(UkConlistLoader, path, where=4)


def test_no_rows(tmp_path: Path) -> None:
    lines = PATH.read_text(encoding="utf-8-sig").splitlines()
    assert_load_error(UkConlistLoader, write(tmp_path, "ConList.csv", "\n".join(lines[:2])))
