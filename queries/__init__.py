"""Named Cypher queries.

Every query lives in a ``.cypher`` file under this package, opening with
comments that state its parameters and the columns it returns, so it pastes
straight into Neo4j Browser. Code refers to a query by its path without the
extension: ``cypher("entity/profile")``. Values always travel as parameters.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import LiteralString


class UnknownQuery(KeyError):
    pass


@cache
def cypher(name: str) -> LiteralString:
    """The text of the named query. The text comes from this package's files
    only, never from user input, which is what LiteralString asserts."""
    path = resources.files(__name__).joinpath(*f"{name}.cypher".split("/"))
    if not path.is_file():
        raise UnknownQuery(name)
    text: LiteralString = path.read_text(encoding="utf-8")
    return text


def statements(name: str) -> list[LiteralString]:
    """A multi-statement file (schema) split on ';' at line ends."""
    text = cypher(name)
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    parts: list[LiteralString] = [s.strip() for s in body.split(";\n") if s.strip().rstrip(";")]
    return parts


def names() -> list[str]:
    """Every query name in the package, for tests that run each one."""
    root = resources.files(__name__)
    found: list[str] = []

    def walk(node: object, prefix: str) -> None:
        for child in node.iterdir():  # type: ignore[attr-defined]
            if child.is_dir() and not child.name.startswith("__"):
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(".cypher"):
                found.append(prefix + child.name[: -len(".cypher")])

    walk(root, "")
    return sorted(found)
