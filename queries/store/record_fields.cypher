// The stored fields of one record, for the audit entry of a write to it; no
// row for a record not stored yet (or only a stub that links point to).
// Parameters: $id. Columns: fields (map).
MATCH (r:Record {id: $id})
WHERE r.stub IS NULL
RETURN r {.dataset, .schema, .source_id, .source_url, .published, .retrieved, .origin,
          .caption, .names, .props, .raw, .citations, .hash, .first_seen,
          .last_seen} AS fields
