// Ownership chains starting at an entity (what it holds, directly and
// indirectly), as of a date, up to 6 levels. One row, as in ownership/owners.
// Parameters: $id, $as_of (or null), $limit.
// Columns: chains (list of maps: chain (entity ids, this entity first), links
//   (maps of percentage and record_ids, in chain order)).
MATCH p = (x:Entity {id: $id})-[:OWNERSHIP*1..6]->(h:Entity)
WHERE all(r IN relationships(p) WHERE $as_of IS NULL OR
          ((r.start_key IS NULL OR r.start_key <= $as_of) AND (r.end_key IS NULL OR r.end_key >= $as_of)))
WITH p LIMIT $limit
RETURN collect({chain: [n IN nodes(p) | n.id],
                links: [r IN relationships(p) | r {.percentage, .record_ids}]}) AS chains
