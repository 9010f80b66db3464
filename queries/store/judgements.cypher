// Every human judgement on a pair of records.
// Parameters: none. Columns: a, b, verdict, user, at.
MATCH (j:Judgement)
RETURN j.a AS a, j.b AS b, j.verdict AS verdict, j.user AS user, j.at AS at
ORDER BY j.at
