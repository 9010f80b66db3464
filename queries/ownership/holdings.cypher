// Ownership chains starting at an entity (what it holds, directly and
// indirectly), as of a date, up to 6 levels.
// Parameters: $id, $as_of (or null), $limit.
// Columns: chain (entity ids, this entity first), links (maps, in chain order).
MATCH p = (x:Entity {id: $id})-[:OWNERSHIP*1..6]->(h:Entity)
WHERE all(r IN relationships(p) WHERE $as_of IS NULL OR
          ((r.start_key IS NULL OR r.start_key <= $as_of) AND (r.end_key IS NULL OR r.end_key >= $as_of)))
RETURN [n IN nodes(p) | n.id] AS chain, [r IN relationships(p) | r {.*}] AS links
LIMIT $limit
