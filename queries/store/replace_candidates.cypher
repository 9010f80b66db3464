// Replace the review queue with the current candidate pairs. Pairs already
// judged are left out by the caller.
// Parameters: $rows: list of {id, a, b, score, features (JSON), explanation,
//   conflict: why a link at or above the merge threshold was refused, or null}.
// Columns: none.
MATCH (c:Candidate)
WHERE NOT c.id IN [row IN $rows | row.id]
DELETE c
WITH count(*) AS _
UNWIND $rows AS row
MERGE (c:Candidate {id: row.id})
SET c.a = row.a, c.b = row.b, c.score = row.score, c.features = row.features,
    c.explanation = row.explanation, c.conflict = row.conflict
