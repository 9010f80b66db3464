// Canonical entities by id; an id of a merged record or of any source record
// leads to the canonical entity it belongs to.
// Parameters: $ids: list of ids.
// Columns: requested, entity (map of node properties but the full-text index's
//   search_text, or null).
UNWIND $ids AS requested
OPTIONAL MATCH (direct:Entity {id: requested})
OPTIONAL MATCH (:Record {id: requested})-[:PART_OF]->(via:Entity)
WITH requested, coalesce(direct, via) AS e
RETURN requested, CASE WHEN e IS NULL THEN null ELSE e {.*, search_text: null} END AS entity
