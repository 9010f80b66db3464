"""graphsvc's schemata form one valid FollowTheMoney model with FtM's own, and the
answers graphsvc takes from it (ancestry, matchability, references) are the ones
the code relies on."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest
import yaml

from graphsvc import schemata
from graphsvc.model import EDGE_SCHEMATA, ENTITY_SCHEMATA, MATCHABLE_SCHEMATA, REFERENCE_PROPERTIES
from graphsvc.resolve.score import schema_compatibility
from graphsvc.services.matching import compatible_schemata
from graphsvc.store.derive import entity_schema

# What graphsvc stated by hand before it asked FtM, kept here to show that the
# model gives the same answers wherever the code asks.
HAND_ANCESTORS = {
    "LegalEntity": {"LegalEntity"},
    "Organization": {"Organization", "LegalEntity"},
    "Company": {"Company", "Organization", "LegalEntity"},
    "PublicBody": {"PublicBody", "Organization", "LegalEntity"},
    "Person": {"Person", "LegalEntity"},
    "Vessel": {"Vessel"},
    "Airplane": {"Airplane"},
}
HAND_RANK = {
    "Person": 0,
    "PublicBody": 1,
    "Company": 2,
    "Organization": 3,
    "Vessel": 4,
    "Airplane": 4,
    "LegalEntity": 5,
}
HAND_ENTITY_PROPERTIES = frozenset(
    {
        "addressEntity", "agent", "ancestors", "asset", "associate", "bank",
        "bankAccount", "bankForeign", "bankRub", "beneficiary", "beneficiaryAccount",
        "callForTenders", "caller", "candidate", "case", "client", "contract",
        "contractHolder", "controlled", "controller", "creditor", "debtor", "declarant",
        "director", "document", "emitters", "employee", "employer", "endLocation",
        "entity", "holder", "inReplyToEmail", "inReplyToMessage", "involved", "issuer",
        "match", "member", "object", "onBehalfOf", "operator", "organization",
        "organizer", "owner", "parent", "partOf", "participant", "party", "payer",
        "payerAccount", "person", "pictured", "post", "predecessor", "project", "proof",
        "receiver", "recipientAccount", "recipients", "relative", "resolved",
        "riskSource", "startLocation", "successor", "supplier", "taxee", "tenderers",
        "transport", "vehicle",
    }
)  # fmt: skip
HAND_SCHEMA_SPECIFIC = frozenset(
    {
        ("Contract", "authority"),
        ("CallForTenders", "authority"),
        ("License", "authority"),
        ("UnknownLink", "subject"),
        ("Message", "sender"),
        ("EconomicActivity", "sender"),
    }
)


def _hand_compatibility(a: str, b: str) -> float:
    if a == b:
        return 1.0
    anc_a = HAND_ANCESTORS.get(a, {a})
    anc_b = HAND_ANCESTORS.get(b, {b})
    if a in anc_b or b in anc_a:
        return 1.0
    return 0.5 if {a, b} == {"Company", "PublicBody"} else 0.0


def _hand_is_reference(schema: str, prop: str) -> bool:
    if prop in HAND_ENTITY_PROPERTIES or (schema, prop) in HAND_SCHEMA_SPECIFIC:
        return True
    if (schema, prop) in REFERENCE_PROPERTIES:
        return True
    ends = EDGE_SCHEMATA.get(schema)
    return ends is not None and prop in ends[:2]


def _ours() -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for path in sorted(Path(schemata.SCHEMA_DIR).glob("*.yaml")):
        out.update(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


# --- one valid model ---------------------------------------------------------
def test_graphsvc_schemata_extend_ftm_and_keep_ftm_whole() -> None:
    from followthemoney import model as ftm_model

    ours = _ours()
    model = schemata.model()
    assert set(ours) == set(schemata.facts().ours)
    assert not set(ours) & set(ftm_model.schemata), "a graphsvc schema shadows FtM's"
    assert set(ftm_model.schemata) | set(ours) == set(model.schemata)
    for name, spec in ours.items():
        schema = model[name]
        extends = spec["extends"]
        assert isinstance(extends, list) and extends, name
        ftm_ancestors = {a.name for a in schema.schemata} & set(ftm_model.schemata)
        assert ftm_ancestors, f"{name} extends no FtM schema"
        # FtM's own schemata are as FtM defines them: ancestry is unchanged.
    for schema in ftm_model:
        assert {a.name for a in model[schema.name].schemata} == {a.name for a in schema.schemata}


def test_everything_model_py_lists_is_in_the_model() -> None:
    model = schemata.model()
    named = set(ENTITY_SCHEMATA) | set(MATCHABLE_SCHEMATA) | set(EDGE_SCHEMATA)
    named |= {schema for schema, _prop in REFERENCE_PROPERTIES}
    assert sorted(s for s in named if not schemata.exists(s)) == []
    assert MATCHABLE_SCHEMATA <= ENTITY_SCHEMATA
    assert sorted(s for s in MATCHABLE_SCHEMATA if not model[s].matchable) == []
    for schema, prop in REFERENCE_PROPERTIES:
        assert schemata.is_reference(schema, prop), (schema, prop)


def test_edge_schemata_ends_are_the_models_edge_ends() -> None:
    model = schemata.model()
    for name, (source, target, _type) in EDGE_SCHEMATA.items():
        schema = model[name]
        assert schemata.is_reference(name, source) and schemata.is_reference(name, target)
        ends = (schema.edge_source, schema.edge_target)
        if name == "ContractAward":
            # FtM draws it contract -> supplier; the graph points from the supplier.
            assert ends == (target, source)
        else:
            assert ends == (source, target), name


# --- the same answers as the hand copy -----------------------------------------
def test_schema_compatibility_agrees_with_the_hand_copy() -> None:
    names = sorted(ENTITY_SCHEMATA)
    for a, b in itertools.product(names, names):
        assert schema_compatibility(a, b) == _hand_compatibility(a, b), (a, b)
    assert schema_compatibility("Person", "Company") == 0.0
    assert schema_compatibility("Company", "PublicBody") == 0.5


def test_compatible_schemata_agree_with_the_hand_copy() -> None:
    for schema in sorted(MATCHABLE_SCHEMATA):
        expected = sorted(s for s in MATCHABLE_SCHEMATA if _hand_compatibility(schema, s) > 0)
        assert compatible_schemata(schema) == expected, schema


def test_can_match_is_ftms() -> None:
    from followthemoney import model as ftm_model

    for a, b in itertools.product(ftm_model, ftm_model):
        assert schemata.can_match(a.name, b.name) == a.can_match(b), (a.name, b.name)
    assert schemata.can_match("Programme", "Programme")
    assert not schemata.can_match("Programme", "Product")
    assert not schemata.can_match("Product", "Company")


def test_entity_schema_agrees_with_the_hand_rank() -> None:
    """The same schema names an entity as before, for every mix of up to four
    schemata, except that a Passport is now narrower than an Identification."""
    names = sorted(ENTITY_SCHEMATA)
    for n in range(1, 5):
        for mix in itertools.combinations(names, n):
            before = min(mix, key=lambda s: (HAND_RANK.get(s, 9), s))
            expected = "Passport" if before == "Identification" and "Passport" in mix else before
            assert entity_schema(mix) == expected, mix
    assert entity_schema([]) == "Thing"
    assert entity_schema(["Company", "Company"]) == "Company"


def test_is_reference_agrees_with_the_hand_copy() -> None:
    """The same properties are references, except two the model knows better: FtM's
    Payment.senderAccount (newer than the hand list) and the ``subject`` that
    graphsvc's links inherit from UnknownLink."""
    facts = schemata.facts()
    props = set().union(*facts.properties.values()) | {"notAProperty"}
    for schema in sorted(facts.schemata | {"NotASchema"}):
        for prop in sorted(props):
            known_better = prop == "senderAccount" or (
                prop == "subject" and schemata.is_a(schema, "UnknownLink")
            )
            expected = known_better or _hand_is_reference(schema, prop)
            assert schemata.is_reference(schema, prop) == expected, (schema, prop)


@pytest.mark.parametrize(
    ("schema", "prop", "expected"),
    [
        ("Sanction", "authority", False),  # the issuing body's name, a string
        ("Contract", "authority", True),
        ("Participation", "programme", True),
        ("Usage", "product", True),
        ("Company", "owner", True),  # outside its schema: a reference wherever FtM has it
        ("Company", "name", False),
        ("Programme", "ownershipOwner", False),  # a reverse property is never stated
    ],
)
def test_is_reference_examples(schema: str, prop: str, expected: bool) -> None:
    assert schemata.is_reference(schema, prop) is expected


def test_only_graphsvc_schemata_imports_followthemoney() -> None:
    root = Path(__file__).resolve().parent.parent
    importers = []
    for path in [*(root / "graphsvc").rglob("*.py"), *(root / "loaders").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n.split(".")[0] == "followthemoney" for n in names):
                importers.append(str(path.relative_to(root)))
    assert sorted(set(importers)) == ["graphsvc/schemata.py"]
