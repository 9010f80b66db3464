// Which canonical entity each stored record belongs to now.
// Parameters: none. Columns: record, schema (the record's), entity (null for
//   relationship records).
MATCH (r:Record)
WHERE r.stub IS NULL
OPTIONAL MATCH (r)-[:PART_OF]->(e:Entity)
RETURN r.id AS record, r.schema AS schema, e.id AS entity
