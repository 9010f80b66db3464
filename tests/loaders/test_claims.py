from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.errors import LoadError
from graphsvc.model import Citation
from loaders.claims import ClaimsLoader
from loaders.registry import detect
from tests.loaders.graph_helpers import FIXTURES, by_id, load

GOOD = (FIXTURES / "claims_moscow_case.yaml").read_text(encoding="utf-8")


def test_claims_file() -> None:
    records = by_id(load(ClaimsLoader, "claims_moscow_case.yaml"))
    assert list(records) == [
        "moscow-case:visionlabs",
        "moscow-case:mts",
        "moscow-case:mts-owns-visionlabs",
        "moscow-case:chemezov-sanction",
    ]
    vl = records["moscow-case:visionlabs"]
    assert vl.dataset == "moscow-case" and vl.source_id == "visionlabs"
    assert vl.properties["alias"] == ["VisionLabs", "ВижнЛабс"]
    assert vl.properties["country"] == ["nl"]  # a single string is a one-item list
    assert vl.citations == [
        Citation(
            publisher="Reuters",
            published="2023-03-28",
            url="https://www.reuters.com/investigates/special-report/ukraine-crisis-russia-detentions-technology/",
            title="Special Report: How Moscow's smart-city project became an AI "
            "surveillance dragnet",
            quote="VisionLabs, which is headquartered in the Netherlands",
        )
    ]
    assert vl.published == "2023-03-28"
    own = records["moscow-case:mts-owns-visionlabs"]
    assert own.properties["owner"] == ["moscow-case:mts"]
    assert own.properties["asset"] == ["moscow-case:visionlabs"]
    assert own.properties["percentage"] == ["100"]  # YAML numbers read as their text
    assert own.properties["startDate"] == ["2021-12-13"]  # YAML dates too
    assert [c.publisher for c in own.citations] == [
        "Mobile TeleSystems PJSC (Form 6-K, SEC)",
        "Reuters",
    ]
    assert own.citations[0].published == "2021-12"
    sanction = records["moscow-case:chemezov-sanction"]
    assert sanction.properties["entity"] == ["us_ofac_sdn:16685"]  # a full record id stays
    assert sanction.properties["authority"] == ["Office of Foreign Assets Control"]
    assert detect(FIXTURES / "claims_moscow_case.yaml") is ClaimsLoader


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    assert old in GOOD
    path = tmp_path / "claims.yaml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("  - id: mts\n", "  - name: mts\n", "claim #2", "needs an 'id'"),
        ("    schema: Ownership\n", "", "claim mts-owns-visionlabs", "needs a 'schema'"),
        ("      owner: [mts]", "      owner: [mtz]", "claim mts-owns-visionlabs", "no claim"),
        ("      owner: [mts]\n", "", "claim mts-owns-visionlabs", "needs 'owner'"),
        (
            "cite: {source: reuters-2023, quote: \"Russia's",
            'cite: {source: ft, quote: "',
            "claim mts",
            "not listed",
        ),
        (', quote: "Russia\'s largest mobile operator MTS"}', "}", "claim mts", "'quote'"),
        ("    published: 2021-12\n", "", "source mts-6k-2021", "'published'"),
        ("    publisher: Reuters\n", "", "source reuters-2023", "'publisher'"),
        (
            "      startDate: [2021-12-13]",
            "      startDate: [soon]",
            "claim mts-owns-visionlabs",
            "not a date",
        ),
        ("      name: [VisionLabs B.V.]", "      name: [{a: b}]", "claim visionlabs", "strings"),
        ("  - id: mts\n", "  - id: visionlabs\n", "claim visionlabs", "used twice"),
    ],
)
def test_rules(tmp_path: Path, old: str, new: str, where: str, message: str) -> None:
    with pytest.raises(LoadError, match=message) as err:
        load(ClaimsLoader, _broken(tmp_path, old, new))
    assert err.value.where == where
    assert err.value.path.endswith("claims.yaml")


def test_missing_citation(tmp_path: Path) -> None:
    text = GOOD.replace(
        '    cite: {source: reuters-2023, quote: "Russia\'s largest mobile operator MTS"}\n', ""
    )
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError, match="at least one citation") as err:
        load(ClaimsLoader, path)
    assert err.value.where == "claim mts"


def test_invalid_yaml_and_empty(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text("graphsvc: claims/1\nclaims: [\n", encoding="utf-8")
    with pytest.raises(LoadError, match="invalid YAML"):
        load(ClaimsLoader, path)
    path.write_text("", encoding="utf-8")
    with pytest.raises(LoadError, match="empty"):
        load(ClaimsLoader, path)


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefg"):
        prev = "abcdefg"[i]
        bomb.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    text = GOOD.replace(
        "  - id: mts\n", "  - id: mts\n    extra:\n      " + "\n      ".join(bomb) + "\n"
    )
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError, match=r"YAML anchors \(&a\) are not accepted"):
        load(ClaimsLoader, path)


def test_oversized_claim_is_refused(tmp_path: Path) -> None:
    many = "[" + ", ".join(["x"] * 20_000) + "]"
    text = GOOD.replace("  - id: mts\n", f"  - id: mts\n    extra: {many}\n")
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError, match="the claim has more than 10000 values") as err:
        load(ClaimsLoader, path)
    assert err.value.where == "claim mts"
