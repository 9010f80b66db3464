// Sanctioned entities within a few hops of an entity, each with one shortest
// path. Upper bound 4 hops; the caller narrows with $max_hops.
// Parameters: $id, $max_hops, $limit.
// Columns: target (entity id), nodes (ids), rels (maps incl. type, from, to).
MATCH (e:Entity {id: $id})
MATCH (t:Entity {sanctioned: true})
WHERE t <> e
MATCH p = shortestPath((e)-[*..4]-(t))
WHERE length(p) <= $max_hops AND all(n IN nodes(p) WHERE NOT n:Sanction)
RETURN t.id AS target, [n IN nodes(p) | n.id] AS nodes,
       [x IN relationships(p) | x {.*, type: type(x), from: startNode(x).id, to: endNode(x).id}] AS rels
ORDER BY length(p), t.caption
LIMIT $limit
