"""``graphsvc keys``: create, list and revoke API keys.

Registered in graphsvc/cli.py. The full key is printed once, by ``create``;
graphsvc keeps only its hash, so a lost key is revoked and replaced.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from graphsvc import auth

keys_app = typer.Typer(help="API keys: create, list, revoke.", no_args_is_help=True)

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def _driver() -> Any:
    # Imported here: graphsvc.cli imports this module at its top.
    from graphsvc.cli import _connect, _settings

    settings = _settings()
    return settings, _connect(settings)


@keys_app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="Who or what the key is for.")],
    role: Annotated[str, typer.Option(help="reader, writer or admin.")] = "reader",
) -> None:
    """Create a key and print it once."""
    from graphsvc.cli import guarded

    settings, driver = _driver()
    try:
        info, raw = guarded(lambda: auth.create_key(driver, settings, name, role))
    finally:
        driver.close()
    err.print(f"created key {info.id} ({info.name}, {info.role}); it is shown only now:")
    out.print(raw)


@keys_app.command("list")
def list_cmd() -> None:
    """List keys (never their secrets)."""
    from graphsvc.cli import guarded

    settings, driver = _driver()
    try:
        keys = guarded(lambda: auth.list_keys(driver, settings))
    finally:
        driver.close()
    table = Table("id", "name", "role", "created", "revoked")
    for k in keys:
        table.add_row(k.id, k.name, k.role, k.created, k.revoked or "")
    out.print(table)


@keys_app.command("revoke")
def revoke(key_id: Annotated[str, typer.Argument(help="The key's id (gsk_<id>_...).")]) -> None:
    """Revoke a key: it stops working at once and stays listed."""
    from graphsvc.cli import guarded

    settings, driver = _driver()
    try:
        info = guarded(lambda: auth.revoke_key(driver, settings, key_id))
    finally:
        driver.close()
    out.print(f"revoked {info.id} ({info.name}) at {info.revoked}")
