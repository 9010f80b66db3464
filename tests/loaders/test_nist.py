from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.errors import LoadError
from loaders.iarpa_prize import IarpaPrizeLoader
from loaders.nist_frvt_csv import NistFrvtCsvLoader
from loaders.nist_reportcard import NistReportCardLoader
from loaders.registry import detect
from tests.loaders.graph_helpers import FIXTURES, by_id, load

PROGRAMME = "us_nist_frvt:nist-frvt-11"


def test_report_card_blocks_and_histories() -> None:
    records = load(NistReportCardLoader, "nist_reportcards.txt")
    ids = [r.id for r in records]
    assert len(ids) == len(set(ids))  # programme and developers once each
    recs = by_id(records)
    assert recs[PROGRAMME].schema == "Programme"
    assert recs[PROGRAMME].properties["name"] == ["NIST FRVT 1:1 Verification"]
    ntech = recs["us_nist_frvt:developer:ntechlab"]
    assert ntech.schema == "Company"
    assert ntech.properties == {"name": ["N-Tech Lab"], "alias": ["ntechlab"]}
    assert recs["us_nist_frvt:developer:synesis:unnamed"].properties["name"] == ["synesis"]
    card = recs["us_nist_frvt:nist-frvt-11:ntechlab-011@nist_reportcards"]
    assert card.schema == "Participation" and card.is_edge
    assert card.properties["participant"] == [ntech.id]
    assert card.properties["programme"] == [PROGRAMME]
    assert card.properties["algorithm"] == ["ntechlab-011"]
    assert card.raw is not None and card.raw["algorithm"] == "ntechlab_011"
    assert card.properties["submissionDate"] == ["2021-09-13"]
    assert card.published == "2024-02-19"
    assert card.source_url == "https://pages.nist.gov/frvt/reportcards/11/ntechlab_011.html"
    old = recs["us_nist_frvt:nist-frvt-11:synesis-007@nist_reportcards"]
    assert old.properties["submissionDate"] == ["2020-06-24"]
    assert old.published == "2021-03-19"
    history = [
        r for r in records if r.schema == "Participation" and "algorithm" not in r.properties
    ]
    per_dev: dict[str, int] = {}
    for r in history:
        per_dev[r.properties["participant"][0]] = per_dev.get(r.properties["participant"][0], 0) + 1
    # 13, 11 and 7 submissions; each developer's latest is its report card.
    assert per_dev == {
        "us_nist_frvt:developer:ntechlab:unnamed": 12,
        "us_nist_frvt:developer:visionlabs:unnamed": 10,
        "us_nist_frvt:developer:synesis:unnamed": 6,
    }
    first = recs["us_nist_frvt:nist-frvt-11:ntechlab:2017-03-13@nist_reportcards"]
    assert first.properties["submissionDate"] == ["2017-03-13"]


def test_report_card_html_with_traces() -> None:
    recs = by_id(load(NistReportCardLoader, "nist_reportcard_ntechlab_011.html"))
    card = recs["us_nist_frvt:nist-frvt-11:ntechlab-011@nist_reportcard_ntechlab_011"]
    assert card.properties["result"] == ["Visa-Visa fnmr: 0.001852686"]
    earlier = recs["us_nist_frvt:nist-frvt-11:ntechlab:2021-04-30@nist_reportcard_ntechlab_011"]
    assert earlier.properties["result"] == ["Visa-Visa fnmr: 0.002104531"]
    assert earlier.properties["participant"] == ["us_nist_frvt:developer:ntechlab"]


def test_results_csv() -> None:
    records = load(NistFrvtCsvLoader, "nist_frvt_11_overview.csv")
    recs = by_id(records)
    rows = [r for r in records if r.schema == "Participation"]
    assert len(rows) == 12
    vl = recs["us_nist_frvt:nist-frvt-11:visionlabs-009@nist_frvt_11_overview"]
    assert vl.properties["participant"] == ["us_nist_frvt:developer:visionlabs:unnamed"]
    assert vl.properties["algorithm"] == ["visionlabs-009"]
    assert "Visa 1e-6: 0.0025 (rank 1)" in vl.properties["result"]
    assert "Border 1e-5: 0.0054 (rank 1)" in vl.properties["result"]
    assert not any(r.startswith("ChildExp") for r in vl.properties["result"])  # empty cells
    assert vl.origin == "nist_frvt_11_overview.csv:10"
    assert recs["us_nist_frvt:developer:3divi:unnamed"].properties["alias"] == ["3divi"]


def test_iarpa_prizes() -> None:
    records = load(IarpaPrizeLoader, "iarpa_frpc_2017_prizes.csv")
    recs = by_id(records)
    programme = recs["iarpa_frpc:iarpa-frpc-2017"]
    assert programme.properties["name"] == ["IARPA Face Recognition Prize Challenge 2017"]
    awards = [r for r in records if r.schema == "PrizeAward"]
    ntech = "iarpa_frpc:developer:ntechlab"
    assert recs[ntech].properties["name"] == ["NtechLab"]
    won = {(a.first("recipient"), a.first("summary"), a.first("amount")) for a in awards}
    assert won == {
        ("iarpa_frpc:developer:yitu", "one-to-many identification accuracy", "25000"),
        (ntech, "one-to-one verification accuracy", "20000"),
        (ntech, "one-to-many identification speed", "5000"),
    }
    assert (
        sum(int(a.first("amount") or 0) for a in awards if a.first("recipient") == ntech) == 25000
    )
    for award in awards:
        assert award.properties["currency"] == ["USD"]
        assert award.properties["programme"] == [programme.id]
        assert award.properties["date"] == ["2017-11"]
        assert award.published == "2017-11"


def test_detect() -> None:
    assert detect(FIXTURES / "nist_reportcards.txt") is NistReportCardLoader
    assert detect(FIXTURES / "nist_reportcard_ntechlab_011.html") is NistReportCardLoader
    assert detect(FIXTURES / "nist_frvt_11_overview.csv") is NistFrvtCsvLoader
    assert detect(FIXTURES / "iarpa_frpc_2017_prizes.csv") is IarpaPrizeLoader


def test_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "prizes.csv"
    path.write_text("prize,amount_usd,winner\r\nspeed,lots,NtechLab\r\n")
    with pytest.raises(LoadError, match="numeric") as err:
        load(IarpaPrizeLoader, path)
    assert err.value.where == 2
    path.write_text("prize,amount_usd,winner\n")
    with pytest.raises(LoadError, match="no prize rows"):
        load(IarpaPrizeLoader, path)
    csv_path = tmp_path / "frvt.csv"
    header = (FIXTURES / "nist_frvt_11_overview.csv").read_text().splitlines()[0]
    csv_path.write_text(header + "\nnot an algorithm,0.1,1\n")
    with pytest.raises(LoadError, match="not an algorithm id") as err:
        load(NistFrvtCsvLoader, csv_path)
    assert err.value.where == 2
    card = tmp_path / "card.txt"
    card.write_text("  Algorithm Name: ntechlab |\n  Date of Algorithm Submission: 2021_09_13 |\n")
    with pytest.raises(LoadError, match="valid algorithm id") as err:
        load(NistReportCardLoader, card)
    assert err.value.where == 1
