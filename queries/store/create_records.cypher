// Create records known to be new (store/existing_records found none of them):
// no lookup and no hash compare, which the upsert in store/write_records needs.
// Parameters: $rows: list of {id, hash, seen, fields: map of record properties}.
// Columns: none.
UNWIND $rows AS row
CREATE (r:Record {id: row.id})
SET r += row.fields, r.hash = row.hash, r.first_seen = row.seen, r.last_seen = row.seen
