// Records whose entities are rebuilt: no longer pending.
// Parameters: $ids: record ids. Columns: none.
UNWIND $ids AS id
MATCH (r:Record {id: id})
WHERE r.unresolved IS NOT NULL
REMOVE r.unresolved
