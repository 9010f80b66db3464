// Ownership chains ending at an entity (its direct and indirect owners), as
// of a date, up to 6 levels.
// Parameters: $id, $as_of (or null), $limit.
// Columns: chain (entity ids, top owner first), links (maps, in chain order),
//   sanctioned (ids of the entities on the chain under an active sanction).
MATCH p = (o:Entity)-[:OWNERSHIP*1..6]->(x:Entity {id: $id})
WHERE all(r IN relationships(p) WHERE $as_of IS NULL OR
          ((r.start_key IS NULL OR r.start_key <= $as_of) AND (r.end_key IS NULL OR r.end_key >= $as_of)))
RETURN [n IN nodes(p) | n.id] AS chain, [r IN relationships(p) | r {.*}] AS links,
       [n IN nodes(p) WHERE n.sanctioned | n.id] AS sanctioned
LIMIT $limit
