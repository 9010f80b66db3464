"""Cross-script name search: full-text candidates, re-ranked with rapidfuzz.

The index holds every name with its ASCII transliteration, a compact form
without spaces or punctuation ("N-Tech Lab" -> "ntechlab") and a sound key of
each word (see ``sound_keys``); the query is transliterated the same way, so
"Н-Тех.Лаб", "NtechLab" and "N-Tech Lab" meet, and so do "Yevgeniy
Viktorovich Koseuk" and "Кощеук Евгений Викторович" ("koshcheuk evgenii
viktorovich", both keyed "ksk avgn vktrvk"). Folding and keys are
graphsvc.namefold's, the resolver's own. User text reaches Lucene only
escaped, as a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from rigour.names import remove_org_types

from graphsvc import namefold
from graphsvc.namefold import phonetic_key

_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
_WORD = re.compile(r"[a-z0-9]+")
MAX_QUERY_CHARS = 200
FUZZY_MIN_CHARS = 5  # shorter words are matched exactly; see lucene_queries
# Folded text is lower-case ASCII: deleting every other ASCII character gives
# its compact form in one C call (a regex over words costs more). On bytes the
# deletion is a table lookup per byte, four times faster than str.translate's
# mapping lookup per character; a search compacts the ~1,000 names it ranks.
_NOT_COMPACT_CHARS = "".join(chr(c) for c in range(128) if not chr(c).isalnum() or chr(c).isupper())
_NOT_COMPACT = str.maketrans("", "", _NOT_COMPACT_CHARS)
_NOT_COMPACT_BYTES = _NOT_COMPACT_CHARS.encode("ascii")


def fold(text: str) -> str:
    """Search folds names as the resolver and ``/match`` do."""
    return namefold.fold(text)


def words_folded(folded: str) -> list[str]:
    """The words of folded text, as a query splits them. An apostrophe is not
    a break: it is how a soft or hard sign transliterates ("Юрьевич" ->
    "ur'evic"), and "Moscow's" is one word too."""
    return _WORD.findall(folded.translate(_APOSTROPHES))


_APOSTROPHES = str.maketrans("", "", "'`")
KEY_MIN_CHARS = 4  # shorter words have no sound key: too many words share it
KEY_MIN_KEY = 3  # nor have words whose key is shorter ("tech" -> "tk"), for the same reason
KEY_MARK = "_"  # keeps keys apart from words in the index: "_" is part of a token


def sound_keys(folded: str) -> list[str]:
    """The index tokens of the sound keys of a folded name's words: the resolver's
    phonetic key (graphsvc.namefold), so that search joins the spellings the
    resolver joins."""
    keys = [k for w in words_folded(folded) if (k := word_key(w)) is not None]
    return [KEY_MARK + k for k in dict.fromkeys(keys)]


def compact(text: str) -> str:
    return compact_folded(fold(text))


def compact_folded(folded: str) -> str:
    """The compact form of text already folded: its letters and digits only."""
    if folded.isascii():
        return folded.encode("ascii").translate(None, _NOT_COMPACT_BYTES).decode("ascii")
    return folded.translate(_NOT_COMPACT)  # not from fold(): keep what is not ASCII


def escape(term: str) -> str:
    return _LUCENE_SPECIAL.sub(r"\\\1", term)


class LuceneQueries(NamedTuple):
    """The index queries of a name, each asked only when the one before it
    found nothing (after the filters); None where it would be the one before."""

    every: str  # every word, as written or sounding alike; or the compact form
    every_near: str | None  # every word, also within one edit
    any_near: str | None  # any word, as every_near matches it


def lucene_queries(text: str) -> LuceneQueries | None:
    """The Lucene queries for a name (see ``LuceneQueries``); None when
    nothing searchable is left.

    A word of four letters or more also matches by its sound key
    (``sound_keys``), which joins the ways of writing one Cyrillic name in
    Latin letters; one of five letters or more, from the second query on,
    within one edit (a typo). Legal forms (OOO, PJSC, LLC, ...) are left out
    of the words when others remain: hundreds of thousands of companies share
    them, so each costs a walk over that many index entries and sorts
    nothing; the compact form, which keeps them, still rewards a name that
    has the same form.

    Why every word first: with any word, a name of common words brings
    thousands of index hits that share one word with it, the index keeps its
    best candidates by a score that barely tells them apart, and Lucene
    scores them all. Why exact words and sound keys before edits: a word
    within one edit is a walk of the index's terms, and "vladimirovich~1"
    matches tens of thousands of names. Asking exact words first put more
    entities first and took less index time (BENCHMARKS.md, measurements
    behind design choices).

    One edit in a word of four letters or fewer matches many common words
    ("volu" meets "vol", "volo", "volk", ...), and a compact form begins with
    the legal form that hundreds of thousands of compact forms share, so
    Lucene's walk of the terms within one edit of it is long: neither is
    asked."""
    folded = fold(text)
    words = words_folded(folded)[:12]
    if not words:
        return None
    core = words_folded(remove_org_types(folded))[:12] or words
    whole = compact(text)
    extra = [escape(whole)] if len(words) > 1 and len(whole) > 3 else []

    def query(terms: list[str], required: bool) -> str:
        words_clause = " ".join(f"+{t}" if required else t for t in terms)
        return " OR ".join(f"({c})" for c in [words_clause, *extra])

    exact = [_word_clause(w, near=False) for w in core]
    near = [_word_clause(w, near=True) for w in core]
    every_near = query(near, True) if near != exact else None
    return LuceneQueries(
        every=query(exact, True),
        every_near=every_near,
        any_near=query(near, False) if len(core) > 1 else None,
    )


def _word_clause(word: str, near: bool) -> str:
    text = f"{escape(word)}~1" if near and len(word) >= FUZZY_MIN_CHARS else escape(word)
    key = word_key(word)
    if key is None:
        return text
    return f"({text} {KEY_MARK}{escape(key)})"


def word_key(word: str) -> str | None:
    """The sound key of a folded word, or None when it would say too little."""
    if len(word) < KEY_MIN_CHARS:
        return None
    key = phonetic_key(word)
    return key if len(key) >= KEY_MIN_KEY else None


def folded_names(names: Sequence[str]) -> list[str]:
    """Names as ``rank`` compares them, stored on each entity when it is
    built: transliterating every candidate's names at query time was most of
    a search's cost in the API."""
    return [fold(name) for name in names]


def rank(query: str, candidates: Sequence[dict[str, Any]]) -> list[tuple[float, dict[str, Any]]]:
    """Score candidates 0..1 by their best name against the query. A candidate
    brings its ``folded`` names (see ``folded_names``), or its ``names`` (or
    caption) to fold here."""
    best = scores(
        query,
        [
            entity.get("folded")
            or folded_names(entity.get("names") or [entity.get("caption") or ""])
            for entity in candidates
        ],
    )
    scored = list(zip(best, candidates, strict=True))
    scored.sort(key=lambda pair: (-pair[0], pair[1].get("caption") or "", pair[1]["id"]))
    return scored


def scores(query: str, folded: Sequence[Sequence[str]]) -> list[float]:
    """Each candidate's best name similarity to the query, 0..1, from its
    folded names."""
    q = fold(query)
    qc = compact(query)
    names: list[str] = []
    owner: list[int] = []
    for i, candidate_names in enumerate(folded):
        names.extend(candidate_names)
        owner.extend([i] * len(candidate_names))
    if not names:
        return [0.0] * len(folded)
    # Every name in one C++ loop each: a Python call per name and scorer was
    # a large share of the ranking's time on the candidates a search brings.
    # float64, so the scores are the ones the scorers return one by one.
    best_name = np.maximum(
        cdist([q], names, scorer=fuzz.WRatio, dtype=np.float64)[0],
        cdist([qc], [compact_folded(n) for n in names], scorer=fuzz.ratio, dtype=np.float64)[0],
    )
    best = np.zeros(len(folded))
    np.maximum.at(best, np.asarray(owner), best_name)
    return [round(float(b) / 100.0, 4) for b in best]
