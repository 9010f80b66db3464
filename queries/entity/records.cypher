// The source records behind canonical entities, as read.
// Parameters: $ids: canonical entity ids.
// Columns: entity, record (map; publisher: its dataset's, from the source
//   note, or null).
UNWIND $ids AS cid
MATCH (r:Record)-[:PART_OF]->(:Entity {id: cid})
RETURN cid AS entity, r {.id, .dataset, .schema, .source_id, .source_url, .published,
                         .retrieved, .origin, .raw, .props, .citations, .first_seen,
                         .last_seen, .caption,
                         publisher: COLLECT { MATCH (d:Dataset {name: r.dataset})
                                              RETURN d.publisher }[0]} AS record
ORDER BY r.dataset, r.id
