"""Streaming, safe XML reading for the loaders.

defusedxml refuses DTD entity declarations (entity bombs) and external
entities; ``iterparse`` hands over one element at a time, and each finished
element is cleared so memory stays flat on files of hundreds of megabytes.
Elements nested deeper than ``MAX_DEPTH`` are refused where they start.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from defusedxml.ElementTree import iterparse as _iterparse

from graphsvc.errors import LoadError

# The published formats nest 10 levels at most (OFAC advanced XML); deeper is
# a broken or hostile file, and the recursive walks over an element would fail.
MAX_DEPTH = 64


class _BoundedParser(DefusedXMLParser):  # type: ignore[misc]
    """defusedxml's parser, refusing an element nested deeper than MAX_DEPTH."""

    def __init__(self, path: Path) -> None:
        super().__init__(forbid_dtd=False, forbid_entities=True, forbid_external=True)
        self._path = path
        self._depth = 0

    def _start(self, tag: str, attrs: Any) -> Element:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            line = self.parser.CurrentLineNumber
            raise LoadError(self._path, line, f"XML nested deeper than {MAX_DEPTH} levels")
        element: Element = super()._start(tag, attrs)
        return element

    def _end(self, tag: str) -> Element:
        self._depth -= 1
        element: Element = super()._end(tag)
        return element


def iterparse(path: Path, source: Any, events: tuple[str, ...]) -> Iterator[tuple[str, Element]]:
    """defusedxml's ``iterparse`` with the depth bound; ``source`` a file name or
    object. Every parsing error is a LoadError naming the file and, where
    known, the line."""
    try:
        yield from _iterparse(source, events=events, parser=_BoundedParser(path))
    except ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise LoadError(path, line, f"malformed XML: {exc.msg}") from exc
    except DefusedXmlException as exc:
        raise LoadError(path, None, f"refused unsafe XML ({type(exc).__name__}): {exc}") from exc
    except LookupError as exc:  # the declaration names an encoding Python does not know
        raise LoadError(path, 1, f"malformed XML: {exc}") from exc


def local(tag: str) -> str:
    """The tag without its namespace: OFAC has published under two."""
    return tag.rsplit("}", 1)[-1]


def iter_elements(path: Path, names: set[str]) -> Iterator[Element]:
    """Yield each complete element whose local name is in ``names``.

    The element is cleared once the caller moves on. Errors name the file and
    the line where parsing stopped.
    """
    for _event, elem in iterparse(path, str(path), ("end",)):
        if local(elem.tag) in names:
            yield elem
            elem.clear()


def text(elem: Element | None, *path: str) -> str | None:
    """Stripped text of a descendant found by local names, or None if empty/absent."""
    node = elem
    for name in path:
        if node is None:
            return None
        node = next((c for c in node if local(c.tag) == name), None)
    if node is None or node.text is None:
        return None
    value = node.text.strip()
    return value or None


def children(elem: Element | None, name: str) -> list[Element]:
    if elem is None:
        return []
    return [c for c in elem if local(c.tag) == name]


def find(elem: Element | None, *path: str) -> Element | None:
    node = elem
    for name in path:
        if node is None:
            return None
        node = next((c for c in node if local(c.tag) == name), None)
    return node


def root_attributes(path: Path) -> dict[str, str]:
    """The root element's attributes (UN and EU put the edition date there),
    read from its start tag without parsing the rest of the file."""
    with path.open("rb") as fh:
        for _event, elem in iterparse(path, fh, ("start",)):
            return {local(k): v for k, v in elem.attrib.items()}
    return {}


def flatten(elem: Element) -> dict[str, str | list[str]]:
    """An element's attributes and leaf texts keyed by local-name path, for a
    record's ``raw``: JSON-serialisable, and repeated paths become lists."""
    out: dict[str, str | list[str]] = {}

    def put(key: str, value: str) -> None:
        old = out.get(key)
        if old is None:
            out[key] = value
        elif isinstance(old, list):
            old.append(value)
        else:
            out[key] = [old, value]

    def walk(node: Element, prefix: str) -> None:
        for name, value in node.attrib.items():
            if value.strip():
                put(f"{prefix}@{local(name)}", value.strip())
        kids = list(node)
        if not kids and node.text and node.text.strip():
            put(prefix or local(node.tag), node.text.strip())
        for kid in kids:
            walk(kid, f"{prefix}/{local(kid.tag)}" if prefix else local(kid.tag))

    walk(elem, "")
    return out
