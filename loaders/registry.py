"""Finds loaders: every ``Loader`` subclass in a module of this package."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import loaders
from graphsvc.errors import LoadError
from loaders.base import Loader

_HEAD_BYTES = 64 * 1024
# Modules of the package that hold no loader: the machinery around them.
_SUPPORT = frozenset(
    {"base", "registry", "ingest", "report", "dates", "xmlstream", "textfile", "countries"}
)


def all_loaders() -> dict[str, type[Loader]]:
    """Format name -> loader class, for every loader module in the package."""
    found: dict[str, type[Loader]] = {}
    for info in pkgutil.iter_modules(loaders.__path__):
        if info.name in _SUPPORT or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"loaders.{info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Loader)
                and value is not Loader
                and value.__module__ == module.__name__
                and getattr(value, "format", None)
            ):
                found[value.format] = value
    return dict(sorted(found.items()))


def detect(path: Path) -> type[Loader]:
    """The one loader that recognises the file, or a LoadError saying why not."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError as exc:
        raise LoadError(path, None, f"cannot open: {exc.strerror}") from exc
    if not head.strip():
        raise LoadError(path, 1, "the file is empty")
    matches = [cls for cls in all_loaders().values() if cls.sniff(path, head)]
    if not matches:
        raise LoadError(path, None, "not a known format; name one with --format")
    if len(matches) > 1:
        names = ", ".join(cls.format for cls in matches)
        raise LoadError(path, None, f"ambiguous format ({names}); name one with --format")
    return matches[0]


def get(format_name: str) -> type[Loader]:
    table = all_loaders()
    if format_name not in table:
        raise LoadError("-", None, f"unknown format {format_name!r}; known: {', '.join(table)}")
    return table[format_name]
