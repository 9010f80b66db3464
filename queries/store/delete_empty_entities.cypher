// Remove canonical entities that no record belongs to any more.
// Parameters: $ids: candidate entity ids. Columns: deleted (count).
UNWIND $ids AS cid
MATCH (e:Entity {id: cid})
WHERE NOT EXISTS { (:Record)-[:PART_OF]->(e) }
DETACH DELETE e
RETURN count(*) AS deleted
