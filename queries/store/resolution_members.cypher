// Every record of the entities that the given records belong to, as the
// resolver reads them (see resolution_records).
// Parameters: $ids: record ids.
// Columns: id, schema, props (JSON), dataset, entity, keys.
UNWIND $ids AS rid
MATCH (:Record {id: rid})-[:PART_OF]->(e:Entity)
MATCH (r:Record)-[:PART_OF]->(e)
RETURN DISTINCT r.id AS id, r.schema AS schema, r.props AS props, r.dataset AS dataset,
       e.id AS entity, r.block_keys AS keys
