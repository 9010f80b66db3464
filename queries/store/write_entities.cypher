// Set the derived properties and the schema label of canonical entities,
// keeping what is not derived from the records: when the id was minted, and
// the entity's lineage of merges and splits.
// Parameters: $rows: list of {id, schema, drop: labels to remove, props: map}.
// Columns: none.
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
WITH e, row, e.minted AS minted, e.lineage AS lineage
SET e = row.props
SET e.id = row.id, e.minted = minted, e.lineage = lineage
SET e:$(row.schema)
REMOVE e:$(row.drop)
