// Give the write lease back, if this holder still has it: the lock node goes
// (the next writer makes it again), so a load that wrote nothing leaves no trace.
// Parameters: $holder. Columns: none.
MATCH (l:WriteLock {id: 'people'})
WHERE l.holder = $holder
DELETE l
