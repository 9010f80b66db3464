"""The first pass of a load: every record of a file parsed and checked,
nothing written. A file with a malformed record, a key Neo4j could not
index, or one id stated twice with different content is refused here, so
that it leaves the graph as it was.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from graphsvc.errors import LoadError
from graphsvc.model import (
    EDGE_SCHEMATA,
    ENTITY_SCHEMATA,
    IDENTIFIER_PROPERTIES,
    REFERENCE_PROPERTIES,
    Record,
)
from loaders.base import Loader
from loaders.sourcenote import records_of

OnProgress = Callable[[str, int, int | None], None]  # (phase, done, total)


def _where(loader: Loader, rec: Record, index: int) -> str:
    """The record's place in its file (its origin without the file name)."""
    origin = rec.origin or ""
    prefix = f"{loader.path.name}:"
    return origin.removeprefix(prefix) if origin else f"record {index}"


def _check(loader: Loader, rec: Record, index: int) -> None:
    where = _where(loader, rec, index)
    if not rec.id:
        raise LoadError(loader.path, where, "record without an id")
    if rec.schema not in ENTITY_SCHEMATA and rec.schema not in EDGE_SCHEMATA:
        raise LoadError(loader.path, where, f"unknown schema {rec.schema!r} (record {rec.id})")
    if len(rec.id) > MAX_KEY:
        raise LoadError(loader.path, where, f"a record id longer than {MAX_KEY} characters")
    for prop, values in rec.properties.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise LoadError(loader.path, where, f"property {prop!r} is not a list of strings")
        if prop in _KEY_PROPERTIES and any(len(v) > MAX_KEY for v in values):
            raise LoadError(
                loader.path, where, f"{prop} of record {rec.id} longer than {MAX_KEY} characters"
            )


# Record ids, the ids references name and identifiers are index keys in Neo4j,
# which refuses keys over 8 KiB mid-write; real ones are under 100 characters.
MAX_KEY = 1024
_KEY_PROPERTIES = frozenset(
    {*IDENTIFIER_PROPERTIES}
    | {prop for ends in EDGE_SCHEMATA.values() for prop in ends[:2]}
    | {prop for (_schema, prop) in REFERENCE_PROPERTIES}
)


@dataclass
class Checked:
    """What the first pass learnt of a file."""

    records: int
    newest: str | None  # the newest published date the records state
    record_ids: list[str]  # of a claims file only (they are few): checked against other datasets
    sanction_ids: set[str]  # the Sanction records this edition names


def validate(loader: Loader, on_progress: OnProgress) -> Checked:
    """First pass: every record parsed and checked, and no id given twice
    with different content (unless the format restates records)."""
    checked = Checked(0, None, [], set())
    # 8 bytes a record: the ids' hashes, to find repeated ids once the file is read
    id_hashes = array("q")
    for count, rec in enumerate(records_of(loader), start=1):
        _check(loader, rec, count)
        id_hashes.append(hash(rec.id))
        checked.records = count
        if rec.published is not None and (checked.newest is None or rec.published > checked.newest):
            checked.newest = rec.published
        if rec.schema == "Sanction":
            checked.sanction_ids.add(rec.id)
        if loader.kind == "claims":
            checked.record_ids.append(rec.id)
        if count % 10000 == 0:
            on_progress("checking", count, None)
    if checked.records == 0:
        raise LoadError(loader.path, None, "no records in the file")
    if not loader.restates:
        _check_repeats(loader, id_hashes)
    return checked


def _check_repeats(loader: Loader, id_hashes: array[int]) -> None:
    """Refuse a file that gives one id twice with different content, naming
    both places; an exact repeat is stored once, with a warning."""
    hashes = np.sort(np.frombuffer(id_hashes, dtype=np.int64))
    repeated = set(hashes[1:][hashes[1:] == hashes[:-1]].tolist())
    if not repeated:
        return
    # Rare: read the file again and compare the copies of those ids only.
    warnings = list(loader.warnings)  # the loader adds its own again while re-reading
    first: dict[str, tuple[str, str]] = {}  # id -> (place, content hash)
    copies: dict[str, list[str]] = {}
    for index, rec in enumerate(records_of(loader), start=1):
        if hash(rec.id) not in repeated:
            continue
        where, digest = _where(loader, rec, index), rec.content_hash()
        if rec.id not in first:
            first[rec.id] = (where, digest)
            continue
        where_first, digest_first = first[rec.id]
        if digest != digest_first:
            raise LoadError(
                loader.path,
                where,
                f"record id {rec.id!r} is given twice with different content "
                f"({_place(where_first)} and {_place(where)}); one file may state a record once",
            )
        copies.setdefault(rec.id, [where_first]).append(where)
    loader.warnings = warnings
    for record_id, places in list(copies.items())[:_MAX_REPEAT_WARNINGS]:
        loader.warnings.append(
            f"record {record_id!r} is given {len(places)} times with the same "
            f"content ({', '.join(map(_place, places))}); stored once, from {_place(places[-1])}"
        )
    if len(copies) > _MAX_REPEAT_WARNINGS:
        more = len(copies) - _MAX_REPEAT_WARNINGS
        loader.warnings.append(f"{more} more records are given more than once, each stored once")


def _place(where: str) -> str:
    return f"line {where}" if where.isdigit() else where


# A file repeating thousands of records gets a short report, not thousands of lines.
_MAX_REPEAT_WARNINGS = 10
