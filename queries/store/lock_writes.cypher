// Take the write lock of people's writes (judgements, claims) for the rest of
// the transaction: a second one waits here until the first commits. Setting
// and removing a property leaves the node as it was; its lock stays held.
// Also says whether a long writer (a load) holds the write lease
// (store/acquire_lease): then this write must wait for it.
// Parameters: none. Columns: id, holder (null when the lease is free or ran
//   out), since.
MERGE (l:WriteLock {id: 'people'})
SET l.held = true
REMOVE l.held
RETURN l.id AS id,
       CASE WHEN l.expires >= datetime() THEN l.holder END AS holder,
       CASE WHEN l.expires >= datetime() THEN l.since END AS since
