// Stub records for link targets not loaded yet; a later load fills them in.
// In a statement of its own: creating Record nodes in the statement that
// also looks records up would make Neo4j buffer every row (Eager).
// Parameters: $ids: list of record ids. Columns: none.
UNWIND $ids AS id
MERGE (t:Record {id: id})
  ON CREATE SET t.stub = true
