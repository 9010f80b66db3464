"""Name similarity of two records' names: organisations by fuzzy ratio, skeleton and
acronym; persons part by part, with initials and patronymics."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from graphsvc.namefold import phonetic_key
from graphsvc.resolve.names import NameForm, name_symbols

W_PATRONYMIC_AGREE = 0.03
W_PATRONYMIC_CONFLICT = -0.35
W_DIGITS_CONFLICT = -0.3
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
