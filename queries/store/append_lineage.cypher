// Add events (JSON texts: merged, split, split_from) to entities' lineage,
// which rebuilding an entity keeps.
// Parameters: $rows: list of {id, events: list of JSON texts}. Columns: none.
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
SET e.lineage = coalesce(e.lineage, []) + row.events
