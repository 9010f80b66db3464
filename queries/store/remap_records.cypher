// Point records at their (new) canonical entity, creating it if needed with
// the time its id was minted (an id minted again no longer redirects); the
// records stay marked unresolved until both entities are rebuilt.
// Parameters: $rows: list of {record, entity}; $at: now (ISO datetime).
// Columns: none.
UNWIND $rows AS row
MATCH (r:Record {id: row.record})
SET r.unresolved = true
WITH r, row
OPTIONAL MATCH (r)-[old:PART_OF]->()
DELETE old
MERGE (e:Entity {id: row.entity})
  ON CREATE SET e.minted = $at
MERGE (r)-[:PART_OF]->(e)
WITH DISTINCT row.entity AS entity
MATCH (gone:Redirect {id: entity})
DELETE gone
