from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from graphsvc.resolve.score import MatchInput

LABELLED = Path(__file__).with_name("labelled_pairs.yaml")


def load_labelled() -> list[tuple[MatchInput, MatchInput, bool, str, dict[str, Any]]]:
    rows = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    out = []
    for n, row in enumerate(rows):
        a = MatchInput.from_dict({"id": f"pair{n:03d}:a", **row["a"]})
        b = MatchInput.from_dict({"id": f"pair{n:03d}:b", **row["b"]})
        out.append((a, b, bool(row["match"]), str(row["note"]), row))
    return out


@pytest.fixture(scope="session")
def labelled() -> list[tuple[MatchInput, MatchInput, bool, str, dict[str, Any]]]:
    return load_labelled()
