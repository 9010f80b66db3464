// Create records known to be new (store/existing_records found none of them):
// no lookup and no hash compare, which the upsert in store/write_records needs.
// A plain CREATE then SET of one map: naming the id in the CREATE pattern
// would make Neo4j buffer every row (Eager) before setting the map.
// Parameters: $rows: list of maps of record properties (id, hash, first_seen,
//   last_seen and the record's fields). Columns: none.
UNWIND $rows AS row
CREATE (r:Record)
SET r = row
