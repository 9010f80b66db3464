"""Streaming, safe XML reading for the loaders.

defusedxml refuses DTD entity declarations (entity bombs) and external
entities; ``iterparse`` hands over one element at a time, and each finished
element is cleared so memory stays flat on files of hundreds of megabytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from graphsvc.errors import LoadError


def local(tag: str) -> str:
    """The tag without its namespace: OFAC has published under two."""
    return tag.rsplit("}", 1)[-1]


def iter_elements(path: Path, names: set[str]) -> Iterator[Element]:
    """Yield each complete element whose local name is in ``names``.

    The element is cleared once the caller moves on. Errors name the file and
    the line where parsing stopped.
    """
    try:
        for _event, elem in iterparse(str(path), events=("end",), forbid_dtd=False):
            if local(elem.tag) in names:
                yield elem
                elem.clear()
    except ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise LoadError(path, line, f"malformed XML: {exc.msg}") from exc
    except DefusedXmlException as exc:
        raise LoadError(path, None, f"refused unsafe XML ({type(exc).__name__}): {exc}") from exc


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
    try:
        with path.open("rb") as fh:
            for _event, elem in iterparse(fh, events=("start",), forbid_dtd=False):
                return {local(k): v for k, v in elem.attrib.items()}
    except ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise LoadError(path, line, f"malformed XML: {exc.msg}") from exc
    except DefusedXmlException as exc:
        raise LoadError(path, None, f"refused unsafe XML ({type(exc).__name__}): {exc}") from exc
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
