"""Identifier normalisation and check-digit validation.

Invariant: ``identifier_key(scheme, value)`` maps every spelling of one identifier to
one key ``"scheme:VALUE"``; only keys flagged valid may ever cause a merge, and
invalid ones are kept for display and review.
"""

from __future__ import annotations

import re

# Choice of implementation: maintained libraries wherever they are right.
# python-stdnum checks INN (10 and 12 digits, both control digits), LEI (ISO 17442,
# mod 97-10), BIC (ISO 9362 shape and country code), ISIN (country and check digit)
# and IBAN (country length and mod 97); rigour.ids checks IMO (ship and company
# check digits) and Wikidata QIDs. OGRN/OGRNIP are implemented here from the
# published rule ((first 12 digits mod 11) mod 10; (first 14 digits mod 13) mod 10):
# stdnum's 15-digit check rejects OGRNIPs whose remainder is 10-12, and rigour's
# those whose remainder is 11-12. KPP has no check digit: 4 digits (tax office),
# 2 digits or capital letters (reason), 3 digits.
from rigour.ids import IMO as _IMO_FORMAT
from rigour.ids import WikidataQID as _QID_FORMAT
from stdnum import bic as _bic
from stdnum import iban as _iban
from stdnum import isin as _isin
from stdnum import lei as _lei
from stdnum.ru import inn as _inn

# Schemes that identify one legal person or thing: a shared valid key merges.
# An ISIN names one security: records sharing one describe it or its one issuer.
STRONG_SCHEMES: frozenset[str] = frozenset(
    {"inn", "ogrn", "lei", "ofac", "eu", "uk", "un", "wikidata", "imo", "okpo", "bic",
     "isin", "reg", "tax", "passport", "id"}
)  # fmt: skip
# Schemes where two different valid values on the two sides mean two entities.
# (List references are excluded: one entity may be listed twice. So are ISINs: one
# company issues many securities. And BICs: a bank has a head office and branches.)
CONFLICT_SCHEMES: frozenset[str] = frozenset({"inn", "ogrn", "lei", "imo", "okpo", "wikidata"})
# KPP names a tax office and reason code shared by many companies: never merges.
# (IBAN is checked but not strong either: one account can be held jointly or by an agent.)
WEAK_SCHEMES: frozenset[str] = frozenset({"kpp"})

MAX_LENGTH = 64  # no identifier scheme we key on is longer; longer values are prose

_STRIP = re.compile(r"[\s\-./_:]+")
_KPP = re.compile(r"^\d{4}[0-9A-Z]{2}\d{3}$")
_QID = re.compile(r"^Q[1-9]\d*$")
_IMO = re.compile(r"^\d{7}$")
_BIC_HEAD_OFFICE = "XXX"  # ISO 9362: the branch code of the primary office


def _digits(value: str) -> bool:
    # str.isdigit also accepts non-ASCII digits ("²", "٣") that int() rejects or keys apart.
    return value.isascii() and value.isdigit()


def _inn_ok(value: str) -> bool:
    return len(value) in (10, 12) and _digits(value) and bool(_inn.is_valid(value))


def ogrn_valid(value: str) -> bool:
    """OGRN (13 digits) or OGRNIP (15 digits) with a correct control digit."""
    if not _digits(value):
        return False
    if len(value) == 13:
        return value[0] != "0" and int(value[:12]) % 11 % 10 == int(value[12])
    if len(value) == 15:
        return value[0] in "34" and int(value[:14]) % 13 % 10 == int(value[14])
    return False


def lei_valid(value: str) -> bool:
    """ISO 17442: 20 alphanumerics, ISO 7064 mod 97-10 check."""
    return len(value) == 20 and value.isascii() and value.isalnum() and _lei.is_valid(value)


def kpp_valid(value: str) -> bool:
    return bool(_KPP.match(value))


def _bic_valid(value: str) -> bool:
    return value.isascii() and value.isalnum() and _bic.is_valid(value)


def _imo_valid(value: str) -> bool:
    # rigour also finds IMOs inside longer text and pads short runs: require the whole value.
    return bool(_IMO.match(value)) and _IMO_FORMAT.is_valid(value)


def _isin_valid(value: str) -> bool:
    return len(value) == 12 and value.isascii() and value.isalnum() and _isin.is_valid(value)


def _iban_valid(value: str) -> bool:
    return value.isascii() and value.isalnum() and _iban.is_valid(value)


def _qid_valid(value: str) -> bool:
    # rigour admits "Q0" and "Q042"; Wikidata spells items without leading zeros.
    return bool(_QID.match(value)) and _QID_FORMAT.is_valid(value)


def _plausible(value: str) -> bool:
    """No scheme accepts a value without a letter or digit, or one of prose length."""
    return 0 < len(value) <= MAX_LENGTH and any(c.isalnum() for c in value)


def normalise_value(scheme: str, value: str) -> str:
    """Strip separators and case; schemes keep their own canonical shape."""
    if scheme == "wikidata":
        value = value.strip().rsplit("/", 1)[-1]  # entity URLs end in the QID
    v = _STRIP.sub("", value.strip()).upper()
    if scheme == "wikidata" and v.isdigit():
        v = "Q" + v
    if scheme == "imo" and v.startswith("IMO"):
        v = v[3:]
    if scheme == "bic" and len(v) == 11 and v.endswith(_BIC_HEAD_OFFICE):
        v = v[:8]  # DEUTDEFFXXX is DEUTDEFF
    # A branch BIC (DEUTDEFF500) keeps its own key: neither merges nor conflicts with HQ.
    return v


def identifier_key(scheme: str, value: str) -> tuple[str, bool]:
    """``("inn:7704734000", True)``: the normalised key and whether it is valid.

    Schemes without a published check are valid when non-empty; values with no letter
    or digit, or longer than ``MAX_LENGTH``, are invalid in every scheme. ``reg``
    values should carry their jurisdiction in ``scheme`` (``"reg:by"``) when known.
    """
    scheme = scheme.lower()
    base = scheme.split(":", 1)[0]
    v = normalise_value(base, value)
    valid: bool
    if not _plausible(v):
        valid = False
    elif base == "inn":
        valid = _inn_ok(v)
    elif base == "ogrn":
        valid = ogrn_valid(v)
    elif base == "lei":
        valid = lei_valid(v)
    elif base == "kpp":
        valid = kpp_valid(v)
    elif base == "wikidata":
        valid = _qid_valid(v)
    elif base == "imo":
        valid = _imo_valid(v)
    elif base == "bic":
        valid = _bic_valid(v)
    elif base == "isin":
        valid = _isin_valid(v)
    elif base == "iban":
        valid = _iban_valid(v)
    elif base == "okpo":
        valid = _digits(v) and len(v) in (8, 10)
    else:
        valid = True
    return f"{scheme}:{v}", valid


def scheme_of(key: str) -> str:
    """The base scheme of a key: ``"reg:by:190950894"`` -> ``"reg"``."""
    return key.split(":", 1)[0]


def can_merge(key: str) -> bool:
    """Whether a (valid) key is specific enough to merge two records on its own."""
    return scheme_of(key) in STRONG_SCHEMES
