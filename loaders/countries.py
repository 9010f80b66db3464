"""Country names as sanctions lists write them, to ISO-2 lower-case codes.

Uses rigour (OpenSanctions' maintained territory table, already a dependency)
rather than a hand-kept table: it knows official names ("Russian
Federation"), short forms ("Russia"), demonyms ("Belarusian") and historic
states ("USSR" -> FtM's "suhh"). Unknown text gives None; callers keep the
original wording in ``raw``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rigour.territories import lookup_territory

# Placeholders some lists put where no country is known.
_UNKNOWN = {"", "00", "unknown", "n/a", "none", "-"}
# "(1) Iraqi (2) Syrian" (UK lists) and "Russian, Belarusian" (EU journal).
_NUMBERED = re.compile(r"\(\d+\)")


@lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """One country name or code to its code, or None when not recognised."""
    if text is None:
        return None
    value = text.strip().strip(".").strip()
    if value.lower() in _UNKNOWN:
        return None
    territory = lookup_territory(value)
    if territory is None:
        return None
    code = territory.ftm_country or territory.code
    return str(code).lower() if code else None


def country_codes(text: str | None) -> list[str]:
    """Codes for a field that may list several countries; unknown parts are skipped."""
    if text is None:
        return []
    whole = country_code(text)
    if whole is not None:
        return [whole]
    out: list[str] = []
    for part in re.split(r"[;,/]|\band\b", _NUMBERED.sub(";", text)):
        code = country_code(part)
        if code is not None and code not in out:
            out.append(code)
    return out
