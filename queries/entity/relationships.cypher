// One page of an entity's relationships, keyset-paginated on the edge id: no
// page skips over earlier ones, and only $limit rows come back, but each page
// still reads every relationship of the entity to order them (about 45 ms on
// an entity with 30,000 links in the 1M benchmark). The link types are
// model.EDGE_TYPES, written out (a pattern's type cannot be a parameter):
// they join entities only, so the other end needs no label check, which
// cost a sixth of the page on such an entity.
// Parameters: $id, $types (list or null), $direction ("OUT", "IN" or null),
//   $as_of (ISO date or null), $after (edge id or null), $limit.
// Columns: rel (map incl. type), other (entity id), outgoing (bool).
MATCH (e:Entity {id: $id})-[x:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SANCTIONS|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE]-(o)
WHERE ($types IS NULL OR type(x) IN $types)
  AND ($direction IS NULL OR ($direction = "OUT") = (startNode(x) = e))
  AND ($as_of IS NULL OR ((x.start_key IS NULL OR x.start_key <= $as_of)
                          AND (x.end_key IS NULL OR x.end_key >= $as_of)))
  AND ($after IS NULL OR x.id > $after)
RETURN x {.*, type: type(x)} AS rel, o.id AS other, startNode(x) = e AS outgoing
ORDER BY x.id
LIMIT $limit
