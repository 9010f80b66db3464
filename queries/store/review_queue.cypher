// Candidate pairs to review, most useful first: pairs that touch a
// sanctioned entity, then the highest scores.
// Parameters: $skip, $limit.
// Columns: id, a, b, score, features (JSON), explanation, conflict, entity_a, entity_b,
//   useful.
MATCH (c:Candidate)
OPTIONAL MATCH (:Record {id: c.a})-[:PART_OF]->(ea:Entity)
OPTIONAL MATCH (:Record {id: c.b})-[:PART_OF]->(eb:Entity)
WITH c, ea, eb, c.score + CASE WHEN coalesce(ea.sanctioned, false) OR coalesce(eb.sanctioned, false)
                                THEN 1.0 ELSE 0.0 END AS useful
RETURN c.id AS id, c.a AS a, c.b AS b, c.score AS score, c.features AS features,
       c.explanation AS explanation, c.conflict AS conflict, ea.id AS entity_a, eb.id AS entity_b, useful
ORDER BY useful DESC, c.id
SKIP $skip
LIMIT $limit
