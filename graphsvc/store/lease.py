"""The graph's write lease: one long writer (a load, a full resolution) at a
time per database, across processes and machines, held in Neo4j itself.

A load reads the graph, resolves and writes in many transactions, so no
transaction lock can cover it; the lease does. It lasts
GRAPHSVC_WRITE_LEASE_SECONDS and a thread renews it while the writer runs,
so the lease of a process that died runs out by itself. People's writes
through the API see it in their own transaction (store/lock_writes) and wait
until it is given back.
"""

from __future__ import annotations

import getpass
import logging
import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

import neo4j

from graphsvc.errors import WriteBusy
from graphsvc.settings import Settings
from queries import cypher

log = logging.getLogger("graphsvc.store")

OnWait = Callable[[str, str | None], None]  # (holder, since)


def holder_name(what: str) -> str:
    """Who holds the lease, as others are told: what runs, by whom, where."""
    user = getpass.getuser()
    return f"{what} by {user}@{socket.gethostname()} (pid {os.getpid()}, {secrets.token_hex(3)})"


_HOLDER = re.compile(r"@(?P<host>[^ ]+) \(pid (?P<pid>\d+), ")


def gone(holder: str | None) -> bool:
    """The holder ran on this machine and its process has ended (it was
    killed): its lease need not run out before another writer starts."""
    m = _HOLDER.search(holder or "")
    if m is None or m["host"] != socket.gethostname():
        return False
    pid = int(m["pid"])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False


class WriteLease:
    """``with WriteLease(driver, settings, "graphsvc load"):`` holds the lease.

    ``on_wait`` is told who holds it while this one waits; after
    GRAPHSVC_WRITE_LEASE_WAIT seconds (0: no limit) ``WriteBusy`` is raised.
    """

    def __init__(
        self,
        driver: neo4j.Driver,
        settings: Settings,
        what: str,
        on_wait: OnWait = lambda _holder, _since: None,
    ) -> None:
        self.driver = driver
        self.settings = settings
        self.holder = holder_name(what)
        self.on_wait = on_wait
        self.lost = False
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def _ask(self, stale: str | None = None) -> dict[str, Any]:
        records, _summary, _keys = self.driver.execute_query(
            cypher("store/acquire_lease"),
            {"holder": self.holder, "seconds": self.settings.write_lease_seconds, "stale": stale},
            database_=self.settings.neo4j_database,
        )
        return records[0].data()

    def __enter__(self) -> WriteLease:
        limit = self.settings.write_lease_wait
        started = time.monotonic()
        told: str | None = None
        while True:
            answer = self._ask()
            if not answer["granted"] and gone(answer["holder"]):
                log.warning("taking the write lease of %s, whose process ended", answer["holder"])
                answer = self._ask(stale=answer["holder"])
            if answer["granted"]:
                break
            if answer["holder"] != told:
                told = answer["holder"]
                self.on_wait(str(told), answer["since"])
            if limit and time.monotonic() - started > limit:
                raise WriteBusy(answer["holder"], answer["since"])
            time.sleep(1.0)
        self._renewer = threading.Thread(target=self._renew, daemon=True, name="write-lease")
        self._renewer.start()
        return self

    def _renew(self) -> None:
        every = max(1.0, self.settings.write_lease_seconds / 3)
        while not self._stop.wait(every):
            try:
                if not self._ask()["granted"]:
                    self.lost = True
                    log.error("the write lease ran out and another writer took it")
                    return
            except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError) as exc:
                # the next renewal may reach Neo4j again; the lease lasts until then
                log.warning("could not renew the write lease: %s", exc)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join()
        try:
            self.driver.execute_query(
                cypher("store/release_lease"),
                {"holder": self.holder},
                database_=self.settings.neo4j_database,
            )
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError) as exc:
            if error is None:
                raise
            # the writer's own failure is the news; the lease runs out by itself
            log.warning("could not give the write lease back: %s", exc)
