"""docs/settings.md lists every setting: each field of Settings has a row."""

from __future__ import annotations

import re
from pathlib import Path

from graphsvc.settings import Settings

DOC = Path(__file__).resolve().parent.parent / "docs" / "settings.md"

# A table row whose first cell is a variable: | `GRAPHSVC_NAME` | ...
_ROW = re.compile(r"^\|\s*`(GRAPHSVC_[A-Z0-9_]+)`\s*\|", re.MULTILINE)


def documented() -> set[str]:
    return set(_ROW.findall(DOC.read_text(encoding="utf-8")))


def expected() -> set[str]:
    prefix = Settings.model_config.get("env_prefix", "")
    return {f"{prefix}{name}".upper() for name in Settings.model_fields}


def test_every_setting_is_documented() -> None:
    missing = sorted(expected() - documented())
    assert not missing, f"docs/settings.md lacks a row for: {', '.join(missing)}"


def test_no_documented_setting_is_unknown() -> None:
    unknown = sorted(documented() - expected())
    assert not unknown, f"docs/settings.md documents settings that do not exist: {unknown}"
