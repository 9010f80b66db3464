"""Streaming JSON for the loaders: JSON lines, big arrays, big packages.

``json.JSONDecoder.raw_decode`` over a growing, sliding text buffer decodes one
value at a time, so a BODS statement array or an OCDS package of hundreds of
megabytes is never held whole: only the item being decoded is. A line or item
longer than ``MAX_ITEM`` characters, or nested deeper than ``MAX_DEPTH``, is
refused: it is no record but a broken or hostile file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from graphsvc.errors import LoadError
from loaders.textfile import MAX_LINE, open_text, read_lines

# Not ijson: yajl reports no offsets, so items and errors would lose their line numbers.
_CHUNK = 1 << 20
# One release or statement is one record, bound like a line; beyond this,
# stop instead of reading the rest of a malformed file into memory.
MAX_ITEM = MAX_LINE
# Whole OCDS packages nest 9 levels; the store serialises ``raw`` with orjson,
# which refuses more than 254.
MAX_DEPTH = 64
_WS = " \t\r\n"
_DECODER = json.JSONDecoder()


class Item(NamedTuple):
    """One decoded value: ``key`` is the member it came from (None at top level)."""

    key: str | None
    line: int
    value: Any


def iter_json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) for each non-blank line of a JSON lines file."""
    for lineno, line in read_lines(path, MAX_ITEM):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LoadError(path, lineno, f"invalid JSON: {exc.msg} (column {exc.colno})") from exc
        except RecursionError as exc:
            raise LoadError(path, lineno, f"JSON nested deeper than {MAX_DEPTH} levels") from exc
        if line.count("[") + line.count("{") > MAX_DEPTH:  # else it cannot nest that deep
            check_depth(path, lineno, value)
        yield lineno, value


def check_depth(path: Path, line: int, value: Any) -> None:
    """Refuse a value nested deeper than MAX_DEPTH (a LoadError naming the line)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise LoadError(path, line, f"JSON nested deeper than {MAX_DEPTH} levels")
        items = node.values() if isinstance(node, dict) else node
        stack.extend((v, depth + 1) for v in items if isinstance(v, (dict, list)))


def iter_json(path: Path, *, member_arrays: frozenset[str] = frozenset()) -> Iterator[Item]:
    """Each top-level value of a JSON document, JSON lines or concatenated JSON.

    A top-level array yields its elements one by one. A top-level object whose
    member named in ``member_arrays`` is an array yields that member's elements
    one by one (``key`` set) and its other members whole, in file order;
    any other value is yielded whole.
    """
    try:
        with open_text(path) as fh:
            reader = _Reader(path, fh)
            if reader.peek() is None:
                raise LoadError(path, 1, "the file is empty")
            while (first := reader.peek()) is not None:
                if first == "[":
                    yield from reader.array(None)
                elif first == "{" and member_arrays:
                    yield from reader.members(member_arrays)
                else:
                    line = reader.line()
                    yield Item(None, line, reader.value())
    except UnicodeDecodeError as exc:
        raise LoadError(path, None, f"not UTF-8 text (byte {exc.start})") from exc


class _Reader:
    def __init__(self, path: Path, fh: TextIO) -> None:
        self.path = path
        self.fh = fh
        self.buf = ""
        self.pos = 0
        self.eof = False
        # Line counting is incremental: (position in buf, line number there).
        self.mark = (0, 1)

    def fill(self) -> bool:
        if self.eof:
            return False
        # Read at least as much as is buffered so re-decoding a large item
        # after each read stays linear overall.
        chunk = self.fh.read(max(_CHUNK, len(self.buf) - self.pos))
        if not chunk:
            self.eof = True
            return False
        self.mark = (0, self.line(self.pos))
        self.buf = self.buf[self.pos :] + chunk
        self.pos = 0
        return True

    def line(self, pos: int | None = None) -> int:
        target = self.pos if pos is None else pos
        at, line = self.mark
        if target < at:
            at, line = 0, line - self.buf.count("\n", 0, at)
        line += self.buf.count("\n", at, target)
        self.mark = (target, line)
        return line

    def error(self, message: str, pos: int | None = None) -> LoadError:
        return LoadError(self.path, self.line(pos), message)

    def peek(self) -> str | None:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return None

    def expect(self, allowed: str) -> str:
        found = self.peek()
        if found is None or found not in allowed:
            what = "end of file" if found is None else repr(found)
            raise self.error(f"invalid JSON: expected one of {allowed!r}, found {what}")
        self.pos += 1
        return found

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                obj, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.buf) - self.pos > MAX_ITEM:
                    raise self.error(
                        f"a JSON value longer than {MAX_ITEM} characters (the limit for one record)"
                    ) from exc
                if not self.fill():
                    raise self.error(f"invalid JSON: {exc.msg}", exc.pos) from exc
                continue
            except RecursionError as exc:
                raise self.error(f"JSON nested deeper than {MAX_DEPTH} levels") from exc
            # A number or literal at the very end of the buffer may be cut short.
            if end == len(self.buf) and not isinstance(obj, (dict, list, str)) and self.fill():
                continue
            if end - self.pos > MAX_ITEM:
                raise self.error(
                    f"a JSON value longer than {MAX_ITEM} characters (the limit for one record)"
                )
            if self.buf.count("[", self.pos, end) + self.buf.count("{", self.pos, end) > MAX_DEPTH:
                check_depth(self.path, self.line(), obj)
            self.pos = end
            return obj

    def array(self, key: str | None) -> Iterator[Item]:
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            line = self.line()
            yield Item(key, line, self.value())
            if self.expect(",]") == "]":
                return

    def members(self, streamed: frozenset[str]) -> Iterator[Item]:
        self.expect("{")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            if self.peek() != '"':
                raise self.error("invalid JSON: expected a member name")
            name = self.value()
            self.expect(":")
            if name in streamed and self.peek() == "[":
                yield from self.array(name)
            else:
                line = self.line()
                yield Item(name, line, self.value())
            if self.expect(",}") == "}":
                return
