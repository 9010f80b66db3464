// Replace the candidate pairs among some records (after a judgement changed
// their clusters), leaving the rest of the review queue as it is.
// Parameters: $ids: record ids; $rows: list of {id, a, b, score, features, explanation, conflict}.
// Columns: none.
MATCH (c:Candidate)
WHERE (c.a IN $ids OR c.b IN $ids) AND NOT c.id IN [row IN $rows | row.id]
DELETE c
WITH count(*) AS _
UNWIND $rows AS row
MERGE (c:Candidate {id: row.id})
SET c.a = row.a, c.b = row.b, c.score = row.score, c.features = row.features,
    c.explanation = row.explanation, c.conflict = row.conflict
