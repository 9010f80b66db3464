"""Opening text files as published: UTF-8 with or without a BOM, any line ending.

Lines are read with a bound (``read_lines``), so a file that is one endless
line is refused instead of read whole; CSV rows and fields are bounded too,
and CSV fields may hold no control characters but tab and line breaks.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from graphsvc.errors import LoadError

# Lines of the published excerpts are under 2.5 KiB (an EU journal row); this
# leaves room for entities with thousands of names, and no more.
MAX_LINE = 8 << 20
# A CSV row of a published list is a few KiB; its physical lines stay far below this.
MAX_CSV_LINE = 1 << 20
# Python's own default, kept whatever another module sets: one field of a list
# row (remarks, addresses) is at most a few KiB.
MAX_CSV_FIELD = 128 << 10
# NUL and the other C0 controls but tab, LF and CR: no published text holds them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# OFAC ends its CSV files with a DOS end-of-file character on a line of its own.
_DOS_EOF = "\x1a"


def open_text(path: Path) -> io.TextIOWrapper:
    """Open for reading as UTF-8, dropping a BOM; newline='' so csv sees CRLF itself."""
    return open(path, encoding="utf-8-sig", newline="")


def read_lines(path: Path, limit: int = MAX_LINE) -> Iterator[tuple[int, str]]:
    """(line number, line) for each line, ending included; a line longer than
    ``limit`` characters, or text that is not UTF-8, is a LoadError."""
    try:
        with open_text(path) as fh:
            lineno = 0
            while line := fh.readline(limit + 1):
                lineno += 1
                if len(line) > limit:
                    raise LoadError(
                        path, lineno, f"a line longer than {limit} characters (the limit)"
                    )
                yield lineno, line
    except UnicodeDecodeError as exc:
        raise LoadError(path, None, f"not UTF-8 text (byte {exc.start})") from exc


def iter_csv(path: Path, *, delimiter: str = ",", skip: int = 0) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, row) for each CSV row; errors name the line."""
    lines = read_lines(path, MAX_CSV_LINE)
    csv.field_size_limit(MAX_CSV_FIELD)
    reader = csv.reader((line for _n, line in lines), delimiter=delimiter)
    index = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.line_num
            if "field larger than field limit" in str(exc):
                message = f"a CSV field longer than {MAX_CSV_FIELD} characters (the limit)"
                raise LoadError(path, line, message) from exc
            raise LoadError(path, line, f"malformed CSV: {exc}") from exc
        index += 1
        if index <= skip:
            continue
        if (found := _CONTROL.search("".join(row))) and row != [_DOS_EOF]:
            where = reader.line_num
            raise LoadError(path, where, f"control character {found.group()!r} in a CSV field")
        yield reader.line_num, row
