// Store records' blocking keys (graphsvc.resolve.blocking), which the index
// record_block_keys finds them by when a load touches a record sharing one.
// Parameters: $rows: list of {id, keys}. Columns: none.
UNWIND $rows AS row
MATCH (r:Record {id: row.id})
SET r.block_keys = row.keys
