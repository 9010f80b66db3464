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
    api_code += [*(ROOT / "graphsvc" / "graph").rglob("*.py")]
    api_code += [*(ROOT / "graphsvc" / "services").rglob("*.py")]
    api_code += [ROOT / "graphsvc" / name for name in ("search.py", "claims.py")]
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


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / "graphsvc" / package).rglob("*.py"))


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_graphql_reaches_the_graph_only_through_the_store() -> None:
    """No driver and no loader pipeline in GraphQL: resolvers call services
    and the store (graphsvc.graph)."""
    offenders = {
        _name(p): sorted(
            m for m in _imports(p) if m.split(".")[0] == "neo4j" or m.startswith("graphsvc.store")
        )
        for p in _modules("graphql")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_services_know_nothing_of_the_web() -> None:
    offenders = {
        _name(p): sorted(
            m for m in _imports(p) if m.split(".")[0] in {"strawberry", "fastapi", "starlette"}
        )
        for p in _modules("services")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


# The one module that may subscript with a string constant: the GraphQL
# router reads the ASGI scope, a dict the server hands it, not a row.
STRING_KEYS_ALLOWED = {"graphsvc/graphql/router.py"}


def _string_subscripts(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript)
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    ]


def test_graphql_and_services_read_no_row_by_string_key() -> None:
    """Rows are typed (graphsvc.graph.rows): code above the store reads
    attributes, so a column renamed in a query fails mypy, not a request."""
    offenders = {
        _name(p): _string_subscripts(p)
        for p in [*_modules("graphql"), *_modules("services")]
        if _name(p) not in STRING_KEYS_ALLOWED
    }
    assert {k: v for k, v in offenders.items() if v} == {}


MAX_MODULE_LINES = 400


def test_no_production_module_is_over_400_lines() -> None:
    """A module that grows past this holds more than one thing: split it by
    what its parts do."""
    long = {
        _name(p): n
        for folder in ("graphsvc", "loaders", "queries")
        for p in (ROOT / folder).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}
