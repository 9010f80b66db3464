"""Loading files into the graph: validate, write in batches, then resolve.

Each file is read twice. The first pass parses and checks every record and
writes nothing, so a malformed file leaves the graph exactly as it was; the
second pass streams the records into Neo4j in batches (UNWIND) and counts
what was created, updated and unchanged. Memory stays flat: only one batch
is held at a time.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import neo4j

from graphsvc.errors import LoadError
from graphsvc.model import EDGE_SCHEMATA, ENTITY_SCHEMATA, Record
from graphsvc.settings import Settings
from graphsvc.store.materialise import ResolveSummary, resolve_graph
from graphsvc.store.records import PreparedBatch, write_batch
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
    edition: str
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


def _check(loader: Loader, rec: Record, index: int) -> None:
    where = rec.origin or f"record {index}"
    if not rec.id:
        raise LoadError(loader.path, where, "record without an id")
    if rec.schema not in ENTITY_SCHEMATA and rec.schema not in EDGE_SCHEMATA:
        raise LoadError(loader.path, where, f"unknown schema {rec.schema!r} (record {rec.id})")
    for prop, values in rec.properties.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise LoadError(loader.path, where, f"property {prop!r} is not a list of strings")


def validate(loader: Loader, on_progress: OnProgress) -> tuple[int, str | None]:
    """First pass: every record parsed and checked. Returns (count, newest published)."""
    count = 0
    newest: str | None = None
    for count, rec in enumerate(records_of(loader), start=1):
        _check(loader, rec, count)
        if rec.published is not None and (newest is None or rec.published > newest):
            newest = rec.published
        if count % 10000 == 0:
            on_progress("checking", count, None)
    if count == 0:
        raise LoadError(loader.path, None, "no records in the file")
    return count, newest


def file_edition(path: Path, newest: str | None) -> str:
    """The edition date: as the file states it, else the file's modification day."""
    if newest is not None:
        return newest
    return dt.date.fromtimestamp(path.stat().st_mtime).isoformat()


def load_file(
    driver: neo4j.Driver,
    settings: Settings,
    loader: Loader,
    *,
    on_progress: OnProgress,
    touched: set[str] | None,
) -> FileSummary:
    started = time.perf_counter()
    total, newest = validate(loader, on_progress)
    checked = time.perf_counter()
    note = SourceNote.beside(loader.path)
    edition = file_edition(loader.path, newest or note.retrieved)
    summary = FileSummary(
        str(loader.path), loader.format, loader.dataset_name, edition, records=total
    )
    summary.warnings = list(loader.warnings)  # the writing pass reads the same records again
    done = 0
    in_process = loader.path.stat().st_size >= settings.reader_process_mb * 2**20
    with (
        driver.session(database=settings.neo4j_database) as session,
        read_ahead(loader, edition, settings.batch_size, in_process=in_process) as batches,
    ):
        for prepared in batches:
            statuses = session.execute_write(_write, prepared, edition)
            for row, is_edge in zip(prepared.rows, prepared.edges, strict=True):
                kind = "relationships" if is_edge else "entities"
                status = statuses[row["id"]]
                # "seen": the same content in a wider edition range; reported as
                # unchanged, but its entity's first/last seen must follow.
                summary.counts[f"{kind}.{'unchanged' if status == 'seen' else status}"] += 1
                if status != "unchanged" and touched is not None:
                    touched.add(row["id"])
            done += len(prepared.rows)
            on_progress("writing", done, total)
        previous = session.execute_write(
            _single, "store/dataset_edition", dataset=loader.dataset_name, edition=edition,
            title=loader.title, publisher=note.publisher,
        )  # fmt: skip
        if previous is not None and previous < edition:
            ended = session.execute_write(
                _column, "store/end_missing_sanctions", dataset=loader.dataset_name,
                edition=edition,
            )  # fmt: skip
            summary.ended_sanctions = len(ended)
            if touched is not None:
                touched.update(ended)
    summary.check_seconds = checked - started
    summary.write_seconds = time.perf_counter() - checked
    return summary


def _write(tx: neo4j.ManagedTransaction, /, batch: PreparedBatch, edition: str) -> dict[str, str]:
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
) -> LoadSummary:
    summary = LoadSummary()
    # Ids of what changed, for the resolver's scope; without resolution nothing
    # is kept, so memory does not grow with the files.
    touched: set[str] | None = set() if resolve else None
    for loader in loaders:
        summary.files.append(
            load_file(driver, settings, loader, on_progress=on_progress, touched=touched)
        )
    if touched is not None:
        summary.resolve = resolve_graph(
            driver, settings, touched=touched, progress=lambda m: on_progress(m, 0, None)
        )
    return summary
