"""graphsvc: an entity knowledge graph for accountability investigations."""

__version__ = "0.1.0"
