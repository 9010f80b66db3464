"""The bundled Moscow case dataset (data/moscow) holds its own invariants.

Checked on the files alone, without a database or a loader: the claims YAML
follows docs/claims.md, every relationship ends at a claim that exists and
carries a dated citation, identifiers agree with the bundled official lists,
and no private person (a detainee) is an entity.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from graphsvc.model import EDGE_SCHEMATA, ENTITY_SCHEMATA, REFERENCE_PROPERTIES

DATA = Path(__file__).resolve().parent.parent / "data" / "moscow"
DATASET = "moscow-case"
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATE_PROPERTIES = ("startDate", "endDate", "date", "birthDate", "listingDate")
# Schemata that give a person a role in the graph (besides being sanctioned).
ROLE_SCHEMATA = ("Employment", "Directorship", "Ownership", "Occupancy")
# People the seed article names as detained or surveilled: never entities.
DETAINEES = ("chernyshov", "krutenko", "pinchuk", "zharov")
# Identifier properties that must agree with the bundled EU list rows.
LIST_IDENTIFIERS = (
    "innCode",
    "ogrnCode",
    "kppCode",
    "okpoCode",
    "registrationNumber",
    "taxNumber",
    "idNumber",
)
OFFICIAL_FILES = (
    "eu_journal_facerec.csv",
    "ofac/sdn.csv",
    "ofac/alt.csv",
    "nist_frvt_reportcards.txt",
    "nist_frvt_leaderboard_2017.txt",
    "nist_frvt_11_overview.csv",
    "iarpa_frpc_2017_prizes.csv",
)
NIST_FILES = OFFICIAL_FILES[3:]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _values(value: Any) -> list[str]:
    """A property value as the claims loader reads it: a list of strings."""
    items = value if isinstance(value, list) else [value]
    return [str(item) for item in items]


def _citations(claim: dict[str, Any]) -> list[dict[str, Any]]:
    cite = claim.get("cite")
    if cite is None:
        return []
    return cite if isinstance(cite, list) else [cite]


@cache
def _documents() -> dict[str, dict[str, Any]]:
    docs = {
        path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(DATA.glob("*.yaml"))
        if not path.name.endswith(".source.yaml")
    }
    assert docs, f"no YAML files in {DATA}"
    return docs


def _claims() -> Iterator[tuple[str, dict[str, Any]]]:
    for name, doc in _documents().items():
        for claim in doc["claims"]:
            yield name, claim


@cache
def _ids_by_file() -> dict[str, set[str]]:
    return {name: {c["id"] for c in doc["claims"]} for name, doc in _documents().items()}


@cache
def _all_ids() -> set[str]:
    return set().union(*_ids_by_file().values())


@cache
def _bundled(name: str) -> str:
    return _norm((DATA / name).read_text(encoding="utf-8"))


def _references(name: str, claim: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(property, value) for every property of the claim that names another record."""
    props = claim.get("properties") or {}
    schema = claim["schema"]
    ref_props: list[str] = []
    if schema in EDGE_SCHEMATA:
        source, target, _type = EDGE_SCHEMATA[schema]
        ref_props += [source, target]
    ref_props += [prop for (s, prop) in REFERENCE_PROPERTIES if s == schema]
    for prop in ref_props:
        for value in _values(props.get(prop, [])):
            yield prop, value


def _resolve(name: str, ref: str) -> str | None:
    """The local id a reference points to in this dataset, or None if external."""
    if ":" in ref:
        dataset, _, local = ref.partition(":")
        return local if dataset == DATASET else None
    return ref


def test_every_file_has_the_claims_header() -> None:
    for name, doc in _documents().items():
        assert doc.get("graphsvc") == "claims/1", name
        assert doc.get("dataset") == DATASET, name
        assert isinstance(doc.get("sources"), dict) and doc["sources"], name
        assert isinstance(doc.get("claims"), list) and doc["claims"], name


def test_every_source_has_publisher_and_date() -> None:
    for name, doc in _documents().items():
        for key, source in doc["sources"].items():
            assert str(source.get("publisher") or "").strip(), f"{name}: source {key}"
            published = str(source.get("published") or "")
            assert DATE.match(published), f"{name}: source {key} published {published!r}"


def test_every_claim_has_id_schema_and_quoted_citations() -> None:
    schemata = set(ENTITY_SCHEMATA) | set(EDGE_SCHEMATA)
    for name, claim in _claims():
        where = f"{name}: {claim.get('id')}"
        assert str(claim.get("id") or "").strip(), where
        assert ":" not in claim["id"], where
        assert claim.get("schema") in schemata, f"{where}: schema {claim.get('schema')!r}"
        cites = _citations(claim)
        assert cites, f"{where}: no citation"
        sources = _documents()[name]["sources"]
        for cite in cites:
            assert cite.get("source") in sources, f"{where}: unknown source {cite.get('source')!r}"
            assert str(cite.get("quote") or "").strip(), f"{where}: empty quote"


def test_property_values_are_strings_and_dates_are_dates() -> None:
    for name, claim in _claims():
        where = f"{name}: {claim['id']}"
        props = claim.get("properties") or {}
        assert props, f"{where}: no properties"
        for prop, value in props.items():
            for item in value if isinstance(value, list) else [value]:
                assert isinstance(item, str | int | float), f"{where}: {prop} = {item!r}"
                assert str(item).strip(), f"{where}: {prop} has an empty value"
        for prop in DATE_PROPERTIES:
            for value in _values(props.get(prop, [])):
                assert DATE.match(value), f"{where}: {prop} {value!r}"
        starts, ends = _values(props.get("startDate", [])), _values(props.get("endDate", []))
        if starts and ends:
            assert min(starts) <= max(ends), f"{where}: starts after it ends"


def test_ids_are_unique_across_files() -> None:
    seen: dict[str, str] = {}
    for name, claim in _claims():
        assert claim["id"] not in seen, f"{claim['id']} in {seen.get(claim['id'])} and {name}"
        seen[claim["id"]] = name


def test_every_reference_names_an_existing_claim() -> None:
    for name, claim in _claims():
        where = f"{name}: {claim['id']}"
        for prop, ref in _references(name, claim):
            local = _resolve(name, ref)
            if ":" not in ref:
                # A bare id names a claim in the same file (docs/claims.md).
                assert ref in _ids_by_file()[name], f"{where}: {prop} {ref!r} not in {name}"
            elif local is not None:
                assert local in _all_ids(), f"{where}: {prop} {ref!r} names no claim"


def test_every_relationship_has_both_ends_and_a_dated_source() -> None:
    for name, claim in _claims():
        if claim["schema"] not in EDGE_SCHEMATA:
            continue
        where = f"{name}: {claim['id']}"
        source, target, _type = EDGE_SCHEMATA[claim["schema"]]
        props = claim["properties"]
        assert _values(props.get(source, [])), f"{where}: no {source}"
        assert _values(props.get(target, [])), f"{where}: no {target}"
        sources = _documents()[name]["sources"]
        dated = [
            c
            for c in _citations(claim)
            if DATE.match(str(sources.get(c["source"], {}).get("published") or ""))
        ]
        assert dated, f"{where}: no citation with a dated source"


def test_every_person_has_a_role_and_no_detainee_is_an_entity() -> None:
    roles: set[str] = set()
    for name, claim in _claims():
        if claim["schema"] in ROLE_SCHEMATA or claim["schema"] == "Sanction":
            for _prop, ref in _references(name, claim):
                local = _resolve(name, ref)
                if local is not None:
                    roles.add(local)
    for name, claim in _claims():
        props = claim.get("properties") or {}
        names = " ".join(_values(props.get("name", [])) + _values(props.get("alias", [])))
        for detainee in DETAINEES:
            assert detainee not in names.lower(), f"{name}: {claim['id']} names {detainee}"
        if claim["schema"] == "Person":
            assert claim["id"] in roles, f"{name}: person {claim['id']} has no role or sanction"


def test_sanction_claims_are_sanctions_only() -> None:
    # The Anti-Corruption Foundation's list is advocacy, not a sanction.
    for name, claim in _claims():
        if claim["schema"] != "Sanction":
            continue
        authority = " ".join(_values(claim["properties"].get("authority", [])))
        assert "anti-corruption" not in authority.lower(), f"{name}: {claim['id']}"
        assert "fbk" not in authority.lower(), f"{name}: {claim['id']}"


def test_official_files_are_bundled() -> None:
    for filename in OFFICIAL_FILES:
        assert (DATA / filename).stat().st_size > 0, filename
    rows = list(csv.DictReader((DATA / "eu_journal_facerec.csv").open(encoding="utf-8")))
    assert any(row["name"] == "SYNESIS LLC" for row in rows)
    ofac = (DATA / "ofac" / "sdn.csv").read_text(encoding="utf-8")
    assert ofac.startswith('16685,"CHEMEZOV, Sergei"')


def test_quotes_from_bundled_files_are_verbatim() -> None:
    for name, claim in _claims():
        sources = _documents()[name]["sources"]
        for cite in _citations(claim):
            publisher = sources.get(cite["source"], {}).get("publisher")
            quote = _norm(cite["quote"])
            if publisher == "Official Journal of the European Union":
                assert quote in _bundled("eu_journal_facerec.csv"), f"{name}: {claim['id']}"
            elif publisher == "National Institute of Standards and Technology":
                assert any(quote in _bundled(f) for f in NIST_FILES), f"{name}: {claim['id']}"


def test_identifiers_agree_with_the_bundled_lists() -> None:
    eu_text = _bundled("eu_journal_facerec.csv")
    ofac_ids = {row[0] for row in csv.reader((DATA / "ofac" / "sdn.csv").open(encoding="utf-8"))}
    for name, claim in _claims():
        props = claim.get("properties") or {}
        for prop in LIST_IDENTIFIERS:
            for value in _values(props.get(prop, [])):
                assert value in eu_text, f"{name}: {claim['id']} {prop} {value} not in EU rows"
        for value in _values(props.get("ofacId", [])):
            assert value in ofac_ids, f"{name}: {claim['id']} ofacId {value}"


@pytest.mark.parametrize(
    "filename",
    sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file()),
)
def test_readme_describes_every_file(filename: str) -> None:
    if filename == "README.md":
        return
    assert f"`{filename}`" in (DATA / "README.md").read_text(encoding="utf-8")
