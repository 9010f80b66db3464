// graphsvc's own procedures that this server has: the local runtime
// registers them (graphsvc/neo4j_runtime/launcher); another server, such as
// the Docker image or Aura, has none, and the API runs plain Cypher instead.
// Parameters: none.
// Columns: names (list of procedure names).
SHOW PROCEDURES YIELD name
WHERE name STARTS WITH "graphsvc."
RETURN collect(name) AS names
