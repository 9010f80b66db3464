// clear_unresolved inside a caller's transaction (a load committed whole),
// where CALL ... IN TRANSACTIONS cannot run.
// Parameters: none. Columns: none.
MATCH (r:Record)
WHERE r.unresolved = true
REMOVE r.unresolved
