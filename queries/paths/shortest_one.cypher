// One shortest path between two entities, for `paths(first: 1)`: a single
// breadth-first search that stops at the first path found, where
// paths/shortest enumerates every equally short path to order them (through
// hubs, thousands). Which of several equally short paths comes back is not
// defined. Same filters as paths/shortest.
// Parameters: $from, $to, $max_hops, $types (list or null), $as_of (or null),
//   $confirmed_only (bool).
// Columns: nodes (list of entity ids), rels (list of maps incl. type, from, to).
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = shortestPath((a)-[*..6]-(b))
WHERE all(x IN relationships(p) WHERE ($types IS NULL OR type(x) IN $types)
      AND ($as_of IS NULL OR ((x.start_key IS NULL OR x.start_key <= $as_of)
                              AND (x.end_key IS NULL OR x.end_key >= $as_of))))
  AND all(n IN nodes(p) WHERE NOT n:Sanction
      AND (NOT $confirmed_only OR n.resolution <> "score"))
// The hop limit is checked after the search, in a clause of its own: inside
// the shortest-path WHERE, a path longer than $max_hops makes Neo4j fall back
// to enumerating every path up to 6 hops, which on a graph with hubs runs
// into the timeout. A shortest path longer than the limit means there is
// none within it.
WITH p WHERE length(p) <= $max_hops
RETURN [n IN nodes(p) | n.id] AS nodes,
       [x IN relationships(p) | x {.*, type: type(x), from: startNode(x).id, to: endNode(x).id}] AS rels
