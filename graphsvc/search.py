"""Cross-script name search: full-text candidates, re-ranked with rapidfuzz.

The index holds every name with its ASCII transliteration and a compact form
without spaces or punctuation ("N-Tech Lab" -> "ntechlab"); the query is
transliterated the same way, so "Н-Тех.Лаб", "NtechLab" and "N-Tech Lab"
meet. User text reaches Lucene only escaped, as a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from normality import ascii_text
from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from rigour.names import remove_org_types

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
    return (ascii_text(text) or "").lower()


def words_folded(folded: str) -> list[str]:
    """The words of folded text, as a query splits them."""
    return _WORD.findall(folded)


def compact(text: str) -> str:
    return compact_folded(fold(text))


def compact_folded(folded: str) -> str:
    """The compact form of text already folded: its letters and digits only."""
    if folded.isascii():
        return folded.encode("ascii").translate(None, _NOT_COMPACT_BYTES).decode("ascii")
    return folded.translate(_NOT_COMPACT)  # not from fold(): keep what is not ASCII


def escape(term: str) -> str:
    return _LUCENE_SPECIAL.sub(r"\\\1", term)


def lucene_queries(text: str) -> tuple[str, str | None] | None:
    """Two Lucene queries for a name: names with every word of it, or its
    compact form; then, for when no entity has them, names with any of its
    words (None when that is the same query, for a single word). None when
    nothing searchable is left.

    A word of five letters or more matches within one edit; shorter words
    match exactly. Legal forms (OOO, PJSC, LLC, ...) are left out of the
    words when others remain: hundreds of thousands of companies share them,
    so each costs a walk over that many index entries and sorts nothing; the
    compact form, which keeps them, still rewards a name that has the same
    form.

    Why every word first: with any word, a name of common words brings
    thousands of index hits that share one word with it, the index keeps its
    best candidates by a score that barely tells them apart, and Lucene
    scores them all. On the generated 1M graph, asking for every word first
    found the bench's search names' entity first 72 and in the first ten 88
    times of 100 (any word only: 67 and 79), in half the index time.

    One edit in a word of four letters or fewer matches many common words
    ("volu" meets "vol", "volo", "volk", ...), and a compact form begins with
    the legal form that hundreds of thousands of compact forms share, so
    Lucene's walk of the terms within one edit of it is long: on the
    generated 1M graph, fuzzy short words and a fuzzy compact form were a
    fifth of a search's time and found no more."""
    folded = fold(text)
    words = words_folded(folded)[:12]
    if not words:
        return None
    core = words_folded(remove_org_types(folded))[:12] or words
    terms = [f"{escape(w)}~1" if len(w) >= FUZZY_MIN_CHARS else escape(w) for w in core]
    whole = compact(text)
    extra = [escape(whole)] if len(words) > 1 and len(whole) > 3 else []
    every = " OR ".join(f"({c})" for c in [" ".join(f"+{t}" for t in terms), *extra])
    if len(terms) == 1:
        return every, None
    return every, " OR ".join(f"({c})" for c in [" ".join(terms), *extra])


def folded_names(names: Sequence[str]) -> list[str]:
    """Names as ``rank`` compares them, stored on each entity when it is
    built: transliterating every candidate's names at query time was most of
    a search's cost in the API."""
    return [fold(name) for name in names]


def rank(query: str, candidates: Sequence[dict[str, Any]]) -> list[tuple[float, dict[str, Any]]]:
    """Score candidates 0..1 by their best name against the query. A candidate
    brings its ``folded`` names (see ``folded_names``), or its ``names`` (or
    caption) to fold here."""
    q = fold(query)
    qc = compact(query)
    names: list[str] = []
    owner: list[int] = []
    for i, entity in enumerate(candidates):
        folded = entity.get("folded") or folded_names(
            entity.get("names") or [entity.get("caption") or ""]
        )
        names.extend(folded)
        owner.extend([i] * len(folded))
    if not names:
        return []
    # Every name in one C++ loop each: a Python call per name and scorer was
    # a third of the ranking's time on the 125 candidates a search brings.
    # float64, so the scores are the ones the scorers return one by one.
    best_name = np.maximum(
        cdist([q], names, scorer=fuzz.WRatio, dtype=np.float64)[0],
        cdist([qc], [compact_folded(n) for n in names], scorer=fuzz.ratio, dtype=np.float64)[0],
    )
    best = np.zeros(len(candidates))
    np.maximum.at(best, np.asarray(owner), best_name)
    scored = [(round(float(b) / 100.0, 4), e) for b, e in zip(best, candidates, strict=True)]
    scored.sort(key=lambda pair: (-pair[0], pair[1].get("caption") or "", pair[1]["id"]))
    return scored
