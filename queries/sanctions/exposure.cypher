// Entities sanctioned on $day within a few hops of an entity, each with one
// shortest path over links between entities that passes through no Sanction node (the
// link types are paths/shortest_one's; see there why SANCTIONS is not one).
// At most 4 hops; $max_hops picks the branch with that bound (the other
// branches return no row before they search), because a quantifier's bound
// cannot be a parameter and a search to 4 hops from a node next to a hub
// reaches much of the graph. Each branch is one breadth-first search from the
// entity that finds the shortest path to every sanctioned entity in reach; a
// search per sanctioned entity would run tens of thousands of them on a large
// graph. A target has a sanction term in force on $day (graphsvc.sanctions).
// Parameters: $id, $max_hops (1 to 4), $day (ISO date), $limit.
// Columns: target (entity id), nodes (ids), rels (maps incl. type, from, to),
//   score_merged (ids of the path's entities merged on name similarity alone).
MATCH (e:Entity {id: $id})
CALL (e) {
  WITH e WHERE $max_hops = 1
  MATCH p = ANY SHORTEST (e)(()-[:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE]-()){1,1}(t:Entity WHERE t <> e AND any(term IN t.sanction_terms WHERE left(term, 10) <= $day AND $day < substring(term, 11, 10)))
  RETURN t, p
  UNION ALL
  WITH e WHERE $max_hops = 2
  MATCH p = ANY SHORTEST (e)(()-[:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE]-()){1,2}(t:Entity WHERE t <> e AND any(term IN t.sanction_terms WHERE left(term, 10) <= $day AND $day < substring(term, 11, 10)))
  RETURN t, p
  UNION ALL
  WITH e WHERE $max_hops = 3
  MATCH p = ANY SHORTEST (e)(()-[:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE]-()){1,3}(t:Entity WHERE t <> e AND any(term IN t.sanction_terms WHERE left(term, 10) <= $day AND $day < substring(term, 11, 10)))
  RETURN t, p
  UNION ALL
  WITH e WHERE $max_hops = 4
  MATCH p = ANY SHORTEST (e)(()-[:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE]-()){1,4}(t:Entity WHERE t <> e AND any(term IN t.sanction_terms WHERE left(term, 10) <= $day AND $day < substring(term, 11, 10)))
  RETURN t, p
}
RETURN t.id AS target, [n IN nodes(p) | n.id] AS nodes,
       [x IN relationships(p) | x {.*, type: type(x), from: startNode(x).id, to: endNode(x).id}] AS rels,
       [n IN nodes(p) WHERE n.resolution = "score" | n.id] AS score_merged
ORDER BY length(p), t.caption
LIMIT $limit
