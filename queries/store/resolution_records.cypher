// Records as the resolver reads them, by id, with their entity (null for a
// new one) and stored blocking keys.
// Parameters: $ids: record ids.
// Columns: id, schema, props (JSON), dataset, entity, keys.
UNWIND $ids AS rid
MATCH (r:Record {id: rid})
WHERE r.stub IS NULL
OPTIONAL MATCH (r)-[:PART_OF]->(e:Entity)
RETURN r.id AS id, r.schema AS schema, r.props AS props, r.dataset AS dataset,
       e.id AS entity, r.block_keys AS keys
