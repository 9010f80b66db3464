"""The graph as the API reads it: typed rows, the ``Store`` interface and
``Neo4jStore``, which runs the named queries of ``queries/`` on Neo4j."""

from graphsvc.graph.protocol import ProcedureMissing, Store

__all__ = ["ProcedureMissing", "Store"]
