from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.errors import LoadError
from loaders.gleif import GleifLeiLoader, GleifRrLoader
from loaders.registry import detect
from tests.loaders.graph_helpers import FIXTURES, by_id, load

TELECOM, HOLDING, VISION = (
    "gleif:253400EXAMPLE0TEL071",
    "gleif:222100EXAMPLE0LUX046",
    "gleif:724500EXAMPLE0VIS069",
)


def test_level1_records() -> None:
    recs = by_id(load(GleifLeiLoader, "gleif_lei_cdf31.xml"))
    assert list(recs) == [TELECOM, HOLDING, VISION]
    telecom = recs[TELECOM]
    assert telecom.schema == "Company"
    assert telecom.properties["leiCode"] == ["253400EXAMPLE0TEL071"]
    assert telecom.properties["name"] == ['ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО "ПРИМЕР ТЕЛЕКОМ"']
    assert telecom.properties["previousName"] == ['ОТКРЫТОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО "ПРИМЕР ТЕЛЕКОМ"']
    assert "PRIMER TELECOM PJSC" in telecom.properties["alias"]
    assert telecom.properties["jurisdiction"] == ["ru"]
    assert telecom.properties["registrationNumber"] == ["1027700123450"]
    assert telecom.properties["incorporationDate"] == ["2002-10-29"]
    assert telecom.properties["status"] == ["ACTIVE"]
    assert telecom.published == "2024-05-02"
    assert telecom.origin == "gleif_lei_cdf31.xml:record 1"
    assert telecom.source_url == "https://search.gleif.org/#/record/253400EXAMPLE0TEL071"
    holding = recs[HOLDING]
    assert (
        holding.properties["address"][0] == "12, rue Eugène Ruppert, Bâtiment B, L-2453, Luxembourg"
    )
    assert holding.properties["country"] == ["lu"]


def test_level2_links_to_level1_ids() -> None:
    records = load(GleifRrLoader, "gleif_rr_cdf21.xml")
    direct, ultimate = records
    assert direct.schema == "Ownership" and direct.is_edge
    assert direct.properties["owner"] == [HOLDING]
    assert direct.properties["asset"] == [VISION]
    assert direct.properties["relationshipType"] == ["direct"]
    # The relationship period, not the accounting period of the evidence.
    assert direct.properties["startDate"] == ["2021-12-13"]
    assert "endDate" not in direct.properties
    assert direct.properties["percentage"] == ["100.00"]
    assert direct.properties["status"] == ["ACTIVE"]
    assert ultimate.properties["owner"] == [TELECOM]
    assert ultimate.properties["relationshipType"] == ["ultimate"]
    assert ultimate.properties["endDate"] == ["2023-07-01"]
    assert ultimate.properties["status"] == ["INACTIVE"]
    assert {r.published for r in records} == {"2024-05-02"}
    level1 = {r.id for r in load(GleifLeiLoader, "gleif_lei_cdf31.xml")}
    assert {direct.first("owner"), direct.first("asset"), ultimate.first("owner")} <= level1


def test_detect() -> None:
    assert detect(FIXTURES / "gleif_lei_cdf31.xml") is GleifLeiLoader
    assert detect(FIXTURES / "gleif_rr_cdf21.xml") is GleifRrLoader


def test_bad_input(tmp_path: Path) -> None:
    text = (FIXTURES / "gleif_rr_cdf21.xml").read_text()
    path = tmp_path / "rr.xml"
    path.write_text(text[:2000])
    with pytest.raises(LoadError, match="malformed XML"):
        load(GleifRrLoader, path)
    path.write_text(text.replace("<rr:NodeID>724500EXAMPLE0VIS069</rr:NodeID>", "", 1))
    with pytest.raises(LoadError, match="StartNode") as err:
        load(GleifRrLoader, path)
    assert err.value.where == "record 1"
    l1 = (FIXTURES / "gleif_lei_cdf31.xml").read_text()
    path.write_text(l1.replace("<lei:LEI>222100EXAMPLE0LUX046</lei:LEI>", ""))
    with pytest.raises(LoadError, match="without LEI") as err:
        load(GleifLeiLoader, path)
    assert err.value.where == "record 2"
