// Shortest paths between two entities, at most $max_hops hops (1 to 6),
// optionally only over some relationship types, as of a date, and only
// through entities whose merges are confirmed.
// Parameters: $from, $to, $max_hops (1 to 6), $types (list or null), $as_of
//   (or null), $confirmed_only (bool), $limit.
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
  MATCH p = allShortestPaths((a)-[:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE*..1]-(b))
    WHERE all(x IN relationships(p) WHERE ($types IS NULL OR type(x) IN $types)
          AND ($as_of IS NULL OR ((x.start_key IS NULL OR x.start_key <= $as_of)
                                  AND (x.end_key IS NULL OR x.end_key >= $as_of))))
      AND all(n IN nodes(p) WHERE NOT $confirmed_only OR n.resolution <> "score")
  RETURN p
  UNION ALL
  WITH a, b WHERE $max_hops = 2
  MATCH p = allShortestPaths((a)-[:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE*..2]-(b))
    WHERE all(x IN relationships(p) WHERE ($types IS NULL OR type(x) IN $types)
          AND ($as_of IS NULL OR ((x.start_key IS NULL OR x.start_key <= $as_of)
                                  AND (x.end_key IS NULL OR x.end_key >= $as_of))))
      AND all(n IN nodes(p) WHERE NOT $confirmed_only OR n.resolution <> "score")
  RETURN p
  UNION ALL
  WITH a, b WHERE $max_hops = 3
  MATCH p = allShortestPaths((a)-[:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE*..3]-(b))
    WHERE all(x IN relationships(p) WHERE ($types IS NULL OR type(x) IN $types)
          AND ($as_of IS NULL OR ((x.start_key IS NULL OR x.start_key <= $as_of)
                                  AND (x.end_key IS NULL OR x.end_key >= $as_of))))
      AND all(n IN nodes(p) WHERE NOT $confirmed_only OR n.resolution <> "score")
  RETURN p
  UNION ALL
  WITH a, b WHERE $max_hops = 4
  MATCH p = allShortestPaths((a)-[:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE*..4]-(b))
    WHERE all(x IN relationships(p) WHERE ($types IS NULL OR type(x) IN $types)
          AND ($as_of IS NULL OR ((x.start_key IS NULL OR x.start_key <= $as_of)
                                  AND (x.end_key IS NULL OR x.end_key >= $as_of))))
      AND all(n IN nodes(p) WHERE NOT $confirmed_only OR n.resolution <> "score")
  RETURN p
  UNION ALL
  WITH a, b WHERE $max_hops = 5
  MATCH p = allShortestPaths((a)-[:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE*..5]-(b))
    WHERE all(x IN relationships(p) WHERE ($types IS NULL OR type(x) IN $types)
          AND ($as_of IS NULL OR ((x.start_key IS NULL OR x.start_key <= $as_of)
                                  AND (x.end_key IS NULL OR x.end_key >= $as_of))))
      AND all(n IN nodes(p) WHERE NOT $confirmed_only OR n.resolution <> "score")
  RETURN p
  UNION ALL
  WITH a, b WHERE $max_hops = 6
  MATCH p = allShortestPaths((a)-[:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE*..6]-(b))
    WHERE all(x IN relationships(p) WHERE ($types IS NULL OR type(x) IN $types)
          AND ($as_of IS NULL OR ((x.start_key IS NULL OR x.start_key <= $as_of)
                                  AND (x.end_key IS NULL OR x.end_key >= $as_of))))
      AND all(n IN nodes(p) WHERE NOT $confirmed_only OR n.resolution <> "score")
  RETURN p
}
RETURN [n IN nodes(p) | n.id] AS nodes,
       [x IN relationships(p) | x {.*, type: type(x), from: startNode(x).id, to: endNode(x).id}] AS rels,
       [n IN nodes(p) WHERE n.resolution = "score" | n.id] AS score_merged
ORDER BY length(p), [n IN nodes(p) | n.id], [x IN relationships(p) | x.id]
LIMIT $limit
