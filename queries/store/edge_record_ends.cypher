// The canonical entities at the ends of relationship records.
// Parameters: $ids: relationship record ids. Columns: id (entity id).
UNWIND $ids AS rid
MATCH (:Record {id: rid})-[:END]->(:Record)-[:PART_OF]->(e:Entity)
RETURN DISTINCT e.id AS id
