// Benchmark only (bench/run.py): the raw Bolt write ceiling, a bare CREATE of
// record nodes with the same properties graphsvc stores, into an empty database.
// Parameters: $rows: list of maps of node properties (id included). Columns: none.
UNWIND $rows AS row
CREATE (r:Record)
SET r = row
