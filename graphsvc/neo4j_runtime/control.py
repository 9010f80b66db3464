"""The local Neo4j as configured by Settings, for the CLI and the service."""

from __future__ import annotations

from collections.abc import Callable

from graphsvc.neo4j_runtime.server import LocalNeo4j
from graphsvc.settings import Settings


def local_server(settings: Settings, log: Callable[[str], None] = print) -> LocalNeo4j:
    return LocalNeo4j(
        data_dir=settings.home / "neo4j",
        cache_dir=settings.cache_dir,
        port=settings.neo4j_bolt_port,
        password=settings.resolved_password(create=True),
        heap=settings.neo4j_heap,
        pagecache=settings.neo4j_pagecache,
        version=settings.neo4j_version,
        java_home=settings.java_home,
        log=log,
    )
