"""All configuration, read once from the environment (prefix ``GRAPHSVC_``).

docs/settings.md lists every setting; a test checks that it stays complete.
"""

from __future__ import annotations

import re
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from graphsvc.errors import ConfigError

_BUDGET = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*$")


def parse_budget(value: str) -> tuple[float, float]:
    """``"RATE/BURST"`` as (rate per second, burst); both positive."""
    m = _BUDGET.match(value)
    if m is None or float(m.group(1)) <= 0 or float(m.group(2)) <= 0:
        raise ValueError(f"{value!r} is not RATE/BURST with two positive numbers, e.g. 10/30")
    return float(m.group(1)), float(m.group(2))


def _check_budget(value: str) -> str:
    parse_budget(value)
    return value.strip()


# A budget reads "RATE/BURST": so many per second, and so many at once.
Budget = Annotated[str, AfterValidator(_check_budget)]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRAPHSVC_", extra="ignore")

    env: Literal["development", "production"] = Field(
        "development",
        description="In production the API refuses to start without an explicit Neo4j password.",
    )
    home: Path = Field(
        Path("var"),
        description="Working directory for the local Neo4j (data, logs, pid file, password).",
    )
    cache_dir: Path = Field(
        Path.home() / ".cache" / "graphsvc",
        description="Where the Neo4j server built from Maven Central is kept; a second start "
        "needs no network.",
    )
    neo4j_uri: str | None = Field(
        None,
        description="Bolt URI of an existing Neo4j (bolt:// or neo4j://). When set, graphsvc "
        "uses that server and starts none itself.",
    )
    neo4j_user: str = Field("neo4j", description="Neo4j user name.")
    neo4j_password: SecretStr | None = Field(
        None,
        description="Neo4j password. For the local server graphsvc generates one on first start "
        "and keeps it in <home>/neo4j/password.",
    )
    neo4j_database: str = Field("neo4j", description="Neo4j database name.")
    neo4j_version: str | None = Field(
        None,
        description="Override the pinned Neo4j release for the local server "
        "(default: 2026.08.1 on Java 21+, else 5.26.x LTS on Java 17).",
    )
    neo4j_bolt_port: int = Field(7687, description="Bolt port of the local Neo4j (127.0.0.1).")
    neo4j_heap: str = Field("1g", description="JVM heap of the local Neo4j (-Xms and -Xmx).")
    neo4j_pagecache: str = Field("512m", description="Page cache of the local Neo4j.")
    java_home: Path | None = Field(
        None, description="JDK to run the local Neo4j; default: the newest suitable one found."
    )
    neo4j_start_timeout: float = Field(
        180.0, description="Seconds to wait for the local Neo4j to answer on Bolt."
    )
    query_timeout: float = Field(
        10.0, description="Seconds any one API query may run in Neo4j before it is stopped."
    )
    api_host: str = Field("127.0.0.1", description="Address the API listens on.")
    api_port: int = Field(8000, description="Port the API listens on.")
    api_workers: int = Field(
        1, ge=1, le=64, description="API worker processes (each one Python process)."
    )
    api_access_log: bool = Field(True, description="Log every API request (uvicorn's access log).")
    max_page_size: int = Field(100, description="Largest page a connection returns.")
    max_query_depth: int = Field(12, description="Deepest GraphQL selection accepted.")
    max_aliases: int = Field(30, description="Most aliases one GraphQL document may use.")
    max_tokens: int = Field(2000, description="Most tokens one GraphQL document may have.")
    max_match_queries: int = Field(100, description="Most queries one /match request may carry.")
    batch_size: int = Field(5000, description="Records written to Neo4j per transaction.")
    reader_process_mb: float = Field(
        8.0,
        ge=0,
        description="Files at least this big (MiB) are parsed in a child process while the "
        "writes run (a thread reads smaller ones); 0 for every file.",
    )
    max_delisting_share: float = Field(
        0.1,
        ge=0,
        le=1,
        description="Largest share of a dataset's active sanctions one load may end; a load "
        "that would end more is refused unless run with --allow-mass-delisting.",
    )
    max_body_bytes: int = Field(
        65_536,
        ge=0,
        description="Largest request body accepted by /graphql (bytes); GraphQL's lexer "
        "runs on the event loop, so this also bounds how long one document can hold it.",
    )
    max_match_body_bytes: int = Field(
        1_048_576, ge=0, description="Largest request body accepted by /match (bytes)."
    )
    max_other_body_bytes: int = Field(
        65_536, ge=0, description="Largest request body accepted by every other path (bytes)."
    )
    rate_limits: bool = Field(
        True, description="Apply the request and cost budgets (per worker process)."
    )
    rate_anonymous: Budget = Field(
        "10/30", description="Requests per second/burst for a client address without a key."
    )
    rate_reader: Budget = Field("50/100", description="Requests per second/burst per reader key.")
    rate_writer: Budget = Field("50/100", description="Requests per second/burst per writer key.")
    rate_admin: Budget = Field("100/200", description="Requests per second/burst per admin key.")
    cost_anonymous: Budget = Field(
        "200/2000", description="Query cost per second/burst for a client address without a key."
    )
    cost_reader: Budget = Field(
        "1000/10000", description="Query cost per second/burst per reader key."
    )
    cost_writer: Budget = Field(
        "1000/10000", description="Query cost per second/burst per writer key."
    )
    cost_admin: Budget = Field(
        "2000/20000", description="Query cost per second/burst per admin key."
    )
    rate_key_refresh: float = Field(
        30.0, gt=0, description="Seconds between re-reads of the API keys the rate limits know."
    )

    atomic_load_records: int = Field(
        50_000,
        ge=0,
        description="Loads of up to this many records in all are written and resolved in one "
        "transaction, so readers see the graph before or after them; larger loads commit in "
        "batches (0: always in batches).",
    )
    write_lease_seconds: float = Field(
        60.0,
        ge=5,
        description="How long the graph's write lease lasts unless its holder renews it (a "
        "third of this apart); a writer that died frees it after this long.",
    )
    write_lease_wait: float = Field(
        0.0,
        ge=0,
        description="Seconds a load or resolution waits for another writer's lease before "
        "giving up (0: as long as it takes).",
    )
    write_wait: float = Field(
        30.0,
        ge=0,
        description="Seconds a judgement or claim through the API waits while a load holds "
        "the write lease, before answering 503.",
    )
    max_query_cost: int = Field(
        2000,
        ge=1,
        description="Highest static cost of a GraphQL operation: each field that reads Neo4j "
        "has a price, multiplied by the list sizes (`first`) above it.",
    )
    max_get_query_cost: int = Field(
        200,
        ge=0,
        description="Highest cost of a query sent with GET; a costlier one must be POSTed as JSON.",
    )
    max_query_chars: int = Field(
        100_000,
        ge=1,
        description="Longest GraphQL document accepted, in characters, comments and "
        "whitespace included.",
    )

    def local_password_file(self) -> Path:
        return self.home / "neo4j" / "password"

    def resolved_password(self, *, create: bool = False) -> str:
        """The Neo4j password: the setting, else the local server's generated one."""
        if self.neo4j_password is not None:
            return self.neo4j_password.get_secret_value()
        path = self.local_password_file()
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        if self.neo4j_uri is not None:
            raise ConfigError(
                "GRAPHSVC_NEO4J_PASSWORD is not set; it is needed for GRAPHSVC_NEO4J_URI"
            )
        if not create:
            raise ConfigError(
                f"no Neo4j password: set GRAPHSVC_NEO4J_PASSWORD or start the local server "
                f"with 'graphsvc neo4j start' (it writes {path})"
            )
        from graphsvc.neo4j_runtime.private import write_new_private

        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return write_new_private(path, secrets.token_urlsafe(18))

    def bolt_uri(self) -> str:
        if self.neo4j_uri is not None:
            return self.neo4j_uri
        return f"bolt://127.0.0.1:{self.neo4j_bolt_port}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
