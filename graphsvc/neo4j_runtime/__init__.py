"""A real Neo4j Community server for machines without Docker.

Neo4j's jars come from Maven Central (built once into the cache directory by
Maven), and a small launcher shipped in ``launcher/`` runs them with Bolt on
127.0.0.1. See docs/neo4j.md.
"""
