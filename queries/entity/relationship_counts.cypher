// How many relationships an entity has, by type and direction, optionally
// only those valid on a date (without one, entity/relationship_counts_all
// counts from the degree store). The link types are entity/relationships'.
// Parameters: $id, $as_of (ISO date or null). Columns: type, outgoing, count.
MATCH (e:Entity {id: $id})-[x:ASSOCIATE|AWARDED_BY|CONTRACT_AWARD|DEVELOPED_BY|DEVELOPMENT|DIRECTORSHIP|EMPLOYMENT|FAMILY|IDENTIFIES|ISSUED_BY|MEMBERSHIP|OCCUPANCY|OWNERSHIP|PARTICIPATION|POSITION_AT|PRIZE_AWARD|REPRESENTATION|SANCTIONS|SUCCESSION|SUPPLY|UNKNOWN_LINK|USAGE]-()
WHERE $as_of IS NULL OR ((x.start_key IS NULL OR x.start_key <= $as_of)
                         AND (x.end_key IS NULL OR x.end_key >= $as_of))
RETURN type(x) AS type, startNode(x) = e AS outgoing, count(*) AS count
ORDER BY type, outgoing
