// After a resolution that rebuilt the entities of every record marked
// unresolved (it reads them all first): none is pending any more. Run in an
// implicit transaction, in chunks, so a whole-graph load clears in one call.
// Parameters: none. Columns: none.
MATCH (r:Record)
WHERE r.unresolved = true
CALL (r) {
  REMOVE r.unresolved
} IN TRANSACTIONS OF 10000 ROWS
