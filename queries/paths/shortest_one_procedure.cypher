// One shortest path between two entities, for `paths(first: 1)`, by
// graphsvc.shortestPath: the local runtime's search from both ends, which
// goes further on the side whose next level has fewer links to read (see
// ShortestPath.java in graphsvc/neo4j_runtime/launcher). Cypher's
// shortestPath picks the side by its number of nodes: on the generated 1M
// graph, nine 4-hop searches in ten read the 30,000 links of the holding at
// one end. Servers without the procedure run paths/shortest_one_any or
// paths/shortest_one, which find paths of the same length.
// Parameters: $from, $to, $max_hops (1 to 6), $types (the link types to
//   follow: model.PATH_TYPES, or those of a filter), $as_of (or null),
//   $confirmed_only (bool).
// Columns: nodes (list of entity ids), rels (list of maps incl. type, from, to),
//   score_merged (ids of the path's entities merged on name similarity alone).
// As paths/shortest_one: links between entities only, never SANCTIONS (the
// caller's $types leave them out), so a path never passes a Sanction node.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
WHERE NOT a:Sanction AND NOT b:Sanction
CALL graphsvc.shortestPath(a, b, $max_hops, $types, $as_of, $confirmed_only)
  YIELD nodes AS path_nodes, relationships AS path_rels
RETURN [n IN path_nodes | n.id] AS nodes,
       [x IN path_rels | x {.*, type: type(x), from: startNode(x).id, to: endNode(x).id}] AS rels,
       [n IN path_nodes WHERE n.resolution = "score" | n.id] AS score_merged
