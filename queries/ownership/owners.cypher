// Ownership chains ending at an entity (its direct and indirect owners), as
// of a date, up to 6 levels. One row: an entity with hundreds of chains costs
// the driver one record to decode instead of hundreds, and each link carries
// only what the share arithmetic and its citations need.
// Parameters: $id, $as_of (or null), $day (ISO date the sanctions are read
//   on), $limit.
// Columns: chains (list of maps: chain (entity ids, top owner first), links
//   (maps of percentage and record_ids, in chain order), sanctioned (ids of
//   the entities on the chain with a sanction term in force on $day, see
//   graphsvc.sanctions)).
MATCH p = (o:Entity)-[:OWNERSHIP*1..6]->(x:Entity {id: $id})
WHERE all(r IN relationships(p) WHERE $as_of IS NULL OR
          ((r.start_key IS NULL OR r.start_key <= $as_of) AND (r.end_key IS NULL OR r.end_key >= $as_of)))
WITH p LIMIT $limit
RETURN collect({chain: [n IN nodes(p) | n.id],
                links: [r IN relationships(p) | r {.percentage, .record_ids}],
                sanctioned: [n IN nodes(p) WHERE any(t IN n.sanction_terms
                                                 WHERE left(t, 10) <= $day AND $day < substring(t, 11, 10))
                                      | n.id]}) AS chains
