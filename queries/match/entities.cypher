// What /match returns and scores of each candidate entity.
// Parameters: $ids: canonical entity ids.
// Columns: id, schema, caption, properties (JSON {prop: [{value, records}]}),
//   datasets, first_seen, last_seen, sanction_terms (see graphsvc.sanctions:
//   the caller works out yente's target flag for its day), referents (record ids).
UNWIND $ids AS cid
MATCH (e:Entity {id: cid})
RETURN e.id AS id, e.schema AS schema, e.caption AS caption, e.properties AS properties,
       coalesce(e.datasets, []) AS datasets, e.first_seen AS first_seen,
       e.last_seen AS last_seen, coalesce(e.sanction_terms, []) AS sanction_terms,
       COLLECT { MATCH (r:Record)-[:PART_OF]->(e) RETURN r.id ORDER BY r.id } AS referents
