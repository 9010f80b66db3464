"""EU Official Journal sanctions rows (CSV with header)."""

from __future__ import annotations

from pathlib import Path

from graphsvc.model import derived_id
from loaders.eu_journal import EuJournalLoader
from tests.loaders.sanctions_helpers import (
    FIXTURES,
    assert_detected,
    assert_load_error,
    by_id,
    load,
    sanctions_of,
    write,
)

PATH = FIXTURES / "eu_journal.csv"


def test_detected_also_with_bom_and_crlf(tmp_path: Path) -> None:
    assert_detected(PATH, EuJournalLoader)
    text = PATH.read_text(encoding="utf-8")
    variant = write(tmp_path, "rows.csv", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert_detected(variant, EuJournalLoader)
    assert [r.properties for r in load(EuJournalLoader, variant)] == [
        r.properties for r in load(EuJournalLoader, PATH)
    ]


def test_synesis_listing() -> None:
    records = load(EuJournalLoader, PATH)
    synesis = by_id(records, "eu_journal:32006R0765/I.B/5")
    assert synesis.schema == "LegalEntity"
    assert synesis.properties["name"] == ["SYNESIS LLC"]
    assert synesis.properties["alias"] == ["ООО ‘Синезис’"]
    assert synesis.properties["registrationNumber"] == ["190950894"]
    assert synesis.properties["innCode"] == ["7704734000"]
    assert synesis.properties["kppCode"] == ["770301001"]
    assert synesis.properties["website"] == [
        "https://synesis.partners",
        "https://synesis-group.com/",
    ]
    (listing,) = sanctions_of(records, synesis.id)
    assert listing.id == derived_id(synesis.id, "sanction", "European Union", "EU-BLR")
    assert listing.properties["listingDate"] == ["2020-12-17"]
    assert listing.properties["legalBasis"] == ["32006R0765"]
    assert listing.properties["annex"] == ["I.B"]
    assert listing.properties["recordId"] == ["5"]
    assert listing.properties["reason"][0].startswith(
        "Synesis LLC has provided the Belarusian authorities with a Kipod surveillance platform"
    )


def test_record_numbers_are_per_annex() -> None:
    records = load(EuJournalLoader, PATH)
    person = by_id(records, "eu_journal:32006R0765/I.A/5")
    assert person.schema == "Person"
    assert person.properties["name"] == ["Yuri Khadzimuratavich KARAEU"]
    assert "Юрый Хаджымуратавіч КАРАЕЎ" in person.properties["alias"]  # Belarusian


def test_dates_day_first_with_precision() -> None:
    records = load(EuJournalLoader, PATH)
    shatrou = by_id(records, "eu_journal:32006R0765/I.A/123")
    assert shatrou.properties["birthDate"] == ["1978-11-09"]
    assert shatrou.properties["nationality"] == ["ru", "by"]
    dychko = by_id(records, "eu_journal:32020R1998/I.A/17")
    assert dychko.properties["birthDate"] == ["1990"]
    ntk = by_id(records, "eu_journal:32024R1485/IV.B/2")
    assert ntk.schema == "Company"
    assert ntk.properties["ogrnCode"] == ["1253900004412"]
    (listing,) = sanctions_of(records, ntk.id)
    assert listing.properties["listingDate"] == ["2026-06-15"]


def test_bad_rows(tmp_path: Path) -> None:
    header = PATH.read_text(encoding="utf-8").splitlines()[0]
    short = write(tmp_path, "short.csv", header + "\n32006R0765,5,EU-BLR\n")
    assert_load_error(EuJournalLoader, short, where=2)
    assert_load_error(EuJournalLoader, write(tmp_path, "empty.csv", b""))
    assert_load_error(EuJournalLoader, write(tmp_path, "nohead.csv", "a,b,c\n"), where=1)
