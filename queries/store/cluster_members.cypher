// Every record of the entities that the given records belong to.
// Parameters: $ids: record ids. Columns: id, schema, props (JSON), dataset, entity.
UNWIND $ids AS rid
MATCH (:Record {id: rid})-[:PART_OF]->(e:Entity)<-[:PART_OF]-(r:Record)
RETURN DISTINCT r.id AS id, r.schema AS schema, r.props AS props, r.dataset AS dataset,
       e.id AS entity
