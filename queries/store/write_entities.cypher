// Set the derived properties and the schema label of canonical entities.
// Parameters: $rows: list of {id, schema, drop: labels to remove, props: map}.
// Columns: none.
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
SET e = row.props
SET e.id = row.id
SET e:$(row.schema)
REMOVE e:$(row.drop)
