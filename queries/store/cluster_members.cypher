// Every record of the entities that the given records belong to (the given
// records included: hence two MATCH clauses, so that one PART_OF relationship
// may be matched by both).
// Parameters: $ids: record ids. Columns: id, schema, props (JSON), dataset, entity.
UNWIND $ids AS rid
MATCH (:Record {id: rid})-[:PART_OF]->(e:Entity)
MATCH (r:Record)-[:PART_OF]->(e)
RETURN DISTINCT r.id AS id, r.schema AS schema, r.props AS props, r.dataset AS dataset,
       e.id AS entity
