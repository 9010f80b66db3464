"""Pair scoring: how likely two records describe the same entity, with reasons.

Invariant: ``score`` is symmetric, in [0, 1], and a pure function of the two inputs;
every feature that moved the score is in ``features`` and ``explanation``. Persons never
match organisations, and invalid identifiers never raise a score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from graphsvc.model import Record, identifiers_of, names_of
from graphsvc.namefold import phonetic_key
from graphsvc.resolve.consistency import Profile, date_parts, dates_agree
from graphsvc.resolve.identifiers import (
    CONFLICT_SCHEMES,
    can_merge,
    identifier_key,
    scheme_of,
)
from graphsvc.resolve.names import PERSON_SCHEMATA, NameForm, name_keys, name_symbols

AUTO_MATCH = 0.9  # at or above: merged without a person looking
REVIEW = 0.7  # [REVIEW, AUTO_MATCH): shown to an investigator to judge

MAX_NAMES = 8  # names per record compared (primary names come first)

ORG_SCHEMATA = frozenset({"LegalEntity", "Organization", "Company", "PublicBody"})
_COUNTRY_PROPS = ("country", "jurisdiction", "nationality", "citizenship", "mainCountry")
_BIRTH_PROPS = ("birthDate",)
_INCORP_PROPS = ("incorporationDate",)
_GENDERS = frozenset({"male", "female"})  # FtM's "other" says nothing a conflict can use

# Feature weights (additive adjustments to the name score).
W_COUNTRY_AGREE = 0.03
W_COUNTRY_CONFLICT_ORG = -0.35
W_COUNTRY_CONFLICT_PERSON = -0.15
W_BIRTH_AGREE = 0.05
W_BIRTH_CONFLICT = -0.5
W_INCORP_AGREE = 0.03
W_INCORP_CONFLICT = -0.35
W_ID_CONFLICT = -0.4
W_PATRONYMIC_AGREE = 0.03
W_PATRONYMIC_CONFLICT = -0.35
W_DIGITS_CONFLICT = -0.3
W_SIBLING_SCHEMA = -0.03
W_INITIAL_CONFLICT = -0.3
GENDERED_FORM_SIM = 0.5
SKELETON_SIM = 0.93  # org names with equal consonant skeletons (Rostec/Rostekh)
ACRONYM_SIM = 0.9  # "MTS" ~ "Mobile TeleSystems"
SINGLE_TOKEN_PERSON_CAP = 0.85  # "Chemezov" alone never auto-matches
SAME_PART = 0.95  # a name part at least this close is the same part, spelled otherwise
# A part that differs after transliteration (Petrakov/Petranov) is another name: on
# names alone such a pair is for a person to review. A birth date and a country that
# both agree can still carry it over AUTO_MATCH.
PART_DIFFERS_CAP = 0.84


@dataclass(frozen=True, slots=True)
class MatchInput:
    """What the matcher needs to know about one record."""

    id: str
    schema: str
    names: tuple[str, ...]
    countries: frozenset[str] = frozenset()
    identifiers: frozenset[str] = frozenset()  # valid keys, "inn:7704734000"
    invalid_identifiers: frozenset[str] = frozenset()  # kept, flagged, never merged on
    birth_dates: tuple[str, ...] = ()
    incorporation_dates: tuple[str, ...] = ()
    topics: frozenset[str] = frozenset()
    genders: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        id: str,
        schema: str,
        names: Iterable[str],
        *,
        countries: Iterable[str] = (),
        identifiers: Iterable[tuple[str, str]] = (),
        birth_dates: Iterable[str] = (),
        incorporation_dates: Iterable[str] = (),
        topics: Iterable[str] = (),
        genders: Iterable[str] = (),
    ) -> MatchInput:
        """From raw values; identifiers are (scheme, value) and get validated here."""
        valid: set[str] = set()
        invalid: set[str] = set()
        for scheme, value in identifiers:
            key, ok = identifier_key(scheme, value)
            (valid if ok else invalid).add(key)
        return cls(
            id=id,
            schema=schema,
            names=tuple(dict.fromkeys(n for n in names if n and n.strip())),
            countries=frozenset(c.strip().lower() for c in countries if c and c.strip()),
            identifiers=frozenset(valid),
            invalid_identifiers=frozenset(invalid),
            birth_dates=tuple(birth_dates),
            incorporation_dates=tuple(incorporation_dates),
            topics=frozenset(topics),
            genders=frozenset(g.strip().lower() for g in genders if g and g.strip()),
        )

    @classmethod
    def from_record(cls, record: Record) -> MatchInput:
        props = record.properties
        countries = [c for p in _COUNTRY_PROPS for c in props.get(p, ())]
        jurisdictions = {c.lower() for c in props.get("jurisdiction", props.get("country", ()))}
        ids: list[tuple[str, str]] = []
        for scheme, value in identifiers_of(record):
            if scheme == "reg" and len(jurisdictions) == 1:
                scheme = f"reg:{next(iter(jurisdictions))}"
            ids.append((scheme, value))
        return cls.build(
            record.id,
            record.schema,
            names_of(record),
            countries=countries,
            identifiers=ids,
            birth_dates=[d for p in _BIRTH_PROPS for d in props.get(p, ())],
            incorporation_dates=[d for p in _INCORP_PROPS for d in props.get(p, ())],
            topics=props.get("topics", ()),
            genders=props.get("gender", ()),
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MatchInput:
        """From a plain dict: id, schema, names (or name), countries, identifiers as a
        mapping scheme -> value(s) or a list of [scheme, value], birth_dates,
        incorporation_dates, topics."""

        def _list(key: str) -> list[str]:
            value = data.get(key) or []
            return [value] if isinstance(value, str) else [str(v) for v in value]

        raw_ids = data.get("identifiers") or []
        pairs: list[tuple[str, str]] = []
        if isinstance(raw_ids, Mapping):
            for scheme, values in raw_ids.items():
                for v in [values] if isinstance(values, str) else values:
                    pairs.append((str(scheme), str(v)))
        else:
            pairs = [(str(s), str(v)) for s, v in raw_ids]
        return cls.build(
            str(data["id"]),
            str(data["schema"]),
            _list("names") or _list("name"),
            countries=_list("countries") or _list("country"),
            identifiers=pairs,
            birth_dates=_list("birth_dates") or _list("birthDate"),
            incorporation_dates=_list("incorporation_dates") or _list("incorporationDate"),
            topics=_list("topics"),
            genders=_list("genders") or _list("gender"),
        )


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


@dataclass(frozen=True, slots=True)
class Prepared:
    """A ``MatchInput`` with its names normalised once, for scoring many pairs."""

    input: MatchInput
    forms: tuple[NameForm, ...]
    mergeable_ids: frozenset[str]
    conflict_ids: Mapping[str, frozenset[str]]  # scheme -> keys, CONFLICT_SCHEMES only
    profile: Profile | None  # what the record says of its entity that another cannot share


def prepare(item: MatchInput) -> Prepared:
    names = item.names[:MAX_NAMES]
    forms = tuple(name_keys(n, item.schema) for n in names)
    by_scheme: dict[str, set[str]] = {}
    for key in item.identifiers:
        s = scheme_of(key)
        if s in CONFLICT_SCHEMES:
            by_scheme.setdefault(s, set()).add(key)
    mergeable = frozenset(k for k in item.identifiers if can_merge(k))
    conflict_ids = {s: frozenset(v) for s, v in by_scheme.items()}
    profile = None  # most records say nothing a conflict could use: no object for them
    if item.birth_dates or item.incorporation_dates or item.genders or item.countries or mergeable:
        profile = Profile(
            person=item.schema in PERSON_SCHEMATA,
            born=tuple(dict.fromkeys(d for d in map(date_parts, item.birth_dates) if d)),
            incorporated=tuple(
                dict.fromkeys(d for d in map(date_parts, item.incorporation_dates) if d)
            ),
            genders=tuple(sorted(item.genders & _GENDERS)),
            countries=item.countries,
            ids=mergeable,
            conflict_ids=conflict_ids or None,
        )
    return Prepared(
        input=item,
        forms=forms,
        mergeable_ids=mergeable,
        conflict_ids=conflict_ids,
        profile=profile,
    )


# --- schema ------------------------------------------------------------------
_ANCESTORS: Mapping[str, frozenset[str]] = {
    "LegalEntity": frozenset({"LegalEntity"}),
    "Organization": frozenset({"Organization", "LegalEntity"}),
    "Company": frozenset({"Company", "Organization", "LegalEntity"}),
    "PublicBody": frozenset({"PublicBody", "Organization", "LegalEntity"}),
    "Person": frozenset({"Person", "LegalEntity"}),
    "Vessel": frozenset({"Vessel"}),
    "Airplane": frozenset({"Airplane"}),
}


def schema_compatibility(a: str, b: str) -> float:
    """1.0 if one schema is the other or its ancestor; 0.5 for Company~PublicBody (state
    corporations are filed as either); 0.0 otherwise (Person never matches Company)."""
    if a == b:
        return 1.0
    anc_a = _ANCESTORS.get(a, frozenset({a}))
    anc_b = _ANCESTORS.get(b, frozenset({b}))
    if a in anc_b or b in anc_a:
        return 1.0
    if {a, b} == {"Company", "PublicBody"}:
        return 0.5
    return 0.0


# --- names -------------------------------------------------------------------
def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100.0


def _collapse_acronym(short: NameForm, long: NameForm) -> tuple[str, ...] | None:
    """Replace a run of ``long``'s words by a token of ``short`` that is its acronym."""
    words = long.words if long.words else long.core_tokens
    for tok in short.core_tokens:
        n = len(tok)
        if not (2 <= n <= 6 and tok.isalpha()) or n > len(words):
            continue
        for i in range(len(words) - n + 1):
            if all(words[i + k][0] == tok[k] for k in range(n)):
                return (*words[:i], tok, *words[i + n :])
    return None


def org_name_similarity(a: NameForm, b: NameForm) -> tuple[float, str]:
    if a.core == b.core:
        return 1.0, "same name"
    r = max(_ratio(a.core, b.core), _ratio(a.concat, b.concat))
    if len(a.core_tokens) > 1 or len(b.core_tokens) > 1:
        r = max(r, fuzz.token_sort_ratio(a.core, b.core) / 100.0)
    how = f"fuzzy {r:.2f}"
    fuzzy = r
    r = _steepen(r)
    if len(a.skeleton) >= 3 and a.skeleton == b.skeleton and fuzzy >= 0.6 and r < SKELETON_SIM:
        r, how = SKELETON_SIM, f"same transliteration skeleton '{a.skeleton}'"
    if r < ACRONYM_SIM:
        for short, long in ((a, b), (b, a)):
            collapsed = _collapse_acronym(short, long)
            if collapsed is not None:
                rest = " ".join(collapsed)
                if rest == short.core or _ratio(rest, short.core) >= 0.9:
                    r, how = ACRONYM_SIM, f"acronym '{short.core}' of '{long.core}'"
                    break
    if a.digits != b.digits and (a.digits or b.digits):
        r += W_DIGITS_CONFLICT
        how += f"; numbers differ {a.digits} vs {b.digits}"
    return r, how


def _token_sim(x: str, y: str) -> float:
    """One person-name part against another; near misses fall off steeply."""
    if x == y:
        return 1.0
    if x + "a" == y or y + "a" == x:  # Aleksandr/Aleksandra, Shatrov/Shatrova
        return GENDERED_FORM_SIM
    r = _ratio(x, y)
    if r >= 0.6 and len(x) > 2 and len(y) > 2 and phonetic_key(x) == phonetic_key(y):
        return max(r, SAME_PART)
    if r < SAME_PART and not name_symbols(x).isdisjoint(name_symbols(y)):
        return SAME_PART  # one name in rigour's name data: Sasha/Aleksandr, Bill/William
    return _steepen(r)


def _join_split_parts(short: tuple[str, ...], long: tuple[str, ...]) -> tuple[str, ...]:
    """The longer name's parts, with two neighbours joined where the other name writes
    them as one word ("Abdul Rahman" / "Abdulrahman")."""
    if len(long) < 2:
        return long
    whole = set(short)
    out = list(long)
    i = 0
    while i < len(out) - 1:
        joined = out[i] + out[i + 1]
        if joined in whole and out[i] not in whole and out[i + 1] not in whole:
            out[i : i + 2] = [joined]
        else:
            i += 1
    return tuple(out)


def _steepen(r: float) -> float:
    """Below 0.9 a fuzzy ratio mostly measures shared letters, not shared identity."""
    return r if r >= 0.9 else max(0.0, r - (0.9 - r))


def person_name_similarity(a: NameForm, b: NameForm) -> tuple[float, str]:
    if not a.parts or not b.parts:
        return _ratio(a.normalised, b.normalised), "fuzzy full name"
    s, l = (a, b) if len(a.parts) <= len(b.parts) else (b, a)  # noqa: E741
    s_parts = s.parts
    l_parts = _join_split_parts(s_parts, l.parts)
    if len(l_parts) < len(s_parts):
        s_parts, l_parts = l_parts, s_parts
    pairs = sorted(
        ((_token_sim(x, y), i, j) for i, x in enumerate(s_parts) for j, y in enumerate(l_parts)),
        reverse=True,
    )
    used_s: set[int] = set()
    used_l: set[int] = set()
    best: dict[int, float] = {}
    for sim, i, j in pairs:
        if i in used_s or j in used_l:
            continue
        used_s.add(i)
        used_l.add(j)
        best[i] = sim
    sims = [best.get(i, 0.0) for i in range(len(s_parts))]
    base = sum(sims) / len(sims)
    notes = [f"parts {base:.2f}"]
    worst = min(sims)
    if len(sims) >= 2 and worst < 0.6:
        base = min(base, 0.5)
        notes.append("a name part differs")
    # Initials of the shorter name cover the longer name's unmatched parts.
    unmatched = [l_parts[j] for j in range(len(l_parts)) if j not in used_l]
    covered = len(used_l)
    for ini in s.initials:
        hit = next((u for u in unmatched if u[0] == ini), None)
        if hit is not None:
            unmatched.remove(hit)
            covered += 1
        elif unmatched:
            base += W_INITIAL_CONFLICT
            notes.append(f"initial '{ini}' fits no part")
    coverage = covered / len(l_parts)
    score = base * (0.75 + 0.25 * coverage)
    if len(s_parts) == 1 and not s.initials and len(l_parts) > 1:
        score = min(score, SINGLE_TOKEN_PERSON_CAP)
        notes.append("single name part")
    if worst < SAME_PART and score > PART_DIFFERS_CAP:
        score = PART_DIFFERS_CAP
        notes.append("a name part is spelled differently beyond transliteration")
    if a.patronymics and b.patronymics:
        pa, pb = a.patronymics[0], b.patronymics[0]
        if pa == pb or _token_sim(pa, pb) >= 0.8:
            score += W_PATRONYMIC_AGREE
            notes.append("patronymic agrees")
        else:
            score += W_PATRONYMIC_CONFLICT
            notes.append(f"patronymic differs ({pa} vs {pb})")
    return score, ", ".join(notes)


def name_similarity(
    a: Sequence[NameForm], b: Sequence[NameForm], person: bool
) -> tuple[float, str, str, str]:
    """Best similarity over all name pairs: (score, how, name a, name b)."""
    best = (-1.0, "", "", "")
    for fa in a:
        for fb in b:
            if person:
                sim, how = person_name_similarity(fa, fb)
            else:
                sim, how = org_name_similarity(fa, fb)
            if sim > best[0]:
                best = (sim, how, fa.original, fb.original)
                if sim >= 1.0:
                    return best
    return best


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
