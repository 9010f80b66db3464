// How many records the graph holds (from Neo4j's count store: no scan).
// Parameters: none. Columns: n.
MATCH (r:Record)
RETURN count(r) AS n
