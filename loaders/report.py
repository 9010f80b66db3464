"""Progress bars and the closing summary of ``graphsvc load``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import neo4j
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from graphsvc.settings import Settings
from loaders.ingest import LoadSummary, load_paths, make_loader


def load_with_progress(
    driver: neo4j.Driver,
    settings: Settings,
    files: Sequence[Path],
    format_name: str | None,
    dataset: str | None,
    *,
    resolve: bool,
    console: Console,
    edition: str | None = None,
    allow_mass_delisting: bool = False,
    notices: Console | None = None,
) -> LoadSummary:
    """Load with a progress bar on ``console``; lasting notices (waiting for
    another writer) go to ``notices``, by default the same console."""
    loaders = [make_loader(path, format_name, dataset) for path in files]
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("loading", total=None)

        def on_progress(phase: str, done: int, total: int | None) -> None:
            bar.update(task, description=phase, completed=done, total=total)

        def on_wait(holder: str, since: str | None) -> None:
            (notices or bar.console).print(
                f"waiting for the write lease: held by {holder} since {since}"
            )

        summary = load_paths(
            driver,
            settings,
            loaders,
            on_progress=on_progress,
            resolve=resolve,
            edition=edition,
            allow_mass_delisting=allow_mass_delisting,
            on_wait=on_wait,
        )
    print_summary(summary, console)
    return summary


def print_summary(summary: LoadSummary, console: Console) -> None:
    for f in summary.files:
        c = f.counts
        console.print(
            # escaped: rich would take "[format → dataset, ...]" for markup and drop it
            escape(f"{f.path} [{f.format} → {f.dataset}, edition {f.edition or 'undated'}]: ")
            + f"{f.records} records; "
            f"entities {c['entities.created']} created, {c['entities.updated']} updated, "
            f"{c['entities.unchanged']} unchanged; relationships {c['relationships.created']} "
            f"created, {c['relationships.updated']} updated, {c['relationships.unchanged']} "
            f"unchanged"
            + (f"; {f.ended_sanctions} sanctions ended" if f.ended_sanctions else "")
            + f" (checked in {f.check_seconds:.1f}s, written in {f.write_seconds:.1f}s)"
        )
        for warning in f.warnings:
            console.print(f"  warning: {warning}")
    r = summary.resolve
    if r is not None:
        console.print(
            f"resolved: {r.entities} entities from {r.records} records; {r.remapped} records "
            f"moved, {r.rebuilt} entities rebuilt, {r.edges} edges; {r.review_pairs} pairs to "
            f"review ({r.seconds:.1f}s)"
        )
    if summary.atomic:
        console.print("committed as one transaction: readers saw the graph before it until now")
    else:
        why = (
            "too big for one transaction in Neo4j's heap (raise GRAPHSVC_NEO4J_HEAP or lower "
            "GRAPHSVC_ATOMIC_LOAD_RECORDS)"
            if summary.too_big_for_one_transaction
            else "more records than GRAPHSVC_ATOMIC_LOAD_RECORDS"
        )
        console.print(
            f"committed in batches ({why}): readers could see part of it while it ran; "
            "if it stopped, run it again to finish"
        )
