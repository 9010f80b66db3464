"""FollowTheMoney's schema model, with graphsvc's own schemata added: the one
place graphsvc asks followthemoney which schemata exist, what a schema is a
kind of, which schemata can describe the same thing and which properties
reference other entities.

followthemoney is imported on first use, not with this module: importing it
builds FtM's own model, which the CLI and API should not pay for at start when
they do not need it. Every answer is precomputed into plain sets and dicts
once, so that callers in hot loops (pair scoring, loaders) pay a dict look-up.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followthemoney.model import Model

SCHEMA_DIR = Path(__file__).parent / "schema"

# Held while the model loads, so that a warming thread and a first caller
# build it once between them.
_LOCK = threading.RLock()
_MODEL: Model | None = None
_FACTS: Facts | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    """What graphsvc uses of the model, as plain values."""

    schemata: frozenset[str]
    ours: frozenset[str]  # declared in graphsvc/schema/*.yaml
    ancestors: Mapping[str, frozenset[str]]  # each schema with its ancestors
    matchable: Mapping[str, frozenset[str]]  # FtM's Schema.matchable_schemata, by name
    properties: Mapping[str, frozenset[str]]  # forward properties (reverse ones are stubs)
    references: Mapping[str, frozenset[str]]  # the entity-typed ones among them
    # Entity-typed in every FtM schema that has a property of that name: the
    # answer for a property a record states outside its schema.
    reference_names: frozenset[str]


def _load_model() -> Model:
    from followthemoney.model import Model
    from followthemoney.settings import MODEL_PATH

    # Model(path) reads every file under one directory: a temporary one that
    # links FtM's bundled schema files and ours, so both form one model.
    with tempfile.TemporaryDirectory(prefix="graphsvc-ftm-") as tmp:
        for directory, prefix in ((Path(MODEL_PATH), "ftm-"), (SCHEMA_DIR, "graphsvc-")):
            for path in sorted(directory.glob("*.yaml")):
                os.symlink(path.resolve(), Path(tmp) / f"{prefix}{path.name}")
        return Model(tmp)


def model() -> Model:
    """FtM's model plus graphsvc's schemata (a model of its own, not FtM's singleton)."""
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                _MODEL = _load_model()
    return _MODEL


def _facts_of(model: Model) -> Facts:
    from followthemoney import model as ftm_model
    from followthemoney.types import registry

    ours = set(model.schemata) - set(ftm_model.schemata)
    ancestors = {s.name: frozenset(a.name for a in s.schemata) for s in model}
    matchable = {s.name: frozenset(m.name for m in s.matchable_schemata) for s in model}
    properties: dict[str, frozenset[str]] = {}
    references: dict[str, frozenset[str]] = {}
    kinds: dict[str, set[bool]] = {}
    for schema in model:
        refs = set()
        forward = {n: p for n, p in schema.properties.items() if not p.stub}
        properties[schema.name] = frozenset(forward)
        for name, prop in forward.items():
            entity = prop.type == registry.entity
            if entity:
                refs.add(name)
            if prop.schema is schema and schema.name not in ours:
                kinds.setdefault(name, set()).add(entity)
        references[schema.name] = frozenset(refs)
    return Facts(
        schemata=frozenset(ancestors),
        ours=frozenset(ours),
        ancestors=ancestors,
        matchable=matchable,
        properties=properties,
        references=references,
        reference_names=frozenset(n for n, k in kinds.items() if k == {True}),
    )


def facts() -> Facts:
    """The model's answers, computed once."""
    global _FACTS
    if _FACTS is None:
        with _LOCK:
            if _FACTS is None:
                _FACTS = _facts_of(model())
    return _FACTS


def warm(then: Callable[[], object] | None = None) -> threading.Thread:
    """Load the model in a thread, so that the first request does not wait
    for it; then call ``then`` in that thread."""

    def load() -> None:
        facts()
        if then is not None:
            then()

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    return thread


def exists(schema: str) -> bool:
    return schema in facts().schemata


def ancestors(schema: str) -> frozenset[str]:
    """``schema`` and every schema it extends; just ``schema`` if the model lacks it."""
    return facts().ancestors.get(schema, frozenset({schema}))


def is_a(schema: str, other: str) -> bool:
    """FtM's ``Schema.is_a``: ``schema`` is ``other`` or extends it."""
    return other in ancestors(schema)


def can_match(a: str, b: str) -> bool:
    """FtM's ``Schema.can_match``, as nomenklatura and yente use it: both matchable,
    one the other or its ancestor (a Company can be a LegalEntity, never a Person)."""
    return b in facts().matchable.get(a, ())


def is_reference(schema: str, prop: str) -> bool:
    """True if ``prop`` of a ``schema`` record holds ids of other records: an
    entity-typed property of the schema, or, for a property the schema lacks, a
    name that is entity-typed wherever FtM has it (``owner``, not ``authority``)."""
    f = facts()
    declared = f.properties.get(schema)
    if declared is not None and prop in declared:
        return prop in f.references[schema]
    return prop in f.reference_names
