// One shortest path between two entities over every kind of link, for
// `paths(first: 1)` without filters: paths/shortest_one without its type,
// date and confirmed-merge predicates, which the search evaluates on every
// link and entity it visits even when they are null (a fifth of a 4-hop
// search on the generated 1M graph).
// Parameters: $from, $to, $max_hops (1 to 6).
// Columns: nodes (list of entity ids), rels (list of maps incl. type, from, to),
//   score_merged (ids of the path's entities merged on name similarity alone).
// The link types and the end checks are paths/shortest_one's; see there.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
WHERE NOT a:Sanction AND NOT b:Sanction
// $max_hops picks the branch whose pattern has that bound (the others return
// no row before they search): a pattern's bound cannot be a parameter, and
// the search has to stop at it. A bound of 6 with `length(p) <= $max_hops`
// checked after the search looked up to 6 hops out whenever nothing was
// within the limit; inside the search's WHERE, the same check made Neo4j
// fall back to enumerating every path up to 6 hops.
CALL (a, b) {
  WITH a, b WHERE $max_hops = 1
  MATCH p = shortestPath((a)-[:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE*..1]-(b))
  RETURN p
  UNION ALL
  WITH a, b WHERE $max_hops = 2
  MATCH p = shortestPath((a)-[:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE*..2]-(b))
  RETURN p
  UNION ALL
  WITH a, b WHERE $max_hops = 3
  MATCH p = shortestPath((a)-[:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE*..3]-(b))
  RETURN p
  UNION ALL
  WITH a, b WHERE $max_hops = 4
  MATCH p = shortestPath((a)-[:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE*..4]-(b))
  RETURN p
  UNION ALL
  WITH a, b WHERE $max_hops = 5
  MATCH p = shortestPath((a)-[:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE*..5]-(b))
  RETURN p
  UNION ALL
  WITH a, b WHERE $max_hops = 6
  MATCH p = shortestPath((a)-[:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE*..6]-(b))
  RETURN p
}
RETURN [n IN nodes(p) | n.id] AS nodes,
       [x IN relationships(p) | x {.*, type: type(x), from: startNode(x).id, to: endNode(x).id}] AS rels,
       [n IN nodes(p) WHERE n.resolution = "score" | n.id] AS score_merged
