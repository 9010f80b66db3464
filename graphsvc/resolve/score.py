"""Pair scoring: how likely two records describe the same entity, with reasons.

Invariant: ``score`` is symmetric, in [0, 1], and a pure function of the two inputs;
every feature that moved the score is in ``features`` and ``explanation``. Persons never
match organisations, and invalid identifiers never raise a score.

What a record offers the scorer is in ``inputs``, how names compare in ``namesim``;
which schemata can describe the same thing comes from FtM's model (``graphsvc.schemata``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graphsvc import schemata
from graphsvc.resolve.consistency import date_parts, dates_agree
from graphsvc.resolve.inputs import MAX_NAMES, MatchInput, Prepared, prepare
from graphsvc.resolve.namesim import (
    name_similarity,
    org_name_similarity,
    person_name_similarity,
)

__all__ = [
    "AUTO_MATCH",
    "MAX_NAMES",
    "REVIEW",
    "MatchInput",
    "MatchResult",
    "Prepared",
    "compare_dates",
    "name_similarity",
    "org_name_similarity",
    "person_name_similarity",
    "prepare",
    "schema_compatibility",
    "score",
    "score_prepared",
]

AUTO_MATCH = 0.9  # at or above: merged without a person looking
REVIEW = 0.7  # [REVIEW, AUTO_MATCH): shown to an investigator to judge

# Feature weights (additive adjustments to the name score).
W_COUNTRY_AGREE = 0.03
W_COUNTRY_CONFLICT_ORG = -0.35
W_COUNTRY_CONFLICT_PERSON = -0.15
W_BIRTH_AGREE = 0.05
W_BIRTH_CONFLICT = -0.5
W_INCORP_AGREE = 0.03
W_INCORP_CONFLICT = -0.35
W_ID_CONFLICT = -0.4
W_SIBLING_SCHEMA = -0.03

# Organisations of different kinds that one body is filed as by different sources
# (a state corporation as Company or PublicBody): comparable, at a small cost.
SIBLING_PARENT = "Organization"
SIBLING_COMPATIBILITY = 0.5


@dataclass(frozen=True, slots=True)
class MatchResult:
    score: float
    features: dict[str, float] = field(default_factory=dict)
    explanation: list[str] = field(default_factory=list)
    decisive: str | None = None

    @property
    def band(self) -> str:
        if self.score >= AUTO_MATCH:
            return "match"
        return "review" if self.score >= REVIEW else "no-match"


# --- schema ------------------------------------------------------------------
_COMPATIBILITY: dict[tuple[str, str], float] = {}


def _compatibility(a: str, b: str) -> float:
    if schemata.can_match(a, b):
        return 1.0
    if (
        schemata.can_match(a, a)
        and schemata.can_match(b, b)
        and schemata.is_a(a, SIBLING_PARENT)
        and schemata.is_a(b, SIBLING_PARENT)
    ):
        return SIBLING_COMPATIBILITY
    return 0.0


def schema_compatibility(a: str, b: str) -> float:
    """1.0 if one schema is the other or, in FtM's model, can match it (a Company is a
    LegalEntity); 0.5 for two kinds of Organization (Company~PublicBody); 0.0 otherwise
    (Person never matches Company)."""
    if a == b:
        return 1.0
    # Answered once per pair of schema names: this runs for every pair scored.
    found = _COMPATIBILITY.get((a, b))
    if found is None:
        found = _COMPATIBILITY[(a, b)] = _compatibility(a, b)
    return found


# --- dates -------------------------------------------------------------------
def compare_dates(a: Iterable[str], b: Iterable[str]) -> int | None:
    """+1 if some pair agrees at their common precision, -1 if all pairs conflict,
    None if either side has no usable date."""
    agree = dates_agree(map(date_parts, a), map(date_parts, b))
    return None if agree is None else (1 if agree else -1)


# --- the scorer --------------------------------------------------------------
def score_prepared(a: Prepared, b: Prepared) -> MatchResult:
    ia, ib = a.input, b.input
    features: dict[str, float] = {}
    why: list[str] = []
    compat = schema_compatibility(ia.schema, ib.schema)
    if compat == 0.0:
        return MatchResult(
            0.0, {"schema": -1.0}, [f"schema {ia.schema} cannot be {ib.schema}"], "schema"
        )
    other = b.conflict_ids
    conflicts = [s for s, keys in a.conflict_ids.items() if s in other and not keys & other[s]]
    shared = a.mergeable_ids & b.mergeable_ids
    if shared:
        key = min(shared)
        features["identifier"] = 1.0
        if not conflicts:
            return MatchResult(1.0, features, [f"shared identifier {key}"], "identifier")
        features["identifier_conflict"] = W_ID_CONFLICT
        why.append(f"shared identifier {key}, but {', '.join(conflicts)} differ: review")
        return MatchResult(REVIEW + 0.05, features, why, None)

    person = "Person" in (ia.schema, ib.schema)
    sim, how, na, nb = name_similarity(a.forms, b.forms, person)
    if sim < 0.0:
        return MatchResult(0.0, {"name": 0.0}, ["no names to compare"], None)
    features["name"] = round(sim, 4)
    why.append(f"name {sim:.2f}: {na!r} ~ {nb!r} ({how})")
    score = sim

    if compat < 1.0:
        score += W_SIBLING_SCHEMA
        features["schema"] = W_SIBLING_SCHEMA
        why.append(f"schema {ia.schema} ~ {ib.schema} ({W_SIBLING_SCHEMA:+.2f})")

    if conflicts:
        score += W_ID_CONFLICT
        features["identifier_conflict"] = W_ID_CONFLICT
        why.append(f"different {', '.join(sorted(conflicts))} ({W_ID_CONFLICT:+.2f})")

    if ia.countries and ib.countries:
        if ia.countries & ib.countries:
            score += W_COUNTRY_AGREE
            features["country"] = W_COUNTRY_AGREE
            why.append(f"country {sorted(ia.countries & ib.countries)} agrees")
        else:
            w = W_COUNTRY_CONFLICT_PERSON if person else W_COUNTRY_CONFLICT_ORG
            score += w
            features["country"] = w
            why.append(f"country {sorted(ia.countries)} vs {sorted(ib.countries)} ({w:+.2f})")

    pa, pb = a.profile, b.profile
    if pa is not None and pb is not None and (pa.born or pa.incorporated):
        # Dates as parsed once in ``prepare``, not again for every pair.
        for label, da, db, agree, conflict in (
            ("birth_date", pa.born, pb.born, W_BIRTH_AGREE, W_BIRTH_CONFLICT),
            ("incorporation_date", pa.incorporated, pb.incorporated, W_INCORP_AGREE,
             W_INCORP_CONFLICT),
        ):  # fmt: skip
            agrees = dates_agree(da, db)
            if agrees is None:
                continue
            w = agree if agrees else conflict
            score += w
            features[label] = w
            verb = "agree" if agrees else "differ"
            shown_a = ia.birth_dates if label == "birth_date" else ia.incorporation_dates
            shown_b = ib.birth_dates if label == "birth_date" else ib.incorporation_dates
            why.append(f"{label} {verb}: {list(shown_a)} vs {list(shown_b)} ({w:+.2f})")

    score = min(1.0, max(0.0, score))
    return MatchResult(round(score, 4), features, why, None)


def score(a: MatchInput, b: MatchInput) -> MatchResult:
    """Score one pair (prepares both sides; use ``score_prepared`` in bulk)."""
    return score_prepared(prepare(a), prepare(b))
