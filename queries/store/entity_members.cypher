// The member records of canonical entities, for deriving their properties.
// Parameters: $ids: list of canonical entity ids.
// Columns: id, labels, members (list of {id, schema, dataset, props, names,
//   first_seen, last_seen, ended, published, source_url, origin}).
UNWIND $ids AS cid
MATCH (e:Entity {id: cid})
OPTIONAL MATCH (r:Record)-[:PART_OF]->(e)
WITH e, collect(r {.id, .schema, .dataset, .props, .names, .first_seen, .last_seen,
                   .ended, .published, .source_url, .origin}) AS members
RETURN e.id AS id, labels(e) AS labels, members
