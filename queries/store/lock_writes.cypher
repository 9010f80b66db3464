// Take the write lock of people's writes (judgements, claims) for the rest of
// the transaction: a second one waits here until the first commits. Setting
// and removing a property leaves the node as it was; its lock stays held.
// Parameters: none. Columns: id.
MERGE (l:WriteLock {id: 'people'})
SET l.held = true
REMOVE l.held
RETURN l.id AS id
