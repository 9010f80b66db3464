"""The one claim model (graphsvc.claims) that claims files and addClaim share:
its rules, its messages, and the same record from either way in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graphsvc.claims import MAX_CLAIM_VALUES, MAX_VALUE_CHARS, Claim, InvalidClaim
from graphsvc.errors import BadRequest, LoadError
from graphsvc.model import Citation
from loaders.claims import ClaimsLoader

CITE = {"publisher": "Test Gazette", "published": "2024-05-01", "quote": "as reported"}


def claim(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "acme",
        "schema": "Company",
        "properties": {"name": ["Acme LLC"], "country": "ru"},
        "citations": [CITE],
    }
    return {**base, **changes}


def refusal(data: Any) -> str:
    with pytest.raises(InvalidClaim) as err:
        Claim.parse(data)
    assert isinstance(err.value, BadRequest) and err.value.status_code == 400
    return str(err.value)


def test_a_claim_becomes_a_record() -> None:
    rec = Claim.parse(claim(dataset="moscow-case")).record(origin="api")
    assert (rec.id, rec.dataset, rec.source_id, rec.schema) == (
        "moscow-case:acme", "moscow-case", "acme", "Company")  # fmt: skip
    assert rec.properties == {"name": ["Acme LLC"], "country": ["ru"]}
    assert rec.citations == [Citation("Test Gazette", "2024-05-01", None, None, "as reported")]
    assert rec.published == "2024-05-01" and rec.origin == "api"
    assert Claim.parse(claim(dataset=None)).record_id == "claims:acme"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id": ""}, "a claim needs an 'id' of 1 to 200 characters"),
        ({"id": "x" * 201}, "a claim needs an 'id' of 1 to 200 characters"),
        ({"schema": None}, "a claim needs a 'schema'"),
        ({"schema": "Spaceship"}, "unknown schema 'Spaceship'"),
        ({"properties": ["name"]}, "'properties' must be a mapping"),
        ({"properties": {"name": [{"a": 1}]}}, "name: values must be strings"),
        ({"properties": {"name": [True]}}, "name: values must be strings"),
        (
            {"properties": {"name": ["x" * (MAX_VALUE_CHARS + 1)]}},
            f"name: a value is over {MAX_VALUE_CHARS} characters",
        ),
        (
            {"properties": {"alias": [str(i) for i in range(MAX_CLAIM_VALUES + 1)]}},
            f"a claim may have at most {MAX_CLAIM_VALUES} property values",
        ),
        ({"properties": {"name": ["A"], "incorporationDate": ["soon"]}}, "is not a date"),
        ({"citations": []}, "a claim needs at least one citation"),
        ({"citations": [{**CITE, "quote": " "}]}, "a claim needs a citation with a 'quote'"),
        ({"citations": [{**CITE, "publisher": None}]}, "citation with a 'publisher'"),
        ({"citations": [{**CITE, "published": "2023-02-30"}]}, "'published' is not YYYY"),
        ({"schema": "Ownership", "properties": {"owner": ["claims:a"]}},
         "a Ownership claim needs 'asset'"),
        ({"schema": "Ownership", "properties": {"owner": ["a"], "asset": ["claims:b"]}},
         "owner: 'a' is not a record id such as moscow-case:synesis"),
        ({"schema": "Sanction", "properties": {"entity": ["16685"]}}, "entity: '16685'"),
    ],
)  # fmt: skip
def test_rules_and_their_messages(changes: dict[str, Any], message: str) -> None:
    assert message in refusal(claim(**changes))


def test_not_a_mapping() -> None:
    assert "a claim is a mapping" in refusal(["acme"])


def test_a_file_and_the_api_give_the_same_record(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(
        "graphsvc: claims/1\ndataset: moscow-case\n"
        "sources:\n  gazette: {publisher: Test Gazette, published: 2024-05-01}\n"
        "claims:\n  - id: acme\n    schema: Company\n"
        "    properties: {name: [Acme LLC], country: ru}\n"
        "    cite: {source: gazette, quote: as reported}\n"
        "  - id: acme-owns-widget\n    schema: Ownership\n"
        "    properties: {owner: acme, asset: [moscow-case:widget], startDate: 2021-12-13}\n"
        "    cite: {source: gazette, quote: as reported}\n",
        encoding="utf-8",
    )
    from_file = list(ClaimsLoader(path, None).read())
    from_api = [
        Claim.parse(claim(dataset="moscow-case")).record(),
        Claim.parse(claim(dataset="moscow-case", id="acme-owns-widget", schema="Ownership",
                          properties={"owner": ["moscow-case:acme"],
                                      "asset": ["moscow-case:widget"],
                                      "startDate": ["2021-12-13"]})).record(),
    ]  # fmt: skip
    for file_rec, api_rec in zip(from_file, from_api, strict=True):
        assert (file_rec.id, file_rec.schema, file_rec.properties, file_rec.citations) == (
            api_rec.id, api_rec.schema, api_rec.properties, api_rec.citations)  # fmt: skip


def test_a_file_reports_the_models_refusal_at_the_claim(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(
        "graphsvc: claims/1\nsources:\n  g: {publisher: G, published: 2024}\n"
        f"claims:\n  - id: big\n    schema: Company\n    properties: {{name: [{'x' * 5001}]}}\n"
        "    cite: {source: g, quote: q}\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError, match=f"over {MAX_VALUE_CHARS} characters") as err:
        list(ClaimsLoader(path, None).read())
    assert err.value.where == "claim big"
