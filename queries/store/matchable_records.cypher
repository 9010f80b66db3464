// Records the resolver compares: entities of matchable schemata.
// Parameters: $schemata: list of schema names.
// Columns: id, schema, props (JSON text), dataset, keys (the blocking keys
//   stored on the record, or null).
MATCH (r:Record)
WHERE r.schema IN $schemata AND r.stub IS NULL
RETURN r.id AS id, r.schema AS schema, r.props AS props, r.dataset AS dataset,
       r.block_keys AS keys
