"""The ``graphsvc`` command.

Every failure the user can fix ends in one line on stderr that says what to
do, and a non-zero exit; tracebacks are kept for bugs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from graphsvc.cli_keys import keys_app
from graphsvc.errors import GraphsvcError
from graphsvc.settings import Settings, get_settings

app = typer.Typer(help="graphsvc: entity knowledge graph for accountability investigations.",
                  no_args_is_help=True, add_completion=False)  # fmt: skip
neo4j_app = typer.Typer(help="Run the local Neo4j server (machines without Docker).",
                        no_args_is_help=True)  # fmt: skip
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(keys_app, name="keys")

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

T = TypeVar("T")

BUNDLED_DATA = Path(__file__).resolve().parent.parent / "data" / "moscow"


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    raise typer.Exit(code)


def guarded(fn: Callable[[], T]) -> T:
    """Run ``fn``; a graphsvc error becomes one line on stderr and exit code 2."""
    from graphsvc.db import UNAVAILABLE, describe_failure

    try:
        return fn()
    except GraphsvcError as exc:
        _fail(str(exc))
        raise  # unreachable: _fail exits
    except UNAVAILABLE as exc:  # Neo4j went away part-way
        settings = get_settings()
        _fail(
            f"{describe_failure(exc, settings.bolt_uri(), settings.neo4j_user)}. What was "
            "committed before stays (a load of up to GRAPHSVC_ATOMIC_LOAD_RECORDS records "
            "commits nothing); run the same command again once Neo4j is back to finish"
        )
        raise


def _settings() -> Settings:
    try:
        return get_settings()
    except ValueError as exc:  # pydantic validation of GRAPHSVC_* variables
        _fail(f"invalid setting: {exc}")
        raise


# -- neo4j -------------------------------------------------------------------
@neo4j_app.command("start")
def neo4j_start() -> None:
    """Fetch (once) and start Neo4j Community with Bolt on 127.0.0.1."""
    settings = _settings()
    if settings.neo4j_uri is not None:
        out.print(f"GRAPHSVC_NEO4J_URI is set: using {settings.neo4j_uri}, starting nothing")
        return
    from graphsvc.neo4j_runtime.control import local_server

    server = guarded(lambda: local_server(settings, log=lambda m: err.print(m)))
    status = guarded(lambda: server.start(timeout=settings.neo4j_start_timeout))
    out.print(f"Neo4j {status.version} running on {status.bolt_uri} (pid {status.pid})")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j started by 'graphsvc neo4j start'."""
    from graphsvc.neo4j_runtime.control import local_server

    server = guarded(lambda: local_server(_settings(), log=lambda m: err.print(m)))
    out.print("stopped" if server.stop() else "not running")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Is the local Neo4j running, and where."""
    from graphsvc.neo4j_runtime.control import local_server

    server = guarded(lambda: local_server(_settings(), log=lambda m: err.print(m)))
    status = guarded(server.status)
    out.print(
        f"{status.detail}: {status.bolt_uri}" + (f" (pid {status.pid})" if status.pid else "")
    )
    if not status.running:
        raise typer.Exit(1)


# -- database checks -----------------------------------------------------------
def _connect(settings: Settings) -> Any:
    from graphsvc.db import apply_schema, check, open_driver

    driver = guarded(lambda: open_driver(settings))
    try:
        info = guarded(lambda: check(driver, settings))
        guarded(lambda: apply_schema(driver, settings))
    except BaseException:
        driver.close()
        raise
    err.print(f"connected to Neo4j {info['version']} ({info['edition']}) at {settings.bolt_uri()}")
    return driver


# -- load / resolve ------------------------------------------------------------
@app.command("formats")
def formats() -> None:
    """List the file formats graphsvc can load."""
    from loaders.registry import all_loaders

    for name, cls in all_loaders().items():
        out.print(f"{name:18} {cls.title}")


@app.command("load")
def load(
    paths: Annotated[list[Path], typer.Argument(help="Files (or folders) to load.")],
    format_name: Annotated[
        str | None, typer.Option("--format", "-f", help="Format name (see 'graphsvc formats').")
    ] = None,
    dataset: Annotated[str | None, typer.Option(help="Dataset name to file records under.")] = None,
    resolve: Annotated[bool, typer.Option(help="Resolve entities after loading.")] = True,
    edition: Annotated[
        str | None,
        typer.Option(
            metavar="YYYY-MM-DD",
            help="Edition date of files that state none (neither in the file nor in its "
            "source note).",
        ),
    ] = None,
    allow_mass_delisting: Annotated[
        bool,
        typer.Option(
            "--allow-mass-delisting",
            help="Let a new edition end more than GRAPHSVC_MAX_DELISTING_SHARE of a "
            "dataset's active sanctions.",
        ),
    ] = False,
) -> None:
    """Load published files into the graph: every file checked first, then written and
    resolved (in one transaction up to GRAPHSVC_ATOMIC_LOAD_RECORDS records)."""
    from loaders.report import load_with_progress

    settings = _settings()
    if edition is not None and not _ISO_DATE.match(edition):
        _fail(f"--edition {edition!r} is not a date: give YYYY-MM-DD (or YYYY-MM, YYYY)")
    files = _expand(paths)
    driver = _connect(settings)
    try:
        guarded(lambda: load_with_progress(driver, settings, files, format_name, dataset,
                                           resolve=resolve, console=out, edition=edition,
                                           allow_mass_delisting=allow_mass_delisting,
                                           notices=err))  # fmt: skip
    finally:
        driver.close()


# Editions are compared as text, so only ISO dates (with their precision) will do.
_ISO_DATE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")


def _expand(paths: list[Path]) -> list[Path]:
    from loaders.ingest import expand_paths

    return guarded(lambda: expand_paths(paths))


@app.command("resolve")
def resolve_cmd(
    full: Annotated[
        bool, typer.Option(help="Rebuild every entity, not only changed ones.")
    ] = False,
) -> None:
    """Re-run entity resolution over everything stored and rebuild what changed."""
    from graphsvc.store.lease import WriteLease
    from graphsvc.store.materialise import ResolveSummary, resolve_graph

    settings = _settings()
    driver = _connect(settings)

    def run() -> ResolveSummary:
        def waiting(holder: str, since: str | None) -> None:
            err.print(f"waiting for the write lease: held by {holder} since {since}")

        with WriteLease(driver, settings, "graphsvc resolve", on_wait=waiting):
            return resolve_graph(driver, settings, full_rebuild=full,
                                 progress=lambda m: err.print(m))  # fmt: skip

    try:
        s = guarded(run)
    finally:
        driver.close()
    out.print(
        f"{s.records} records, {s.entities} entities; {s.remapped} records moved, "
        f"{s.rebuilt} entities rebuilt, {s.edges} edges; {s.pairs_scored} pairs scored, "
        f"{s.review_pairs} to review; {s.seconds:.1f}s"
    )


@app.command("review")
def review(
    limit: Annotated[int, typer.Option(help="How many pairs to show.")] = 20,
) -> None:
    """The review queue: candidate pairs the resolver could not decide, most useful first."""
    from graphsvc.db import run_read
    from graphsvc.sanctions import today
    from queries import cypher

    settings = _settings()
    driver = _connect(settings)
    try:
        rows = guarded(lambda: run_read(driver, settings, cypher("store/review_queue"),
                                        skip=0, limit=limit, day=today()))  # fmt: skip
    finally:
        driver.close()
    if not rows:
        out.print("nothing to review")
    for r in rows:
        out.print(f"{r['score']:.2f}  {r['a']}  ~  {r['b']}")
        for line in r["explanation"] or []:
            out.print(f"      {line}")
    if rows:
        out.print("judge a pair with: graphsvc judge LEFT RIGHT positive|negative|unsure")


@app.command("judge")
def judge_cmd(
    left: Annotated[str, typer.Argument(help="A record id (or entity id).")],
    right: Annotated[str, typer.Argument(help="Another record id (or entity id).")],
    verdict: Annotated[str, typer.Argument(help="positive, negative or unsure.")],
    note: Annotated[str | None, typer.Option(help="Why, for the audit log.")] = None,
) -> None:
    """Judge two records: positive merges their entities, negative keeps them apart."""
    from graphsvc.auth import Actor
    from graphsvc.store.writer import judge

    settings = _settings()
    driver = _connect(settings)
    try:
        result = guarded(lambda: judge(driver, settings, left, right, verdict, Actor.cli(), note))
    finally:
        driver.close()
    s = result.summary
    out.print(f"{verdict}: {result.left} ~ {result.right}; {s.remapped} records moved, "
              f"{s.rebuilt} entities rebuilt")  # fmt: skip


@app.command("export-schema")
def export_schema() -> None:
    """Print the GraphQL schema (SDL); schema.graphql in the repository is this output."""
    from graphsvc.graphql.schema import build_schema

    sys.stdout.write(build_schema(_settings()).as_str() + "\n")


# -- serve -------------------------------------------------------------------
@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="Listen address.")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port.")] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, max=64, help="Worker processes (GRAPHSVC_API_WORKERS).")
    ] = None,
) -> None:
    """Serve the API (GraphQL at /graphql, health at /healthz)."""
    settings = _settings()
    _connect(settings).close()
    _serve(settings, host, port, workers)


def _serve(
    settings: Settings, host: str | None, port: int | None, workers: int | None = None
) -> None:
    import uvicorn

    from graphsvc.api.app import create_app

    if settings.env == "production" and settings.neo4j_password is None:
        _fail("GRAPHSVC_NEO4J_PASSWORD must be set in production")
    host, port = host or settings.api_host, port or settings.api_port
    workers = workers or settings.api_workers
    options: dict[str, Any] = {
        "host": host, "port": port, "log_level": "info", "access_log": settings.api_access_log
    }  # fmt: skip
    if workers == 1:
        uvicorn.run(create_app(settings), **options)
    else:  # several processes, each building the app from the same environment
        uvicorn.run("graphsvc.api.app:create_app", factory=True, workers=workers, **options)


@app.command("up")
def up(
    data: Annotated[
        list[Path] | None, typer.Option(help="Data to load (default: bundled case).")
    ] = None,
    serve_api: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the API after.")
    ] = True,
) -> None:
    """Start Neo4j (unless GRAPHSVC_NEO4J_URI is set), load the data and serve the API."""
    settings = _settings()
    if settings.neo4j_uri is None:
        neo4j_start()
    load(data or [BUNDLED_DATA], format_name=None, dataset=None, resolve=True, edition=None,
         allow_mass_delisting=False)  # fmt: skip
    if serve_api:
        out.print(f"serving on http://{settings.api_host}:{settings.api_port}/graphql")
        _serve(settings, None, None)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
