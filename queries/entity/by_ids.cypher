// Canonical entities by id; an id of a merged record or of any source record
// leads to the canonical entity it belongs to, and so does the former id of an
// entity merged into another. Records and redirects are looked up only for ids
// that are not entity ids (most requests name entities).
// Parameters: $ids: list of ids.
// Columns: requested, entity (map of node properties but the ones kept for
//   search: search_text and folded_names; or null), redirect (map of reason
//   and at when the id was an entity's that was merged; or null).
UNWIND $ids AS requested
OPTIONAL MATCH (direct:Entity {id: requested})
WITH requested, direct,
     CASE WHEN direct IS NULL
          THEN COLLECT { MATCH (:Record {id: requested})-[:PART_OF]->(v:Entity) RETURN v LIMIT 1 }
          ELSE [] END AS via
WITH requested, direct, via,
     CASE WHEN direct IS NULL AND size(via) = 0
          THEN COLLECT { MATCH (r:Redirect {id: requested}) MATCH (s:Entity {id: r.to})
                         RETURN {entity: s, reason: r.reason, at: r.at} LIMIT 1 }
          ELSE [] END AS moved
WITH requested, coalesce(direct, via[0], moved[0].entity) AS e,
     CASE WHEN size(moved) = 0 THEN null
          ELSE {reason: moved[0].reason, at: moved[0].at} END AS redirect
RETURN requested,
       CASE WHEN e IS NULL THEN null ELSE e {.*, search_text: null, folded_names: null} END AS entity,
       redirect
