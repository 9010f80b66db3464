// Give the write lease back, if this holder still has it.
// Parameters: $holder. Columns: none.
MATCH (l:WriteLock {id: 'people'})
WHERE l.holder = $holder
REMOVE l.holder, l.expires, l.since
