"""A wrong URI or password: one clear line at start, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from graphsvc.neo4j_runtime.server import LocalNeo4j, free_port


def _serve(env: dict[str, str], home: Path) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "GRAPHSVC_HOME": str(home), **env}
    return subprocess.run(
        [sys.executable, "-m", "graphsvc.cli", "serve", "--port", str(free_port())],
        env=full, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def test_wrong_password(neo4j_server: LocalNeo4j, tmp_path: Path) -> None:
    env = {"GRAPHSVC_NEO4J_URI": neo4j_server.bolt_uri, "GRAPHSVC_NEO4J_PASSWORD": "not-it-123"}
    line = _one_error_line(_serve(env, tmp_path))
    assert "refused the credentials" in line and "GRAPHSVC_NEO4J_PASSWORD" in line


def test_unreachable_uri(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    env = {"GRAPHSVC_NEO4J_URI": f"bolt://127.0.0.1:{port}", "GRAPHSVC_NEO4J_PASSWORD": "x-123456"}
    line = _one_error_line(_serve(env, tmp_path))
    assert f"cannot reach Neo4j at bolt://127.0.0.1:{port}" in line


def test_malformed_uri(tmp_path: Path) -> None:
    env = {"GRAPHSVC_NEO4J_URI": "http//nonsense", "GRAPHSVC_NEO4J_PASSWORD": "x-123456"}
    line = _one_error_line(_serve(env, tmp_path))
    assert "GRAPHSVC_NEO4J_URI" in line
