// Benchmark only (bench/run.py): bare CREATE of END/REF relationships between
// records, ends found by id, for the raw Bolt write ceiling.
// Parameters: $rows: list of {a, b, kind: "END" | "REF"}. Columns: none.
UNWIND $rows AS row
MATCH (a:Record {id: row.a}), (b:Record {id: row.b})
CREATE (a)-[:$(row.kind)]->(b)
