// Candidate pairs to review, most useful first: pairs that touch an entity
// with a sanction term in force on $day (graphsvc.sanctions), then the
// highest scores.
// Parameters: $skip, $limit, $day (ISO date).
// Columns: id, a, b, score, features (JSON), explanation, conflict, entity_a, entity_b,
//   useful.
MATCH (c:Candidate)
OPTIONAL MATCH (:Record {id: c.a})-[:PART_OF]->(ea:Entity)
OPTIONAL MATCH (:Record {id: c.b})-[:PART_OF]->(eb:Entity)
WITH c, ea, eb, c.score + CASE
       WHEN any(t IN coalesce(ea.sanction_terms, []) + coalesce(eb.sanction_terms, [])
                WHERE left(t, 10) <= $day AND $day < substring(t, 11, 10))
       THEN 1.0 ELSE 0.0 END AS useful
RETURN c.id AS id, c.a AS a, c.b AS b, c.score AS score, c.features AS features,
       c.explanation AS explanation, c.conflict AS conflict, ea.id AS entity_a, eb.id AS entity_b, useful
ORDER BY useful DESC, c.id
SKIP $skip
LIMIT $limit
