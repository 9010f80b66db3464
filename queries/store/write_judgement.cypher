// Store a person's judgement on a pair of records (judging again replaces
// it) and take the pair off the review queue.
// Parameters: $id, $a, $b (record ids, sorted), $verdict, $user, $at, $note.
// Columns: id, previous (the judgement it replaces: {verdict, user, at, note},
//   or null).
OPTIONAL MATCH (old:Judgement {id: $id})
WITH old {.verdict, .user, .at, .note} AS previous
MERGE (j:Judgement {id: $id})
SET j.a = $a, j.b = $b, j.verdict = $verdict, j.user = $user, j.at = $at, j.note = $note
WITH j, previous
OPTIONAL MATCH (c:Candidate {id: $id})
DELETE c
RETURN j.id AS id, previous
