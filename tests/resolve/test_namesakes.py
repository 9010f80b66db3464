"""Namesakes from the official lists are never merged, even when chained.

The corpus (tests/resolve/public/namesakes.yaml) holds groups of list entries
that share a name but are different people or organisations by the lists' own
data: another birth date, nationality or entry. Each group is resolved together
with records that chain them: the same name with nothing else (as a news
article or a claim gives it), in Latin and, where published, in its original
script. No two entries of one group may end in one entity, and every link the
resolver refused for a conflict is in the review queue with its reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from graphsvc.resolve.pipeline import Resolution, resolve
from graphsvc.resolve.score import MatchInput

CORPUS = Path(__file__).resolve().parent / "public" / "namesakes.yaml"


def _groups() -> list[dict[str, Any]]:
    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    groups: list[dict[str, Any]] = data["groups"]
    return groups


def _inputs(group: dict[str, Any]) -> list[MatchInput]:
    out = []
    for rec in group["records"]:
        out.append(
            MatchInput.from_dict(
                {
                    "id": rec["id"],
                    "schema": rec["schema"],
                    "names": rec["names"],
                    "countries": rec.get("countries") or [],
                    "birth_dates": [str(d) for d in rec.get("birth_dates") or []],
                    "identifiers": rec.get("identifiers") or {},
                    "genders": [rec["gender"]] if rec.get("gender") else [],
                }
            )
        )
    # Chain records: each name of each entry alone, with no date, country or id.
    schema = group["records"][0]["schema"]
    names = dict.fromkeys(n for rec in group["records"] for n in rec["names"])
    for n, name in enumerate(names):
        out.append(MatchInput.from_dict({"id": f"chain:{n}", "schema": schema, "names": [name]}))
    return out


def _entries(res: Resolution, group: dict[str, Any]) -> dict[str, set[str]]:
    """canonical id -> list entries (not chain records) in it."""
    out: dict[str, set[str]] = {}
    for rec in group["records"]:
        out.setdefault(res.clusters[rec["id"]], set()).add(rec["id"])
    return out


def test_the_corpus_is_real_and_sourced() -> None:
    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    groups = data["groups"]
    assert len(groups) >= 20
    for group in groups:
        assert len(group["records"]) >= 2, group["group"]
        for rec in group["records"]:
            assert rec["source"] in data["sources"], rec["id"]


@pytest.mark.parametrize("group", _groups(), ids=lambda g: str(g["group"]))
def test_namesakes_are_never_merged(group: dict[str, Any]) -> None:
    res = resolve(_inputs(group))
    merged = [ids for ids in _entries(res, group).values() if len(ids) > 1]
    assert not merged, f"{group['why']}: merged {merged}"
    # Every refused link waits for a person, with its reason.
    refused = [r for r in res.review if r.conflict is not None]
    assert res.stats.rejected_by_conflict == len(refused)
    for pair in refused:
        assert pair.result.explanation[-1] == f"not merged: {pair.conflict}"


def test_the_chains_are_tested(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the whole-cluster check, the chain records would merge most groups:
    the corpus exercises the check, or the test above would prove little."""
    monkeypatch.setattr("graphsvc.resolve.cluster.conflict", lambda *_a, **_k: None)
    merged = 0
    for group in _groups():
        res = resolve(_inputs(group))
        merged += any(len(ids) > 1 for ids in _entries(res, group).values())
    assert merged >= len(_groups()) * 3 // 4
