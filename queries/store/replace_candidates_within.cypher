// Replace the candidate pairs among some records (after a judgement or a load
// resolved them again), leaving the rest of the review queue as it is: a pair
// with one record outside was not scored again, and stays.
// Parameters: $ids: record ids; $keep: ids of the pairs in $rows; $rows: list
//   of {id, a, b, score, features, explanation, conflict}.
// Columns: none.
UNWIND $ids AS rid
MATCH (c:Candidate {a: rid})
WHERE c.b IN $ids AND NOT c.id IN $keep
DELETE c
WITH count(*) AS _
UNWIND $rows AS row
MERGE (c:Candidate {id: row.id})
SET c.a = row.a, c.b = row.b, c.score = row.score, c.features = row.features,
    c.explanation = row.explanation, c.conflict = row.conflict
