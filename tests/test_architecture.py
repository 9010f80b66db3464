"""Structural rules that keep the code as DESIGN.md draws it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import neo4j

import queries
from graphsvc.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_api_never_imports_loaders() -> None:
    api_code = [
        *(ROOT / "graphsvc" / "api").rglob("*.py"),
        *(ROOT / "graphsvc" / "graphql").rglob("*.py"),
    ]
    api_code += [
        ROOT / "graphsvc" / name for name in ("repository.py", "casefile.py", "matching.py")
    ]
    offenders = {
        str(p.relative_to(ROOT)): sorted(m for m in _imports(p) if m.split(".")[0] == "loaders")
        for p in api_code
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_core_does_not_import_loaders_except_the_cli() -> None:
    core = [p for p in (ROOT / "graphsvc").rglob("*.py") if p.name != "cli.py"]
    bad = [str(p) for p in core if any(m.split(".")[0] == "loaders" for m in _imports(p))]
    assert bad == []


def test_queries_is_a_leaf() -> None:
    for path in (ROOT / "queries").rglob("*.py"):
        assert not {m.split(".")[0] for m in _imports(path)} & {"graphsvc", "loaders"}


def test_every_query_is_used_by_code() -> None:
    code = "\n".join(
        p.read_text(encoding="utf-8")
        for folder in ("graphsvc", "loaders", "bench")
        for p in (ROOT / folder).rglob("*.py")
    )
    unused = [name for name in queries.names() if f'"{name}"' not in code]
    assert unused == []


def test_every_query_opens_with_its_parameters_and_columns() -> None:
    for name in queries.names():
        head = queries.cypher(name).lstrip()
        assert head.startswith("//"), name
        comments = "\n".join(line for line in head.splitlines() if line.startswith("//"))
        assert "Parameters" in comments and ("Columns" in comments or "none" in comments), name


def test_every_query_compiles_on_neo4j(driver: neo4j.Driver, settings: Settings) -> None:
    """EXPLAIN plans each query on the real server without running it."""
    with driver.session(database=settings.neo4j_database) as session:
        for name in queries.names():
            for statement in (
                queries.statements(name) if name.startswith("schema/") else [queries.cypher(name)]
            ):
                if re.match(r"\s*CREATE (CONSTRAINT|INDEX|FULLTEXT)", statement):
                    continue  # schema commands cannot be explained
                params = {p: None for p in re.findall(r"\$([A-Za-z_]+)", statement)}
                session.run("EXPLAIN " + statement, params).consume()  # type: ignore[arg-type]


def test_no_user_text_is_formatted_into_cypher() -> None:
    """Cypher reaches the driver only from queries/ (or literal constants)."""
    pattern = re.compile(r"\.(run|execute_query)\(\s*f[\"']")
    offenders = [
        str(p.relative_to(ROOT))
        for folder in ("graphsvc", "loaders")
        for p in (ROOT / folder).rglob("*.py")
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
