// Benchmark only (bench/run.py): bare CREATE of identifier nodes (keys unique
// by construction), for the raw Bolt write ceiling.
// Parameters: $rows: list of {key, scheme, value, valid, raw}. Columns: none.
UNWIND $rows AS row
CREATE (i:Identifier {key: row.key, scheme: row.scheme, value: row.value, valid: row.valid})
