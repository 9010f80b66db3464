"""Candidate generation: which record pairs are worth scoring.

Invariant: each candidate pair (i, j) with i < j is produced at most once; two records
become candidates only if they share a blocking key whose block holds at most
``max_block`` records (identifier blocks are linked as stars, never capped).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import numpy as np
import numpy.typing as npt

from graphsvc.namefold import phonetic_key
from graphsvc.resolve.names import NameForm
from graphsvc.resolve.score import Prepared

MAX_BLOCK = 32  # larger name blocks are too common to say anything; they are skipped
MIN_TOKEN = 4  # shortest org word that gets its own block

PairArray = npt.NDArray[np.int64]


def name_blocking_keys(form: NameForm) -> Iterable[str]:
    """Keys for one name: transliteration-tolerant and specific enough to block on."""
    if form.is_person:
        parts = form.token_skeletons
        heads = [s[:1] for s in parts] + [phonetic_key(i)[:1] or i for i in form.initials]
        for i, p in enumerate(parts):
            if len(p) < 2:
                continue
            for j, h in enumerate(heads):
                if i != j and h:
                    yield f"p:{p}:{h}"
        return
    if len(form.skeleton) >= 2:
        yield f"o:{form.skeleton}"
    if len(form.core_tokens) == 1 and 2 <= len(form.core) <= 6:
        yield f"a:{form.core}"
    if form.acronym and 2 <= len(form.acronym) <= 6:
        yield f"a:{form.acronym}"
    if len(form.core_tokens) > 1:
        for tok, sk in zip(form.core_tokens, form.token_skeletons, strict=True):
            if len(tok) >= MIN_TOKEN and len(sk) >= 3:
                yield f"t:{sk}"


def record_keys(p: Prepared) -> tuple[list[str], list[str]]:
    """(name keys, identifier keys) of one prepared record."""
    names: set[str] = set()
    for form in p.forms:
        names.update(name_blocking_keys(form))
    return sorted(names), sorted(p.mergeable_ids)


class BlockIndex:
    """An inverted index: key -> record numbers, built in one pass."""

    __slots__ = ("_id_keys", "_keys", "_members", "size")

    def __init__(self) -> None:
        self._keys: dict[str, int] = {}
        self._members: list[list[int]] = []
        self._id_keys: set[int] = set()
        self.size = 0

    def add(self, index: int, name_keys: Iterable[str], id_keys: Iterable[str]) -> None:
        self.size = max(self.size, index + 1)
        for key, is_id in [(k, False) for k in name_keys] + [(f"i:{k}", True) for k in id_keys]:
            slot = self._keys.get(key)
            if slot is None:
                slot = self._keys[key] = len(self._members)
                self._members.append([])
                if is_id:
                    self._id_keys.add(slot)
            self._members[slot].append(index)

    def blocks(self) -> int:
        return len(self._members)

    def identifier_links(self) -> PairArray:
        """Star links within each identifier block: (first member, other member)."""
        rows: list[tuple[int, int]] = []
        for slot in self._id_keys:
            members = self._members[slot]
            head = members[0]
            rows.extend((head, m) for m in members[1:] if m != head)
        return _dedupe(np.array(rows, dtype=np.int64).reshape(-1, 2))

    def name_pairs(
        self, max_block: int = MAX_BLOCK, oversize: Collection[str] = ()
    ) -> tuple[PairArray, int]:
        """All pairs within name blocks of 2..max_block members, deduplicated.
        ``oversize`` names blocks to skip as well: over ``max_block`` in the
        whole graph when only part of it is indexed here.

        Returns (pairs as an (n, 2) array with i < j, number of skipped blocks)."""
        by_size: dict[int, list[list[int]]] = {}
        skipped = 0
        too_big = {self._keys[k] for k in oversize if k in self._keys}
        for slot, members in enumerate(self._members):
            n = len(members)
            if n < 2 or slot in self._id_keys:
                continue
            if n > max_block or slot in too_big:
                skipped += 1
                continue
            by_size.setdefault(n, []).append(members)
        chunks: list[PairArray] = []
        for n, groups in by_size.items():
            arr = np.array(groups, dtype=np.int64)  # (blocks, n)
            iu, ju = np.triu_indices(n, k=1)
            chunks.append(np.stack([arr[:, iu].ravel(), arr[:, ju].ravel()], axis=1))
        if not chunks:
            return np.empty((0, 2), dtype=np.int64), skipped
        return _dedupe(np.concatenate(chunks)), skipped


def _dedupe(pairs: PairArray) -> PairArray:
    if len(pairs) == 0:
        return pairs
    lo = np.minimum(pairs[:, 0], pairs[:, 1])
    hi = np.maximum(pairs[:, 0], pairs[:, 1])
    keep = lo != hi
    codes = np.unique((lo[keep] << 32) | hi[keep])
    return np.stack([codes >> 32, codes & 0xFFFFFFFF], axis=1)


def candidate_pairs(
    records: Sequence[Prepared], max_block: int = MAX_BLOCK
) -> tuple[PairArray, PairArray]:
    """(identifier links, name candidate pairs) over ``records`` by position."""
    index = BlockIndex()
    for i, p in enumerate(records):
        names, ids = record_keys(p)
        index.add(i, names, ids)
    return index.identifier_links(), index.name_pairs(max_block)[0]


def stored_keys(names: Iterable[str], ids: Iterable[str]) -> list[str]:
    """A record's keys as stored on it (graphsvc.store.blockkeys): the name
    keys, and the identifier keys marked as the index marks them."""
    return sorted({*names, *(f"i:{k}" for k in ids)})
