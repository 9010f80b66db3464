"""Identifier normalisation and check-digit validation.

Invariant: ``identifier_key(scheme, value)`` maps every spelling of one identifier to
one key ``"scheme:VALUE"``; only keys flagged valid may ever cause a merge, and
invalid ones are kept for display and review.
"""

from __future__ import annotations

import re

# Choice of implementation: python-stdnum (installed with rigour) validates INN
# (10 and 12 digits, both control digits) and LEI (ISO 17442, ISO 7064 mod 97-10);
# we use it for those. OGRN/OGRNIP are implemented here from the published rule
# ((first 12 digits mod 11) mod 10; (first 14 digits mod 13) mod 10) because
# stdnum's 15-digit check compares a two-digit remainder with one digit and
# rejects valid OGRNIPs whose remainder is 10-12. KPP has no check digit:
# 4 digits (tax office), 2 digits or capital letters (reason), 3 digits.
from stdnum import lei as _lei
from stdnum.ru import inn as _inn

# Schemes that identify one legal person or thing: a shared valid key merges.
STRONG_SCHEMES: frozenset[str] = frozenset(
    {"inn", "ogrn", "lei", "ofac", "eu", "uk", "un", "wikidata", "imo", "okpo", "bic",
     "reg", "tax", "passport", "id"}
)  # fmt: skip
# Schemes where two different valid values on the two sides mean two entities.
# (List references are excluded: one entity may be listed twice.)
CONFLICT_SCHEMES: frozenset[str] = frozenset({"inn", "ogrn", "lei", "imo", "okpo", "wikidata"})
# KPP names a tax office and reason code shared by many companies: never merges.
WEAK_SCHEMES: frozenset[str] = frozenset({"kpp"})

_STRIP = re.compile(r"[\s\-./_:]+")
_KPP = re.compile(r"^\d{4}[0-9A-Z]{2}\d{3}$")
_QID = re.compile(r"^Q[1-9]\d*$")
_IMO = re.compile(r"^(?:IMO)?(\d{7})$")


def _inn_ok(value: str) -> bool:
    return len(value) in (10, 12) and value.isdigit() and bool(_inn.is_valid(value))


def ogrn_valid(value: str) -> bool:
    """OGRN (13 digits) or OGRNIP (15 digits) with a correct control digit."""
    if not value.isdigit():
        return False
    if len(value) == 13:
        return value[0] != "0" and int(value[:12]) % 11 % 10 == int(value[12])
    if len(value) == 15:
        return value[0] in "34" and int(value[:14]) % 13 % 10 == int(value[14])
    return False


def lei_valid(value: str) -> bool:
    """ISO 17442: 20 alphanumerics, ISO 7064 mod 97-10 check."""
    return len(value) == 20 and value.isalnum() and bool(_lei.is_valid(value))


def kpp_valid(value: str) -> bool:
    return bool(_KPP.match(value))


def _imo_valid(value: str) -> bool:
    m = _IMO.match(value)
    if m is None:
        return False
    digits = m.group(1)
    total = sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(digits[6])


def normalise_value(scheme: str, value: str) -> str:
    """Strip separators and case; schemes keep their own canonical shape."""
    v = _STRIP.sub("", value.strip()).upper()
    if scheme == "wikidata" and v.isdigit():
        v = "Q" + v
    if scheme == "imo" and v.startswith("IMO"):
        v = v[3:]
    return v


def identifier_key(scheme: str, value: str) -> tuple[str, bool]:
    """``("inn:7704734000", True)``: the normalised key and whether it is valid.

    Schemes without a published check are valid when non-empty. ``reg`` values
    should carry their jurisdiction in ``scheme`` (``"reg:by"``) when known.
    """
    scheme = scheme.lower()
    v = normalise_value(scheme.split(":", 1)[0], value)
    base = scheme.split(":", 1)[0]
    valid: bool
    if base == "inn":
        valid = _inn_ok(v)
    elif base == "ogrn":
        valid = ogrn_valid(v)
    elif base == "lei":
        valid = lei_valid(v)
    elif base == "kpp":
        valid = kpp_valid(v)
    elif base == "wikidata":
        valid = bool(_QID.match(v))
    elif base == "imo":
        valid = _imo_valid(v)
    elif base == "okpo":
        valid = v.isdigit() and len(v) in (8, 10)
    else:
        valid = bool(v)
    return f"{scheme}:{v}", valid


def scheme_of(key: str) -> str:
    """The base scheme of a key: ``"reg:by:190950894"`` -> ``"reg"``."""
    return key.split(":", 1)[0]


def can_merge(key: str) -> bool:
    """Whether a (valid) key is specific enough to merge two records on its own."""
    return scheme_of(key) in STRONG_SCHEMES
