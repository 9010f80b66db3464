"""org-id.guide identifier schemes (``RU-INN``, ``GB-COH``, ``XI-LEI``) to properties.

OCDS and BODS both name organisations' identifiers this way. Schemes that
graphsvc validates get their own property; tax schemes become ``taxNumber``;
any other scheme is a ``registrationNumber`` of the scheme's country.
"""

from __future__ import annotations

import re

from graphsvc.model import Record

_SCHEME_PROPS = {
    "RU-INN": "innCode",
    "RU-OGRN": "ogrnCode",
    "RU-KPP": "kppCode",
    "RU-OKPO": "okpoCode",
    "XI-LEI": "leiCode",
}
_TAX_SCHEME = re.compile(r"^[A-Z]{2}-(?:VAT|TIN|TAX|CUI|NIF|CNPJ|RFC)$")
# Scheme prefixes that are not countries: XI international, XM/XR regional ...
_NON_COUNTRY = re.compile(r"^X[A-Z]$")


def add_identifier(rec: Record, scheme: str | None, value: str | None) -> None:
    if not scheme or not value:
        return
    scheme = scheme.strip().upper()
    if scheme in _SCHEME_PROPS:
        rec.add(_SCHEME_PROPS[scheme], value)
    elif _TAX_SCHEME.match(scheme):
        rec.add("taxNumber", value)
    else:
        rec.add("registrationNumber", value)
    prefix = scheme.split("-", 1)[0]
    if len(prefix) == 2 and prefix.isalpha() and not _NON_COUNTRY.match(prefix):
        rec.add("jurisdiction", prefix.lower())
