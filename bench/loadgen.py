"""Builds and runs the Java load generator of the query benchmark.

Python client threads cost more CPU per request than Neo4j itself, on the
same two cores as the server under test: of the 2.4 ms of CPU a GraphQL
entity request cost in all, 0.7 ms was the client's (psutil, per process).
The Java client (``bench/loadgen/``) costs a fraction of that, and runs both
modes, Bolt and HTTP, so the GraphQL overhead is measured against direct
Cypher from the same kind of client.

The jar is built once with Maven (dependencies from Maven Central) and cached
under ``<cache_dir>/loadgen-<hash of its sources>``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphsvc.neo4j_runtime.versions import find_jdks

SOURCE = Path(__file__).parent / "loadgen"
MIN_JAVA = 17
MAIN = "graphsvc.bench.LoadGen"
# A collector that stops the clients adds its pause to every request in
# flight: with the serial collector, young collections of 6 to 35 ms about
# once a second at 16 clients on the generated 300k graph. ZGC collects
# concurrently; its pauses stay under a millisecond. Each phase reports the
# pauses it had (client_gc_ms).
JVM_OPTIONS = ["-XX:+UseZGC", "-Xms1g", "-Xmx1g"]


@dataclass
class Phase:
    clients: int
    seconds: float
    latencies: list[float]  # ms
    errors: int
    first_error: str | None
    client_gc_ms: int = 0  # the load generator's own GC pauses in the phase
    client_cpu_ms: float = 0.0  # the load generator's CPU time in the phase

    @property
    def client_cpu_per_request(self) -> float:
        """The load generator's CPU ms per request: what it took from the cores
        it shares with the server under test."""
        return self.client_cpu_ms / len(self.latencies) if self.latencies else 0.0


def _digest() -> str:
    h = hashlib.sha256()
    for path in sorted(SOURCE.rglob("*")):
        if path.is_file() and "target" not in path.parts:
            h.update(str(path.relative_to(SOURCE)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def _java_home() -> Path:
    jdks = [j for j in find_jdks() if j.major >= MIN_JAVA]
    if not jdks:
        raise RuntimeError(f"the load generator needs a JDK {MIN_JAVA}+")
    return jdks[0].home


def build(cache_dir: Path) -> tuple[Path, Path]:
    """(java executable, classpath folder) of the built load generator."""
    java_home = _java_home()
    target = cache_dir / f"loadgen-{_digest()}"
    if not (target / ".complete").exists():
        if shutil.which("mvn") is None:
            raise RuntimeError("Maven (mvn) is needed once to build the load generator")
        with tempfile.TemporaryDirectory(prefix="graphsvc-loadgen-") as tmp:
            work = Path(tmp) / "src"
            shutil.copytree(SOURCE, work, ignore=shutil.ignore_patterns("target"))
            proc = subprocess.run(
                ["mvn", "-B", "-q", "package"],
                cwd=work,
                env={**os.environ, "JAVA_HOME": str(java_home)},
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
                raise RuntimeError(f"building the load generator failed:\n{tail}")
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            shutil.move(str(work / "target" / "lib"), str(target / "lib"))
            shutil.move(str(work / "target" / "graphsvc-loadgen-1.0.0.jar"), str(target / "lib"))
        (target / ".complete").write_text("ok", encoding="utf-8")
    return java_home / "bin" / "java", target / "lib"


def _phase(p: dict[str, Any]) -> Phase:
    return Phase(
        p["clients"],
        p["seconds"],
        p["latencies_ms"],
        p["errors"],
        p["first_error"],
        p.get("client_gc_ms", 0),
        p.get("client_cpu_ms", 0.0),
    )


def run(cache_dir: Path, spec: dict[str, Any]) -> tuple[Phase | None, list[Phase]]:
    """Run the phases of ``spec`` (see LoadGen.java) in one JVM: its warm-up
    phase (None without one) and the measured phases."""
    java, lib = build(cache_dir)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(spec, fh)
        spec_path = Path(fh.name)
    try:
        proc = subprocess.run(
            [str(java), *JVM_OPTIONS, "-cp", f"{lib}/*", MAIN, str(spec_path)],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        spec_path.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise RuntimeError(f"load generator failed: {proc.stderr.strip()[-2000:]}")
    out = json.loads(proc.stdout)
    warm = _phase(out["warmup"]) if out.get("warmup") else None
    return warm, [_phase(p) for p in out["phases"]]
