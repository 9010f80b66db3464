// Benchmark only (bench/run.py): bare CREATE of HAS_IDENTIFIER relationships,
// for the raw Bolt write ceiling.
// Parameters: $rows: list of {a (record id), b (identifier key)}. Columns: none.
UNWIND $rows AS row
MATCH (a:Record {id: row.a}), (i:Identifier {key: row.b})
CREATE (a)-[:HAS_IDENTIFIER]->(i)
