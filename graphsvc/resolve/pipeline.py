"""Resolution pipeline: inputs -> blocking -> scoring -> clustering -> canonical ids.

Invariant: ``resolve`` is deterministic (same inputs and judgements -> same clusters and
canonical ids, whatever the worker count); judged pairs never appear for review, and
every link refused for a conflict does, with its reason; each record is normalised once.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from graphsvc import schemata
from graphsvc.resolve.blocking import MAX_BLOCK, BlockIndex, PairArray, record_keys, stored_keys
from graphsvc.resolve.cluster import JudgedPair, Judgement, LinkKind, cluster
from graphsvc.resolve.names import warm_name_data
from graphsvc.resolve.score import (
    AUTO_MATCH,
    REVIEW,
    MatchInput,
    MatchResult,
    Prepared,
    prepare,
    score_prepared,
)

CHUNK = 50_000  # pairs per scoring task
PARALLEL_MIN = 200_000  # below this many pairs, scoring stays in-process


@dataclass(frozen=True, slots=True)
class ReviewPair:
    left: str
    right: str
    result: MatchResult
    conflict: str | None = None  # why a link at or above AUTO_MATCH was not applied


@dataclass(frozen=True, slots=True)
class MergeLink:
    """One link that holds two records of an entity together (``explain_link`` gives
    its evidence when the entity is written)."""

    left: str
    right: str
    kind: str  # "judgement", "identifier" or "score"
    score: float
    overrides: str | None = None  # the conflict a person's judgement overrode


@dataclass(slots=True)
class ResolutionStats:
    records: int = 0
    blocks: int = 0
    skipped_blocks: int = 0
    identifier_links: int = 0
    candidate_pairs: int = 0
    pairs_scored: int = 0
    auto_matches: int = 0
    review_pairs: int = 0
    rejected_by_judgement: int = 0
    rejected_by_conflict: int = 0  # clusters kept apart: the two conflict as wholes
    refused_links: int = 0  # every link refused for those conflicts, repeats included
    clusters: int = 0
    seconds: float = 0.0
    records_per_second: float = 0.0
    phase_seconds: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Resolution:
    clusters: dict[str, str]  # record id -> canonical id
    review: list[ReviewPair]  # pairs in [REVIEW, AUTO_MATCH) and refused links, best first
    stats: ResolutionStats
    links: list[MergeLink] = field(default_factory=list)  # the links applied
    keys: dict[str, list[str]] = field(default_factory=dict)  # record id -> its blocking keys


# Scoring workers read the prepared records from this module global, inherited
# through fork (no pickling of a million records).
_RECORDS: Sequence[Prepared] = ()


Scored = tuple[int, int, float, MatchResult | None, bool]


def _score_chunk(chunk: PairArray) -> list[Scored]:
    """Pairs at or above REVIEW: (i, j, score, result if in the review band, by identifier)."""
    recs = _RECORDS
    out: list[Scored] = []
    for i, j in chunk.tolist():
        r = score_prepared(recs[i], recs[j])
        if r.score >= REVIEW:
            review = r if r.score < AUTO_MATCH else None
            out.append((i, j, r.score, review, r.decisive == "identifier"))
    return out


def _score_all(pairs: PairArray, workers: int) -> list[Scored]:
    chunks = [pairs[k : k + CHUNK] for k in range(0, len(pairs), CHUNK)]
    if workers <= 1 or len(pairs) < PARALLEL_MIN or os.name != "posix":
        return [row for c in chunks for row in _score_chunk(c)]
    ctx = multiprocessing.get_context("fork")
    # Move every live object to the permanent generation so the children's
    # collector never touches (and so copies) the parent's pages.
    gc.freeze()
    try:
        with ctx.Pool(workers) as pool:
            return [row for part in pool.imap(_score_chunk, chunks) for row in part]
    finally:
        gc.unfreeze()


def resolve(
    inputs: Iterable[MatchInput],
    judgements: Iterable[JudgedPair] = (),
    *,
    workers: int | None = None,
    max_block: int = MAX_BLOCK,
    oversize: Collection[str] = (),
    keep_keys: bool = False,
) -> Resolution:
    """Resolve records into canonical entities.

    ``inputs`` is consumed once, as a stream; each record is prepared and indexed
    as it arrives. ``workers`` > 1 scores in forked processes; the default is 1
    because on two cores the copy-on-write faults over a large heap cost more
    than the parallel scoring saves (BENCHMARKS.md, Resolution).
    ``oversize``: name blocks to skip although fewer of their records are
    here (part of a graph resolved, its blocks counted in the whole);
    ``keep_keys``: return each record's blocking keys, to be stored.
    """
    global _RECORDS
    started = time.perf_counter()
    # Millions of small long-lived objects: generational GC passes over them
    # would cost more than the work itself. Nothing here makes cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _resolve(inputs, judgements, workers, max_block, started, oversize, keep_keys)
    finally:
        if gc_was_enabled:
            gc.enable()


def _resolve(
    inputs: Iterable[MatchInput],
    judgements: Iterable[JudgedPair],
    workers: int | None,
    max_block: int,
    started: float,
    oversize: Collection[str] = (),
    keep_keys: bool = False,
) -> Resolution:
    global _RECORDS
    warm_name_data()
    # FtM's model is read here, before scoring forks workers that would each read it.
    schemata.facts()
    stats = ResolutionStats()
    ids: list[str] = []
    prepared: list[Prepared] = []
    index = BlockIndex()
    kept: dict[str, list[str]] = {}
    for n, item in enumerate(inputs):
        p = prepare(item)
        ids.append(item.id)
        prepared.append(p)
        names, keys = record_keys(p)
        index.add(n, names, keys)
        if keep_keys:
            kept[item.id] = stored_keys(names, keys)
    stats.records = len(ids)
    t_prep = time.perf_counter()

    id_links = index.identifier_links()
    pairs, stats.skipped_blocks = index.name_pairs(max_block, oversize)
    stats.blocks = index.blocks()
    del index
    judged = list(judgements)
    pos = {rid: i for i, rid in enumerate(ids)} if judged else {}
    judged_codes: set[int] = set()
    for jp in judged:
        a, b = pos.get(jp.left), pos.get(jp.right)
        if a is not None and b is not None:
            judged_codes.add((min(a, b) << 32) | max(a, b))
    # Identifier links are scored too: schema and identifier conflicts can veto them.
    all_pairs = np.concatenate([id_links, pairs]) if len(id_links) else pairs
    if len(all_pairs):
        codes = np.unique((all_pairs[:, 0] << 32) | all_pairs[:, 1])
        all_pairs = np.stack([codes >> 32, codes & 0xFFFFFFFF], axis=1)
    stats.identifier_links = len(id_links)
    stats.candidate_pairs = len(all_pairs)
    t_block = time.perf_counter()

    _RECORDS = prepared
    try:
        scored = _score_all(all_pairs, workers or 1)
    finally:
        _RECORDS = ()
    stats.pairs_scored = len(all_pairs)
    t_score = time.perf_counter()

    id_positive: list[tuple[int, int]] = []
    auto: list[tuple[int, int, float]] = []
    review: list[ReviewPair] = []
    for i, j, s, result, by_identifier in scored:
        if ((i << 32) | j) in judged_codes:
            continue
        if by_identifier:
            id_positive.append((i, j))
        elif result is None:
            auto.append((i, j, s))
        else:
            review.append(ReviewPair(ids[i], ids[j], result))
    stats.auto_matches = len(auto)

    clusters, uf = cluster(
        ids,
        [j for j in judged if j.judgement is not Judgement.UNSURE],
        identifier_links=id_positive,
        scored_links=auto,
        auto_match=AUTO_MATCH,
        profiles=[p.profile for p in prepared],
    )
    for link in uf.refused:
        # The pair's own features are for the reviewer to ask for (``explain_link``):
        # two namesakes' clusters refuse a link for every pair of their records.
        how = "shared identifier" if link.kind is LinkKind.IDENTIFIER else "name score"
        refused = MatchResult(
            link.score,
            {"conflict": -1.0},
            [f"{how} {link.score:.2f}", f"not merged: {link.note}"],
        )
        left, right = sorted((ids[link.a], ids[link.b]))
        review.append(ReviewPair(left, right, refused, link.note))
    review.sort(key=lambda r: (-r.result.score, r.left, r.right))
    stats.review_pairs = len(review)
    stats.rejected_by_judgement = uf.rejected
    stats.rejected_by_conflict = len(uf.refused)
    stats.refused_links = len(uf.refused) + uf.refused_again
    links = [_merge_link(ids[x.a], ids[x.b], x.kind, x.score, x.note) for x in uf.applied]
    stats.clusters = len(set(clusters.values()))
    done = time.perf_counter()
    stats.seconds = done - started
    stats.records_per_second = stats.records / stats.seconds if stats.seconds else 0.0
    stats.phase_seconds = {
        "prepare_index": round(t_prep - started, 3),
        "blocking": round(t_block - t_prep, 3),
        "scoring": round(t_score - t_block, 3),
        "clustering": round(done - t_score, 3),
    }
    return Resolution(clusters, review, stats, links, kept)


def _merge_link(a: str, b: str, kind: LinkKind, score: float, note: str | None) -> MergeLink:
    left, right = sorted((a, b))
    return MergeLink(left, right, kind.value, round(score, 4), note)


def explain_link(link: MergeLink, left: MatchInput, right: MatchInput) -> dict[str, Any]:
    """A link with its evidence: the judgement, or the pair's score re-computed with its
    features and explanation (kept from scoring, a million pairs' reasons would be
    held in memory for the few entities a load rewrites)."""
    out: dict[str, Any] = {
        "left": link.left,
        "right": link.right,
        "kind": link.kind,
        "score": link.score,
        "overrides": link.overrides,
    }
    if link.kind == LinkKind.JUDGEMENT.value:
        why = ["a person judged these records to be one entity"]
        if link.overrides is not None:
            why.append(f"the judgement overrides a conflict: {link.overrides}")
        return {**out, "features": {}, "explanation": why}
    result = score_prepared(prepare(left), prepare(right))
    return {**out, "features": dict(result.features), "explanation": list(result.explanation)}
