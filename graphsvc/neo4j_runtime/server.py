"""Build, start, stop and inspect the local Neo4j server.

Only a process this module started is ever signalled: its pid is kept in
``<data>/neo4j.pid`` and its command line is checked before a signal is sent.

Everything under the data directory (store, logs, pid file) is private to its
owner: directories 0700, files 0600, and the server runs with umask 077.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from graphsvc.errors import ConfigError
from graphsvc.neo4j_runtime.private import make_private, open_private
from graphsvc.neo4j_runtime.versions import Jdk, choose, min_java_for

READY_LINE = "graphsvc-neo4j ready"
# Part of the cache key: a changed launcher is built again, not taken from cache.
LAUNCHER_REVISION = 4
MAIN_CLASS = "graphsvc.launcher.Launcher"
# The store holds the whole graph and the logs hold queries: owner only.
PRIVATE_UMASK = 0o077


@dataclass
class ServerStatus:
    running: bool
    pid: int | None
    bolt_uri: str
    version: str | None
    detail: str


class LocalNeo4j:
    """One local Neo4j server: a data directory, a port and a pinned release."""

    def __init__(
        self,
        *,
        data_dir: Path,
        cache_dir: Path,
        port: int,
        password: str,
        heap: str = "1g",
        pagecache: str = "512m",
        version: str | None = None,
        java_home: Path | None = None,
        log: Callable[[str], None] = lambda _msg: None,
    ) -> None:
        self.data_dir = data_dir.resolve()
        self.cache_dir = cache_dir.expanduser().resolve()
        self.port = port
        self.password = password
        self.heap = heap
        self.pagecache = pagecache
        self._version = version
        self._java_home = java_home
        self._jdk: Jdk | None = None
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    # -- paths ---------------------------------------------------------------
    @property
    def pid_file(self) -> Path:
        return self.data_dir / "neo4j.pid"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "neo4j.log"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def runtime(self) -> tuple[str, Jdk]:
        if self._jdk is None:
            self._version, self._jdk = choose(self._version, self._java_home)
        assert self._version is not None
        return self._version, self._jdk

    def install_dir(self) -> Path:
        version, _jdk = self.runtime()
        return self.cache_dir / f"neo4j-{version}-launcher{LAUNCHER_REVISION}"

    # -- build ---------------------------------------------------------------
    def ensure_built(self) -> Path:
        """Fetch Neo4j from Maven Central and build the launcher, once per release."""
        target = self.install_dir()
        if (target / ".complete").exists():
            return target
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        # Two processes starting at once (a test run beside `graphsvc up`) would
        # build in the same directory and share Maven's local repository; the
        # second waits for the first and takes its result.
        with (self.cache_dir / "build.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if (target / ".complete").exists():
                return target
            return self._build(target)

    def _build(self, target: Path) -> Path:
        version, jdk = self.runtime()
        if shutil.which("mvn") is None:
            raise ConfigError("Maven (mvn) is needed once to fetch Neo4j: apt-get install maven")
        self.log(f"fetching Neo4j {version} from Maven Central (once; cached in {target})")
        work = self.cache_dir / f"build-{version}"
        shutil.rmtree(work, ignore_errors=True)
        source = resources.files("graphsvc.neo4j_runtime") / "launcher"
        with resources.as_file(source) as src:
            shutil.copytree(src, work, ignore=shutil.ignore_patterns("target"))
        release = str(min(min_java_for(version), jdk.major))
        env = {**os.environ, "JAVA_HOME": str(jdk.home)}
        proc = subprocess.run(
            [
                "mvn",
                "-B",
                "-q",
                "package",
                f"-Dneo4j.version={version}",
                f"-Djava.release={release}",
            ],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
            raise ConfigError(
                f"building the Neo4j launcher failed (mvn exit {proc.returncode}):\n{tail}"
            )
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        shutil.move(str(work / "target" / "lib"), str(target / "lib"))
        shutil.move(str(work / "target" / "neo4j-launcher-1.0.0.jar"), str(target / "launcher.jar"))
        (target / "java_home").write_text(str(jdk.home), encoding="utf-8")
        (target / ".complete").write_text(version, encoding="utf-8")
        shutil.rmtree(work, ignore_errors=True)
        return target

    # -- process -------------------------------------------------------------
    def _read_pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            return None
        return pid if _is_our_server(pid) else None

    def start(self, *, timeout: float = 180.0) -> ServerStatus:
        existing = self._read_pid()
        if existing is not None:
            return self.status()
        if _port_open(self.port):
            raise ConfigError(
                f"port {self.port} on 127.0.0.1 is taken by another program; "
                "set GRAPHSVC_NEO4J_BOLT_PORT, or GRAPHSVC_NEO4J_URI to use that server"
            )
        install = self.ensure_built()
        version, jdk = self.runtime()
        make_private(self.data_dir)
        # The heap starts at its full size, as Neo4j's own configuration
        # advises: grown from a small one, it collects often under query load.
        cmd = [
            str(jdk.java),
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            "-XX:+UseG1GC",
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            f"{install / 'launcher.jar'}{os.pathsep}{install / 'lib'}/*",
            MAIN_CLASS,
            "--home", str(self.data_dir / "dbms"),
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--pagecache", self.pagecache,
        ]  # fmt: skip
        if jdk.major < 22:
            cmd.remove("--enable-native-access=ALL-UNNAMED")
        env = {**os.environ, "GRAPHSVC_NEO4J_PASSWORD": self.password}
        self.log(f"starting Neo4j {version} (Java {jdk.major}) on {self.bolt_uri}")
        with open_private(self.log_file, os.O_WRONLY | os.O_APPEND) as out:
            # A session of its own: Ctrl-C in the terminal that ran `start`
            # does not stop the server; `graphsvc neo4j stop` does.
            self.process = subprocess.Popen(
                cmd,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
                umask=PRIVATE_UMASK,
            )
        with open_private(self.pid_file, os.O_WRONLY | os.O_TRUNC) as fh:
            fh.write(str(self.process.pid).encode())
        offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        self._wait_ready(offset_hint=offset, timeout=timeout)
        return self.status()

    def _wait_ready(self, *, offset_hint: int, timeout: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        del offset_hint  # the ready line is written after the log was opened for append
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                self.pid_file.unlink(missing_ok=True)
                raise ConfigError(
                    f"Neo4j exited with code {code} while starting; last log lines:\n"
                    + self.log_tail(20)
                )
            if READY_LINE in self.log_tail(5) and _port_open(self.port):
                return
            time.sleep(0.3)
        self.stop()
        raise ConfigError(f"Neo4j did not answer on {self.bolt_uri} within {timeout:.0f}s")

    def stop(self, *, timeout: float = 60.0) -> bool:
        """Stop the server this module started. False if none was running."""
        pid = self.process.pid if self.process is not None else self._read_pid()
        if pid is None or not _is_our_server(pid):
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _alive(pid, self.process):
                break
            time.sleep(0.2)
        else:
            os.kill(pid, signal.SIGKILL)
            while _alive(pid, self.process):
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        self.process = None
        return True

    def status(self) -> ServerStatus:
        pid = self._read_pid()
        version = None
        marker = self.install_dir() / ".complete"
        if marker.exists():
            version = marker.read_text(encoding="utf-8").strip()
        if pid is None:
            return ServerStatus(False, None, self.bolt_uri, version, "not running")
        listening = _port_open(self.port)
        detail = "running" if listening else "starting (Bolt not answering yet)"
        return ServerStatus(listening, pid, self.bolt_uri, version, detail)

    def log_tail(self, lines: int) -> str:
        try:
            with self.log_file.open("rb") as fh:
                fh.seek(0, os.SEEK_END)
                size = fh.tell()
                fh.seek(max(0, size - 16384))
                text = fh.read().decode("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _alive(pid: int, process: subprocess.Popen[bytes] | None) -> bool:
    if process is not None and process.pid == pid:
        return process.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie left by a parent that did not reap it counts as gone.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


def _is_our_server(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return MAIN_CLASS.encode() in cmdline


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
