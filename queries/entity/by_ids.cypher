// Canonical entities by id; an id of a merged record or of any source record
// leads to the canonical entity it belongs to. Records are looked up only for
// ids that are not entity ids (most requests name entities).
// Parameters: $ids: list of ids.
// Columns: requested, entity (map of node properties but the ones kept for
//   search: search_text and folded_names; or null).
UNWIND $ids AS requested
OPTIONAL MATCH (direct:Entity {id: requested})
WITH requested, direct,
     CASE WHEN direct IS NULL
          THEN COLLECT { MATCH (:Record {id: requested})-[:PART_OF]->(v:Entity) RETURN v LIMIT 1 }
          ELSE [] END AS via
WITH requested, coalesce(direct, via[0]) AS e
RETURN requested, CASE WHEN e IS NULL THEN null ELSE e {.*, search_text: null, folded_names: null} END AS entity
