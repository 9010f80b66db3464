"""Opening text files as published: UTF-8 with or without a BOM, any line ending."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from graphsvc.errors import LoadError


def open_text(path: Path) -> io.TextIOWrapper:
    """Open for reading as UTF-8, dropping a BOM; newline='' so csv sees CRLF itself."""
    return open(path, encoding="utf-8-sig", newline="")


def iter_csv(path: Path, *, delimiter: str = ",", skip: int = 0) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, row) for each CSV row; errors name the line."""
    try:
        with open_text(path) as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            for index, row in enumerate(reader):
                if index < skip:
                    continue
                yield reader.line_num, row
    except UnicodeDecodeError as exc:
        raise LoadError(path, None, f"not UTF-8 text (byte {exc.start})") from exc
    except csv.Error as exc:
        raise LoadError(path, None, f"malformed CSV: {exc}") from exc
