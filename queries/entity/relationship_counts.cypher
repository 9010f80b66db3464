// How many relationships an entity has, by type and direction, optionally
// only those valid on a date.
// Parameters: $id, $as_of (ISO date or null). Columns: type, outgoing, count.
MATCH (e:Entity {id: $id})-[x]-(:Entity)
WHERE $as_of IS NULL OR ((x.start_key IS NULL OR x.start_key <= $as_of)
                         AND (x.end_key IS NULL OR x.end_key >= $as_of))
RETURN type(x) AS type, startNode(x) = e AS outgoing, count(*) AS count
ORDER BY type, outgoing
