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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import neo4j

from graphsvc.auth import Actor, write_audit
from graphsvc.errors import LoadError
from graphsvc.settings import Settings
from graphsvc.store.datasets import DatasetState, claims_refusal, dataset_state, list_refusal
from graphsvc.store.lease import OnWait, WriteLease
from graphsvc.store.materialise import ResolveSummary, resolve_graph
from graphsvc.store.records import PreparedBatch, write_batch
from graphsvc.store.unit import Work, one_transaction
from loaders import registry
from loaders.base import Loader
from loaders.check import Checked, OnProgress, validate
from loaders.readahead import read_ahead
from loaders.sourcenote import SIDECAR_SUFFIX, SourceNote
from queries import cypher


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
    on_wait: OnWait | None = None,
) -> LoadSummary:
    """Check every file, then write them one after another and resolve.

    ``edition`` dates the files that state no date of their own;
    ``allow_mass_delisting`` lifts GRAPHSVC_MAX_DELISTING_SHARE; ``actor`` is
    who the audit entries name (the OS user by default); ``on_wait`` is told
    who holds the graph's write lease while this load waits for it. Up to
    GRAPHSVC_ATOMIC_LOAD_RECORDS records in all, the writes and the
    resolution are one transaction: readers see the graph before the load or
    after it, and a load that fails leaves nothing behind. A larger load, or
    one that Neo4j's transaction memory cannot hold, commits in batches, and a
    re-run finishes one that stopped part-way.
    """

    # One long writer at a time: a second load, a full resolution or an API
    # claim waits until this one gives the graph's write lease back.
    def waiting(holder: str, since: str | None) -> None:
        on_progress(f"waiting for the write lease: held by {holder} since {since}", 0, None)

    with WriteLease(driver, settings, "graphsvc load", on_wait=on_wait or waiting):
        return _load_paths(driver, settings, loaders, on_progress, resolve, edition,
                           allow_mass_delisting, actor)  # fmt: skip


def _load_paths(
    driver: neo4j.Driver,
    settings: Settings,
    loaders: Sequence[Loader],
    on_progress: OnProgress,
    resolve: bool,
    edition: str | None,
    allow_mass_delisting: bool,
    actor: Actor | None,
) -> LoadSummary:
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
