"""One name pipeline: how every name is folded to ASCII and keyed by sound.

Search (the full-text index and its queries), ``/match`` and the resolver all use
these functions, so a spelling one of them treats as the same name the others treat
as the same name too.

Invariant: every function here is pure; ``fold`` gives lowercase ASCII with the
text's punctuation, ``clean`` the same with punctuation as single spaces, and
``phonetic_key`` maps the Latin spellings of one Cyrillic name (Shatrov/Shatrou,
Rostec/Rostekh, Yevgeniy/Evgenij) to one key.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from rigour.text.translit import ascii_text

# --- transliteration ---------------------------------------------------------
# rigour's ``maybe_ascii`` gives good spellings but costs ~150 us per uncached
# string; a translate table does Cyrillic in well under 1 us. Spellings follow
# BGN/PCGN-like practice (х -> kh, ц -> ts, й -> i); other scripts fall back to
# ``rigour.text.translit.ascii_text`` (ICU via normality), cached.
_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u", "ʼ": "", "ђ": "dj",
    "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "g", "ќ": "k", "ѕ": "dz",
}  # fmt: skip
# Belarusian and Ukrainian: г is h, и (uk) is y.
_BE = {**_RU, "г": "h", "ў": "u", "і": "i"}
_UK = {**_RU, "г": "h", "и": "y", "і": "i", "ї": "yi", "є": "ye", "й": "i"}
# Latin letters that NFKD does not decompose, and Belarusian/Czech hacheks.
_LATIN = {
    "š": "sh", "č": "ch", "ž": "zh", "ŭ": "u", "ł": "l", "ß": "ss", "æ": "ae", "ø": "o",
    "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ś": "s", "ć": "c", "ź": "z",
}  # fmt: skip

_T_RU = str.maketrans({**_RU, **_LATIN})
_T_BE = str.maketrans({**_BE, **_LATIN})
_T_UK = str.maketrans({**_UK, **_LATIN})


def transliterate(text: str) -> str:
    """Casefolded text in any script -> ASCII (lowercase in, lowercase out)."""
    if text.isascii():
        return text
    if "ў" in text:
        table = _T_BE
    elif "ї" in text or "є" in text or "ґ" in text:
        table = _T_UK
    else:
        table = _T_RU
    out = text.translate(table)
    if out.isascii():
        return out
    out = "".join(c for c in unicodedata.normalize("NFKD", out) if not unicodedata.combining(c))
    if out.isascii():
        return out
    return _fallback_ascii(out)


@lru_cache(maxsize=65536)
def _fallback_ascii(text: str) -> str:
    out = ascii_text(text).lower()
    return out if out.isascii() else out.encode("ascii", "ignore").decode("ascii")


# --- punctuation and quotes --------------------------------------------------
# Apostrophes inside words are dropped (O'Brien -> obrien); every other quote,
# bracket, dash or symbol becomes a space. Dots become spaces too; "b v" and
# "s a r l" are rejoined by the legal-form pass.
_APOSTROPHES = "'’‘ʼ`´ʹ"
_QUOTES = '«»„“”‟"‹›‚「」『』〝〞'


def _build_punct_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for cp in range(0x20, 0x3100):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cat[0] in "PSZC":
            table[cp] = " "
    for ch in _APOSTROPHES:
        table[ord(ch)] = None
    for ch in _QUOTES:
        table[ord(ch)] = " "
    return table


_PUNCT = _build_punct_table()


def fold(text: str) -> str:
    """NFKC, casefolded, transliterated: lowercase ASCII, punctuation kept."""
    return transliterate(unicodedata.normalize("NFKC", text).casefold())


def clean(text: str) -> str:
    """NFKC, casefold, quotes and punctuation to spaces, transliterated, squashed."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_PUNCT)
    return " ".join(transliterate(text).split())


# --- skeletons ---------------------------------------------------------------
_SKEL_ENDINGS = (("ou", "ov"), ("au", "av"), ("off", "ov"), ("ow", "ov"), ("eu", "ev"))
_SKEL_SUBS = (
    ("shch", "s"), ("tsch", "k"), ("sch", "s"), ("tch", "k"), ("ch", "k"), ("kh", "k"),
    ("ck", "k"), ("sh", "s"), ("zh", "s"), ("ts", "k"), ("ph", "f"), ("x", "ks"),
)  # fmt: skip
_SKEL_TABLE = str.maketrans(
    {"w": "v", "q": "k", "c": "k", "z": "s", "h": "g", "a": "", "e": "", "i": "", "o": "",
     "u": "", "y": "", "j": ""}
)  # fmt: skip
_VOWELS = frozenset("aeiouyj")


@lru_cache(maxsize=262144)
def phonetic_key(token: str) -> str:
    """A transliteration-tolerant consonant key: Shatrov/Shatrou, Rostec/Rostekh, ..."""
    if not token:
        return ""
    t = token
    if len(t) > 3:
        for end, rep in _SKEL_ENDINGS:
            if t.endswith(end):
                t = t[: -len(end)] + rep
                break
    for a, b in _SKEL_SUBS:
        if a in t:
            t = t.replace(a, b)
    head = "a" if t[0] in _VOWELS else ""
    body = t.translate(_SKEL_TABLE)
    out = []
    prev = ""
    for ch in head + body:
        if ch != prev:
            out.append(ch)
        prev = ch
    return "".join(out)
