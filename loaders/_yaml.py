"""YAML as the project reads it: plain data, no anchors or aliases, bounded.

``yaml.safe_load`` builds no objects, but an alias repeats a node without
copying it: a few hundred bytes of aliases become millions of values once the
data is turned into text (a "billion laughs"). Hand-written claims and source
notes need no aliases, so anchors and aliases are refused, as are files and
nesting beyond what such files hold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from graphsvc.errors import LoadError
from loaders.textfile import open_text

# Claims files and source notes are hand-written: the largest are a few KiB.
MAX_BYTES = 4 << 20
# Their deepest value is a citation inside a claim inside the file: 4 levels.
MAX_DEPTH = 32


class _Refused(yaml.YAMLError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader refusing anchors, aliases and deep nesting as it composes."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(line, f"YAML aliases (*{event.anchor}) are not accepted")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(line, f"YAML anchors (&{anchor}) are not accepted")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(line, f"YAML nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_yaml(path: Path) -> Any:
    """The file's one YAML document as plain data; a LoadError naming the file
    and line for anything else."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise LoadError(path, None, f"{size} bytes, more than the {MAX_BYTES} a YAML file may have")
    try:
        with open_text(path) as fh:
            text = fh.read()
    except UnicodeDecodeError as exc:
        raise LoadError(path, None, f"not UTF-8 text (byte {exc.start})") from exc
    try:
        return yaml.load(text, Loader=_PlainLoader)  # a SafeLoader subclass
    except _Refused as exc:
        raise LoadError(path, exc.line, exc.message) from exc
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        at = text.count("\n", 0, exc.position) + 1
        raise LoadError(path, at, f"invalid YAML: character {chr(exc.character)!r}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise LoadError(path, line, f"invalid YAML: {problem}") from exc
