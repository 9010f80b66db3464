// Source records by id (the evidence behind edges).
// Parameters: $ids. Columns: record (map).
UNWIND $ids AS rid
MATCH (r:Record {id: rid})
RETURN r {.id, .dataset, .schema, .source_id, .source_url, .published, .retrieved,
          .origin, .raw, .props, .citations, .first_seen, .last_seen, .caption} AS record
