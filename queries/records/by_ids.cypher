// Source records by id (the evidence behind edges).
// Parameters: $ids. Columns: record (map; publisher: its dataset's, from the
//   source note, or null).
UNWIND $ids AS rid
MATCH (r:Record {id: rid})
RETURN r {.id, .dataset, .schema, .source_id, .source_url, .published, .retrieved,
          .origin, .raw, .props, .citations, .first_seen, .last_seen, .caption,
          publisher: COLLECT { MATCH (d:Dataset {name: r.dataset}) RETURN d.publisher }[0]} AS record
