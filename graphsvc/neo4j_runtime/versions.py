"""Which Neo4j release runs on which Java, and how to find a JDK.

Pinned releases: 2026.08.1 is the newest release on Maven Central (Nov 2026)
and needs Java 21 or later; 5.26.x is the long-term-support line that runs on
Java 17. The newest release is used whenever a JDK 21+ is installed (these
machines carry Temurin 25 beside OpenJDK 17); otherwise the LTS.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from graphsvc.errors import ConfigError

NEWEST = "2026.08.1"
NEWEST_MIN_JAVA = 21
LTS = "5.26.20"
LTS_MIN_JAVA = 17

_JVM_DIRS = (Path("/usr/lib/jvm"), Path("/opt/java"), Path("/usr/local/lib/jvm"))


@dataclass(frozen=True)
class Jdk:
    home: Path
    major: int

    @property
    def java(self) -> Path:
        return self.home / "bin" / "java"


def min_java_for(version: str) -> int:
    return LTS_MIN_JAVA if version.startswith(("5.", "4.")) else NEWEST_MIN_JAVA


def java_major(home: Path) -> int | None:
    java = home / "bin" / "java"
    if not java.is_file() or not (home / "bin" / "javac").is_file():
        return None  # a JRE cannot compile the launcher
    try:
        out = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if m is None:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def find_jdks(preferred: Path | None = None) -> list[Jdk]:
    """JDKs on this machine, the preferred one first, then newest first."""
    candidates: list[Path] = []
    if preferred is not None:
        candidates.append(preferred)
    if os.environ.get("JAVA_HOME"):
        candidates.append(Path(os.environ["JAVA_HOME"]))
    for root in _JVM_DIRS:
        if root.is_dir():
            candidates.extend(
                sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink())
            )
    seen: set[Path] = set()
    found: list[Jdk] = []
    for home in candidates:
        real = home.resolve()
        if real in seen:
            continue
        seen.add(real)
        major = java_major(real)
        if major is not None:
            found.append(Jdk(real, major))
    head = (
        found[:1]
        if preferred is not None and found and found[0].home == preferred.resolve()
        else []
    )
    rest = sorted((j for j in found if j not in head), key=lambda j: -j.major)
    return head + rest


def choose(version: str | None, java_home: Path | None) -> tuple[str, Jdk]:
    """The Neo4j release to run and the JDK to run it with."""
    jdks = find_jdks(java_home)
    if java_home is not None and (not jdks or jdks[0].home != java_home.resolve()):
        raise ConfigError(
            f"GRAPHSVC_JAVA_HOME={java_home} is not a JDK (no bin/java and bin/javac)"
        )
    if not jdks:
        raise ConfigError(
            "no JDK found: install OpenJDK 17 or later (apt-get install openjdk-17-jdk-headless) "
            "or set GRAPHSVC_JAVA_HOME"
        )
    if version is not None:
        need = min_java_for(version)
        for jdk in jdks:
            if jdk.major >= need:
                return version, jdk
        raise ConfigError(f"Neo4j {version} needs Java {need}+; found {[j.major for j in jdks]}")
    best = jdks[0] if java_home is not None else max(jdks, key=lambda j: j.major)
    if best.major >= NEWEST_MIN_JAVA:
        return NEWEST, best
    if best.major >= LTS_MIN_JAVA:
        return LTS, best
    raise ConfigError(f"Neo4j needs Java 17 or later; the newest JDK found is {best.major}")
