"""Which properties of a record name other records (entity references): FtM's
entity-typed properties, graphsvc's own schemata included (graphsvc.schemata)."""

from __future__ import annotations

from graphsvc.schemata import is_reference

__all__ = ["is_reference"]
