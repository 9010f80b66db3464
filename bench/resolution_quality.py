"""Resolution quality on labelled pairs: graphsvc's scorer vs nomenklatura logic-v2
vs plain rapidfuzz WRatio, side by side, in one run, on two sets:

- ``own``: tests/resolve/labelled_pairs.yaml, the project's pairs from the case;
- ``heldout``: bench/heldout/pairs.yaml, built from the official sanctions lists
  and never used to tune the scorer (see bench/heldout/README.md).

    .venv/bin/python bench/resolution_quality.py --json /tmp/quality.json
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphsvc.resolve.score import AUTO_MATCH, MatchInput, score

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "resolve" / "labelled_pairs.yaml"
HELDOUT = ROOT / "bench" / "heldout" / "pairs.yaml"
SETS = {"own": LABELLED, "heldout": HELDOUT}
LOGIC_V2_THRESHOLD = 0.7  # yente's default match threshold for logic-v2
WRATIO_THRESHOLD = 90.0

# MatchInput.from_dict identifier schemes / property names -> FtM properties.
_FTM_IDS = {
    "inn": "innCode",
    "innCode": "innCode",
    "ogrn": "ogrnCode",
    "kpp": "kppCode",
    "lei": "leiCode",
    "registrationNumber": "registrationNumber",
    "ofac": "idNumber",
}


def load(path: Path = LABELLED) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = data["pairs"] if isinstance(data, dict) else data
    return rows


def _ftm(side: dict[str, Any], ident: str) -> Any:
    from followthemoney import model

    entity = model.make_entity(side["schema"])
    entity.id = ident
    for name in side.get("names", []):
        entity.add("name", name)
    for c in side.get("countries", []):
        entity.add("country", c)
    for d in side.get("birth_dates", []):
        entity.add("birthDate", d)
    for g in side.get("genders", side.get("gender", [])):
        entity.add("gender", g)
    for d in side.get("incorporation_dates", []):
        entity.add("incorporationDate", d)
    for scheme, value in (side.get("identifiers") or {}).items():
        prop = _FTM_IDS.get(scheme)
        if prop and entity.schema.get(prop) is not None:
            entity.add(prop, value)
    return entity


def graphsvc_scores(rows: list[dict[str, Any]]) -> list[float]:
    out = []
    for n, row in enumerate(rows):
        a = MatchInput.from_dict({"id": f"{n}a", **row["a"]})
        b = MatchInput.from_dict({"id": f"{n}b", **row["b"]})
        out.append(score(a, b).score)
    return out


def logic_v2_scores(rows: list[dict[str, Any]]) -> list[float]:
    from nomenklatura.matching import LogicV2

    config = LogicV2.default_config()
    out = []
    for n, row in enumerate(rows):
        a, b = _ftm(row["a"], f"{n}a"), _ftm(row["b"], f"{n}b")
        out.append(float(LogicV2.compare(a, b, config).score))
    return out


def wratio_scores(rows: list[dict[str, Any]]) -> list[float]:
    out = []
    for row in rows:
        best = max(fuzz.WRatio(x, y) for x in row["a"].get("names", []) for y in row["b"]["names"])
        out.append(best)
    return out


def metrics(truth: list[bool], scores: list[float], threshold: float) -> dict[str, Any]:
    pred = [s >= threshold for s in scores]
    tp = sum(p and t for p, t in zip(pred, truth, strict=True))
    fp = sum(p and not t for p, t in zip(pred, truth, strict=True))
    fn = sum((not p) and t for p, t in zip(pred, truth, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "threshold": threshold,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def evaluate(rows: list[dict[str, Any]], show_errors: bool) -> dict[str, Any]:
    truth = [bool(r["match"]) for r in rows]
    matchers: list[tuple[str, Callable[[list[dict[str, Any]]], list[float]], float]] = [
        ("graphsvc", graphsvc_scores, AUTO_MATCH),
        ("nomenklatura logic-v2", logic_v2_scores, LOGIC_V2_THRESHOLD),
        ("rapidfuzz WRatio", wratio_scores, WRATIO_THRESHOLD),
    ]
    report: dict[str, Any] = {
        "pairs": len(rows),
        "positives": sum(truth),
        "negatives": len(truth) - sum(truth),
        "matchers": {},
    }
    print(f"{len(rows)} labelled pairs ({sum(truth)} matches, {len(truth) - sum(truth)} not)")
    print(
        f"{'matcher':<24}{'thresh':>8}{'prec':>8}{'recall':>8}{'F1':>8}{'FP':>5}{'FN':>5}{'ms':>8}"
    )
    for name, fn, threshold in matchers:
        t0 = time.perf_counter()
        scores = fn(rows)
        ms = (time.perf_counter() - t0) * 1000
        m = metrics(truth, scores, threshold)
        m["milliseconds"] = round(ms, 1)
        m["errors"] = [
            {"note": r["note"], "match": t, "score": round(s, 3)}
            for r, t, s in zip(rows, truth, scores, strict=True)
            if (s >= threshold) != t
        ]
        report["matchers"][name] = m
        print(
            f"{name:<24}{threshold:>8}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}"
            f"{m['fp']:>5}{m['fn']:>5}{ms:>8.0f}"
        )
        if show_errors:
            for e in m["errors"]:
                print(f"    {'FN' if e['match'] else 'FP'} {e['score']:.2f} {e['note']}")
    return report


def _evaluate_set(name: str, show_errors: bool) -> dict[str, Any]:
    print(f"== {name}: {SETS[name].relative_to(ROOT)}", flush=True)
    return evaluate(load(SETS[name]), show_errors)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--set", choices=[*SETS, "all"], default="all", help="which labelled set")
    ap.add_argument("--errors", action="store_true", help="list each matcher's mistakes")
    args = ap.parse_args()
    names = list(SETS) if args.set == "all" else [args.set]
    report: dict[str, Any] = {}
    if len(names) > 1:
        # nomenklatura's logic-v2 scores a set differently after it has scored
        # another (its caches): each set is scored in a fresh process.
        ctx = multiprocessing.get_context("spawn")
        for name in names:
            with ctx.Pool(1) as pool:
                report[name] = pool.apply(_evaluate_set, (name, args.errors))
    else:
        report[names[0]] = _evaluate_set(names[0], args.errors)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
