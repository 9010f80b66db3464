from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.errors import LoadError
from loaders.eis_44fz import Eis44fzLoader
from loaders.registry import detect
from tests.loaders.graph_helpers import FIXTURES, by_id, load

CONTRACT = "ru_zakupki:contract-2770512345222000047"


def test_current_schema_contract() -> None:
    records = load(Eis44fzLoader, "eis_44fz_contract.xml")
    assert [r.schema for r in records] == ["PublicBody", "Contract", "Company", "ContractAward"]
    recs = by_id(records)
    customer = recs["ru_zakupki:inn-7705123452"]
    assert customer.properties["innCode"] == ["7705123452"]
    assert customer.properties["kppCode"] == ["770501001"]
    assert customer.properties["alias"] == ['ГКУ "ЦТЗ"']
    contract = recs[CONTRACT]
    assert contract.properties["title"] == [
        "Поставка лицензий на программное обеспечение видеоаналитики"
    ]
    assert contract.properties["amount"] == ["73900000.00"]
    assert contract.properties["currency"] == ["RUB"]
    assert contract.properties["signDate"] == ["2022-03-11"]  # "+03:00" zone dropped
    assert contract.properties["startDate"] == ["2022-03-11"]
    assert contract.properties["endDate"] == ["2022-12-31"]
    assert contract.properties["authority"] == [customer.id]
    assert contract.properties["procurementNumber"] == ["0173200001422000123"]
    assert contract.properties["classification"] == ["OKPD2 58.29.29.000"]
    supplier = recs["ru_zakupki:inn-7714987650"]
    assert supplier.properties["ogrnCode"] == ["1177746123455"]
    assert supplier.properties["alias"] == ['ООО "ПРИМЕР ВИДЕОАНАЛИТИКА"']
    award = records[3]
    assert award.properties["supplier"] == [supplier.id]
    assert award.properties["contract"] == [CONTRACT]
    assert award.properties["date"] == ["2022-03-11"]
    for rec in records:
        assert rec.published == "2022-03-14"
        assert rec.origin == "eis_44fz_contract.xml:record 1"
        assert rec.source_url is not None and rec.source_url.endswith("2770512345222000047")


def test_old_schema_flat_supplier_and_individual() -> None:
    recs = by_id(load(Eis44fzLoader, "eis_44fz_contract_oldschema.xml"))
    contract = recs["ru_zakupki:contract-0373100012314000021"]
    assert contract.properties["procurementNumber"] == ["0373100012314000009"]
    assert contract.properties["amount"] == ["1500.50"]
    assert contract.properties["status"] == ["completed"]
    # The same supplier as in the other file: same INN, same record id.
    company = recs["ru_zakupki:inn-7714987650"]
    assert company.properties["country"] == ["ru"]
    person = recs["ru_zakupki:inn-772512345622"]
    assert person.schema == "Person"
    assert person.properties["name"] == ["Иванов Пётр Сергеевич"]
    awarded = {r.first("supplier") for r in recs.values() if r.schema == "ContractAward"}
    assert awarded == {company.id, person.id}


def test_detect() -> None:
    for name in ("eis_44fz_contract.xml", "eis_44fz_contract_oldschema.xml"):
        assert detect(FIXTURES / name) is Eis44fzLoader


def test_truncated_xml(tmp_path: Path) -> None:
    text = (FIXTURES / "eis_44fz_contract.xml").read_text(encoding="utf-8-sig")
    path = tmp_path / "contract.xml"
    path.write_text(text[: text.index("<suppliers>") + 30], encoding="utf-8")
    with pytest.raises(LoadError, match="malformed XML") as err:
        load(Eis44fzLoader, path)
    assert isinstance(err.value.where, int)


def test_entity_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
        '<export xmlns="http://zakupki.gov.ru/oos/export/1"><contract><regNum>&lol2;</regNum>'
        "</contract></export>\n"
    )
    with pytest.raises(LoadError, match="unsafe XML"):
        load(Eis44fzLoader, path)


def test_missing_fields(tmp_path: Path) -> None:
    path = tmp_path / "contract.xml"
    path.write_text(
        '<export xmlns="http://zakupki.gov.ru/oos/export/1"><contract><signDate>2020-01-01'
        "</signDate></contract></export>"
    )
    with pytest.raises(LoadError, match="without regNum") as err:
        load(Eis44fzLoader, path)
    assert err.value.where == "record 1"
    path.write_text('<export xmlns="http://zakupki.gov.ru/oos/export/1"></export>')
    with pytest.raises(LoadError, match="no <contract>"):
        load(Eis44fzLoader, path)
