"""Loading files into the graph: validate, write in batches, then resolve.

Each file is read twice. The first pass parses and checks every record of
every file and writes nothing, so a malformed file leaves the graph exactly
as it was; the second pass streams the records into Neo4j in batches
(UNWIND) and counts what was created, updated and unchanged. Memory stays
flat: only one batch is held at a time. A load of up to
GRAPHSVC_ATOMIC_LOAD_RECORDS records is one transaction, resolution
included (see ``load_paths``).

Between the passes the file is held against the graph, still writing nothing:
claims only into claims datasets, lists never into one, an edition date from
the file, its source note or ``--edition``, and no more sanctions ended than
GRAPHSVC_MAX_DELISTING_SHARE allows.

Each file leaves one audit entry, written in the transaction that records its
edition and ends the sanctions the edition no longer names.
"""

from __future__ import annotations

import time
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import neo4j
import numpy as np

from graphsvc.auth import Actor, write_audit
from graphsvc.errors import LoadError
from graphsvc.model import (
    EDGE_SCHEMATA,
    ENTITY_SCHEMATA,
    IDENTIFIER_PROPERTIES,
    REFERENCE_PROPERTIES,
    Record,
)
from graphsvc.settings import Settings
from graphsvc.store.datasets import DatasetState, claims_refusal, dataset_state, list_refusal
from graphsvc.store.materialise import ResolveSummary, resolve_graph
from graphsvc.store.records import PreparedBatch, write_batch
from graphsvc.store.unit import Work, one_transaction
from loaders import registry
from loaders.base import Loader
from loaders.readahead import read_ahead
from loaders.sourcenote import SIDECAR_SUFFIX, SourceNote, records_of
from queries import cypher

OnProgress = Callable[[str, int, int | None], None]  # (phase, done, total)


@dataclass
class FileSummary:
    path: str
    format: str
    dataset: str
    edition: str | None  # None: the file states no date and cannot end anything
    records: int = 0
    counts: Counter[str] = field(default_factory=Counter)  # "entities.created", ...
    ended_sanctions: int = 0
    warnings: list[str] = field(default_factory=list)
    check_seconds: float = 0.0  # the first pass: every record parsed and checked
    write_seconds: float = 0.0  # the second pass: parsed again and written


@dataclass
class LoadSummary:
    files: list[FileSummary] = field(default_factory=list)
    resolve: ResolveSummary | None = None
    atomic: bool = False  # written and resolved in one transaction
    too_big_for_one_transaction: bool = False  # tried as one, then written in batches


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files as given; folders become every file below them (hidden files and
    Markdown notes left out), in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not p.name.startswith(".")
                and p.suffix.lower() != ".md"
                and not p.name.endswith(SIDECAR_SUFFIX)
            )
        elif path.exists():
            files.append(path)
        else:
            raise LoadError(path, None, "no such file")
    return files


def make_loader(path: Path, format_name: str | None, dataset: str | None) -> Loader:
    cls = registry.get(format_name) if format_name else registry.detect(path)
    return cls(path, dataset)


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


def file_edition(
    loader: Loader,
    checked: Checked,
    note: SourceNote,
    state: DatasetState,
    given: str | None,
) -> str | None:
    """The edition date: the newest date the records state, else the source
    note's, else ``given`` (``graphsvc load --edition``). Never the file's
    modification time: a copied or truncated file would pass for a new edition."""
    edition = checked.newest or note.published or note.retrieved or given
    if edition is not None:
        return edition
    if loader.kind == "list" and (checked.sanction_ids or state.active_sanctions):
        raise LoadError(
            loader.path,
            None,
            f"the file states no edition date and has no source note giving one, and "
            f"a new edition of {loader.dataset_name!r} ends the sanctions it leaves out; "
            f"give the date the list was published: graphsvc load --edition YYYY-MM-DD "
            f"(or 'published:' in {loader.path.name}{SIDECAR_SUFFIX})",
        )
    # Nothing to end (no sanction in the file or its dataset), so no edition is
    # needed: the records get no first/last seen and the dataset's editions stay.
    return None


def _preflight(
    tx: neo4j.ManagedTransaction,
    loader: Loader,
    checked: Checked,
    note: SourceNote,
    settings: Settings,
    given: str | None,
    allow_mass_delisting: bool,
) -> str | None:
    """Everything that may refuse a file once it is known to be well formed,
    read in one transaction before anything is written. Returns the edition."""
    state = dataset_state(tx, loader.dataset_name)
    if loader.kind == "claims":  # claims only into claims datasets; lists never into one
        problem = claims_refusal(tx, loader.dataset_name, checked.record_ids)
    else:
        problem = list_refusal(state)
    if problem is not None:
        raise LoadError(loader.path, None, problem)
    edition = file_edition(loader, checked, note, state, given)
    if not allow_mass_delisting:
        _check_delisting(tx, loader, checked, state, edition, settings.max_delisting_share)
    return edition


def _check_delisting(
    tx: neo4j.ManagedTransaction,
    loader: Loader,
    checked: Checked,
    state: DatasetState,
    edition: str | None,
    max_share: float,
) -> None:
    """Refuse an edition that would end more than ``max_share`` of the dataset's
    active sanctions: a file cut short but well formed must not delist what it lost."""
    if loader.kind != "list" or edition is None or not state.active_sanctions:
        return
    if state.last_edition is None or state.last_edition >= edition:
        return  # store/end_missing_sanctions runs only for a newer edition
    dataset = loader.dataset_name
    rows = tx.run(cypher("store/sanctions_to_end"), dataset=dataset, edition=edition)
    ending = len({r["id"] for r in rows} - checked.sanction_ids)
    if ending > max_share * state.active_sanctions:
        raise LoadError(
            loader.path,
            None,
            f"edition {edition} of dataset {dataset!r} would end {ending} of its "
            f"{state.active_sanctions} active sanctions, more than the {max_share:.0%} one "
            f"load may end (GRAPHSVC_MAX_DELISTING_SHARE); nothing was written. Check that "
            f"the file is complete; if the list really shrank, load it with "
            f"--allow-mass-delisting",
        )


def load_file(
    session: Work,
    settings: Settings,
    loader: Loader,
    checked: Checked,
    *,
    on_progress: OnProgress,
    touched: set[str] | None,
    actor: Actor,
    edition: str | None = None,
    allow_mass_delisting: bool = False,
) -> FileSummary:
    """The second pass over a checked file: held against the graph, then written."""
    started = time.perf_counter()
    note = SourceNote.beside(loader.path)
    file_date = session.execute_read(
        _preflight, loader, checked, note, settings, edition, allow_mass_delisting
    )
    summary = FileSummary(
        str(loader.path), loader.format, loader.dataset_name, file_date, records=checked.records
    )
    summary.warnings = list(loader.warnings)  # the writing pass reads the same records again
    done = 0
    in_process = loader.path.stat().st_size >= settings.reader_process_mb * 2**20
    with read_ahead(loader, file_date, settings.batch_size, in_process=in_process) as batches:
        for prepared in batches:
            statuses = session.execute_write(_write, prepared, file_date)
            for row, is_edge in zip(prepared.rows, prepared.edges, strict=True):
                kind = "relationships" if is_edge else "entities"
                status = statuses[row["id"]]
                # "seen": the same content in a wider edition range; reported as
                # unchanged, but its entity's first/last seen must follow.
                summary.counts[f"{kind}.{'unchanged' if status == 'seen' else status}"] += 1
                if status != "unchanged" and touched is not None:
                    touched.add(row["id"])
            done += len(prepared.rows)
            on_progress("writing", done, checked.records)
        # The edition and the sanctions it ends in one transaction: a load stopped
        # between the two would leave a re-run seeing no newer edition to end them.
        ended = session.execute_write(_finish_edition, loader, note.publisher, summary, actor)
        summary.ended_sanctions = len(ended)
        if touched is not None:
            touched.update(ended)
    summary.write_seconds = time.perf_counter() - started
    return summary


def _finish_edition(
    tx: neo4j.ManagedTransaction,
    loader: Loader,
    publisher: str | None,
    summary: FileSummary,
    actor: Actor,
) -> list[str]:
    """Record the edition; if it is newer, end the list's sanctions it leaves out;
    write the file's audit entry. Returns the ids of the sanctions ended."""
    edition = summary.edition
    previous = _single(
        tx, "store/dataset_edition", dataset=loader.dataset_name, edition=edition,
        title=loader.title, publisher=publisher, kind=loader.kind,
    )  # fmt: skip
    newer = edition is not None and (previous is None or previous < edition)
    # Claims are not editions of a list: a claim left out of a file stays.
    ended: list[str] = []
    if loader.kind == "list" and newer and previous is not None:
        ended = _column(
            tx, "store/end_missing_sanctions", dataset=loader.dataset_name, edition=edition
        )
    detail = {
        "path": summary.path,
        "format": summary.format,
        "dataset": summary.dataset,
        "edition": edition,
        "records": summary.records,
        "counts": dict(sorted(summary.counts.items())),
        "sanctions_ended": len(ended),
    }
    write_audit(
        tx, actor, "load", detail,
        before={"last_edition": previous},
        after={"last_edition": edition if newer else previous, "sanctions_ended": len(ended)},
    )  # fmt: skip
    return ended


def _write(
    tx: neo4j.ManagedTransaction, /, batch: PreparedBatch, edition: str | None
) -> dict[str, str]:
    return write_batch(tx, batch, edition)


def _single(tx: neo4j.ManagedTransaction, /, query_name: str, **params: object) -> str | None:
    rec = tx.run(cypher(query_name), params).single()
    return None if rec is None else str(rec[0]) if rec[0] is not None else None


def _column(tx: neo4j.ManagedTransaction, /, query_name: str, **params: object) -> list[str]:
    return [rec[0] for rec in tx.run(cypher(query_name), params)]


def load_paths(
    driver: neo4j.Driver,
    settings: Settings,
    loaders: Sequence[Loader],
    *,
    on_progress: OnProgress,
    resolve: bool = True,
    edition: str | None = None,
    allow_mass_delisting: bool = False,
    actor: Actor | None = None,
) -> LoadSummary:
    """Check every file, then write them one after another and resolve.

    ``edition`` dates the files that state no date of their own;
    ``allow_mass_delisting`` lifts GRAPHSVC_MAX_DELISTING_SHARE; ``actor`` is
    who the audit entries name (the OS user by default). Up to
    GRAPHSVC_ATOMIC_LOAD_RECORDS records in all, the writes and the
    resolution are one transaction: readers see the graph before the load or
    after it, and a load that fails leaves nothing behind. A larger load, or
    one that Neo4j's transaction memory cannot hold, commits in batches, and a
    re-run finishes one that stopped part-way.
    """
    summary = LoadSummary()
    actor = actor or Actor.cli()
    options = _Options(on_progress, resolve, edition, allow_mass_delisting)
    checks: list[tuple[Loader, Checked, float]] = []
    for loader in loaders:
        started = time.perf_counter()
        checks.append((loader, validate(loader, on_progress), time.perf_counter() - started))
    total = sum(checked.records for _loader, checked, _seconds in checks)
    if total <= settings.atomic_load_records:
        try:
            with one_transaction(driver, settings) as work:
                _write_all(driver, settings, checks, work, work, summary, actor, options)
                on_progress("committing", 0, None)
            summary.atomic = True
            return summary
        except neo4j.exceptions.TransientError as exc:
            if exc.code != _OUT_OF_TRANSACTION_MEMORY:
                raise
            # rolled back whole: nothing of it was written
            summary.files.clear()
            summary.too_big_for_one_transaction = True
            on_progress("too big for one transaction in Neo4j's heap; writing in batches", 0, None)
    with driver.session(database=settings.neo4j_database) as session:
        _write_all(driver, settings, checks, None, session, summary, actor, options)
    return summary


_OUT_OF_TRANSACTION_MEMORY = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"


@dataclass(frozen=True)
class _Options:
    on_progress: OnProgress
    resolve: bool
    edition: str | None
    allow_mass_delisting: bool


def _write_all(
    driver: neo4j.Driver,
    settings: Settings,
    checks: Sequence[tuple[Loader, Checked, float]],
    work: Work | None,
    session: Work,
    summary: LoadSummary,
    actor: Actor,
    options: _Options,
) -> None:
    """Write every checked file, then resolve what changed (in ``work`` if given)."""
    # Ids of what changed, for the resolver's scope; without resolution nothing
    # is kept, so memory does not grow with the files.
    touched: set[str] | None = set() if options.resolve else None
    for loader, checked, seconds in checks:
        file_summary = load_file(
            session,
            settings,
            loader,
            checked,
            on_progress=options.on_progress,
            touched=touched,
            actor=actor,
            edition=options.edition,
            allow_mass_delisting=options.allow_mass_delisting,
        )
        file_summary.check_seconds = seconds
        summary.files.append(file_summary)
    if touched is not None:
        summary.resolve = resolve_graph(
            driver,
            settings,
            touched=touched,
            progress=lambda m: options.on_progress(m, 0, None),
            work=work,
        )
