"""The review queue (candidate pairs) and human judgements, as stored.

Judgements are made on pairs of record ids, which never change, so a
judgement keeps its meaning however the clusters around it move.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

import neo4j

from graphsvc.resolve.cluster import JudgedPair
from graphsvc.resolve.pipeline import ReviewPair
from graphsvc.store.unit import Work
from queries import cypher


def pair_id(a: str, b: str) -> str:
    left, right = sorted((a, b))
    return "gp-" + hashlib.sha1(f"{left}|{right}".encode()).hexdigest()[:16]


def read_judgements(session: Work) -> list[JudgedPair]:
    return [
        JudgedPair.of(rec["a"], rec["b"], rec["verdict"])
        for rec in session.run(cypher("store/judgements"))
    ]


def write_candidates(
    session: Work, review: Sequence[ReviewPair], within: set[str] | None = None
) -> int:
    """Replace the review queue, or only its pairs with both records among
    ``within`` record ids."""
    rows: list[dict[str, Any]] = []
    for pair in review:
        result = pair.result
        left, right = sorted((pair.left, pair.right))
        rows.append(
            {
                "id": pair_id(left, right),
                "a": left,
                "b": right,
                "score": round(result.score, 4),
                "features": json.dumps(result.features, sort_keys=True),
                "explanation": list(result.explanation),
                "conflict": pair.conflict,
            }
        )

    def work(tx: neo4j.ManagedTransaction) -> None:
        if within is None:
            tx.run(cypher("store/replace_candidates"), rows=rows).consume()
        else:
            tx.run(
                cypher("store/replace_candidates_within"),
                rows=rows,
                ids=sorted(within),
                keep=[row["id"] for row in rows],
            ).consume()

    session.execute_write(work)
    return len(rows)
