// Point records at their (new) canonical entity, creating it if needed; the
// records stay marked unresolved until both entities are rebuilt.
// Parameters: $rows: list of {record, entity}. Columns: none.
UNWIND $rows AS row
MATCH (r:Record {id: row.record})
SET r.unresolved = true
WITH r, row
OPTIONAL MATCH (r)-[old:PART_OF]->()
DELETE old
MERGE (e:Entity {id: row.entity})
MERGE (r)-[:PART_OF]->(e)
