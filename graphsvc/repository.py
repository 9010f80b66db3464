"""The former name of the API's store, for code that still imports it."""

from graphsvc.graph.neo4j_store import Neo4jStore as Repository
from graphsvc.graph.protocol import ProcedureMissing

__all__ = ["ProcedureMissing", "Repository"]
