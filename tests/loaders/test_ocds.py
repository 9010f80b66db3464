from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.errors import LoadError
from loaders.ocds import OcdsLoader
from loaders.registry import detect
from tests.loaders.graph_helpers import FIXTURES, by_id, load

CONTRACT = "ocds:ocds-213czf-000-00001/contract/ocds-213czf-000-00001-contract-01"


def test_release_package() -> None:
    records = load(OcdsLoader, "ocds_release_package_example.json")
    assert [r.schema for r in records] == ["PublicBody", "Company", "Contract", "ContractAward"]
    recs = by_id(records)
    buyer = recs["ocds:GB-LAC-E09000003"]
    assert buyer.properties["name"] == ["London Borough of Barnet"]
    assert buyer.properties["registrationNumber"] == ["E09000003"]
    assert buyer.properties["country"] == ["gb"]
    supplier = recs["ocds:GB-COH-00395826"]
    assert supplier.properties["name"] == ["Balfour Beatty", "Balfour Beatty plc"]
    assert supplier.properties["taxNumber"] == ["217967235"]  # GB-VAT additional identifier
    assert supplier.raw is not None and supplier.raw["identifier"]["scheme"] == "GB-COH"
    contract = recs[CONTRACT]
    assert contract.properties["authority"] == [buyer.id]
    assert contract.properties["amount"] == ["11000000"]
    assert contract.properties["currency"] == ["GBP"]
    assert contract.properties["signDate"] == ["2015-06-10"]
    assert contract.properties["startDate"] == ["2010-07-01"]
    assert contract.properties["endDate"] == ["2011-08-01"]
    assert contract.properties["procurementNumber"] == ["ocds-213czf-000-00001"]
    assert contract.properties["classification"] == ["CPV 45233130"]
    award = records[3]
    assert award.properties["supplier"] == [supplier.id]
    assert award.properties["contract"] == [contract.id]
    assert award.properties["date"] == ["2010-05-10"]
    for rec in records:
        assert rec.published == "2010-06-10"
        assert rec.source_url == (
            "https://standard.open-contracting.org/examples/releases/"
            "ocds-213czf-000-00001-05-contract.json"
        )
        assert rec.origin == "ocds_release_package_example.json:15"


def test_record_package_ru_bom_crlf() -> None:
    recs = by_id(load(OcdsLoader, "ocds_record_package_ru.json"))
    buyer = recs["ocds:RU-INN-7705123452"]
    assert buyer.schema == "PublicBody"
    assert buyer.properties["innCode"] == ["7705123452"]
    assert buyer.properties["jurisdiction"] == ["ru"]
    supplier = recs["ocds:RU-INN-7714987650"]
    assert supplier.schema == "Company"
    assert supplier.properties["ogrnCode"] == ["1177746123455"]
    assert supplier.properties["leiCode"] == ["253400EXAMPLE0TEL071"]
    contract = recs["ocds:ocds-abc123-0173200001422000123/contract/2770512345222000047"]
    assert contract.properties["title"] == ["Контракт на поставку лицензий"]
    assert contract.properties["amount"] == ["73900000.5"]
    assert contract.properties["authority"] == [buyer.id]
    # An award without a contract still becomes a contract the supplier was awarded.
    pending = recs["ocds:ocds-abc123-0173200001422000123/award/award-2"]
    assert pending.properties["authority"] == [buyer.id]
    sole_trader = recs["ocds:RU-INN-772512345622"]
    awards = [r for r in recs.values() if r.schema == "ContractAward"]
    assert {(a.first("supplier"), a.first("contract")) for a in awards} == {
        (supplier.id, contract.id),
        (sole_trader.id, pending.id),
    }
    assert {r.published for r in recs.values()} == {"2022-03-15"}
    # A record of linked releases only states nothing to load.
    assert not any("linked-only" in r.id for r in recs.values())


def test_detect() -> None:
    for name in ("ocds_release_package_example.json", "ocds_record_package_ru.json"):
        assert detect(FIXTURES / name) is OcdsLoader


def test_invalid_json_names_line(tmp_path: Path) -> None:
    text = (FIXTURES / "ocds_release_package_example.json").read_text()
    path = tmp_path / "bad.json"
    path.write_text(text.replace('"tag": ["contract"],', '"tag": ["contract"]'))
    with pytest.raises(LoadError, match="invalid JSON") as err:
        load(OcdsLoader, path)
    assert err.value.where == 21  # the line after the missing comma


def test_truncated_and_missing_ocid(tmp_path: Path) -> None:
    text = (FIXTURES / "ocds_release_package_example.json").read_text()
    path = tmp_path / "bad.json"
    path.write_text(text[: len(text) // 2])
    with pytest.raises(LoadError, match="invalid JSON"):
        load(OcdsLoader, path)
    path.write_text(text.replace('"ocid": "ocds-213czf-000-00001",', ""))
    with pytest.raises(LoadError, match="without an ocid") as err:
        load(OcdsLoader, path)
    assert err.value.where == 15
    path.write_text('{"uri": "x", "releases": []}')
    with pytest.raises(LoadError, match="no releases"):
        load(OcdsLoader, path)


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_streaming_across_buffer_boundaries(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    import loaders._jsonstream as jsonstream

    expected = load(OcdsLoader, "ocds_record_package_ru.json")
    monkeypatch.setattr(jsonstream, "_CHUNK", chunk)
    streamed = load(OcdsLoader, "ocds_record_package_ru.json")
    assert [(r.id, r.properties, r.origin) for r in streamed] == [
        (r.id, r.properties, r.origin) for r in expected
    ]
