// Record that an edition of a dataset was loaded; returns the newest edition
// loaded before this one. The publisher comes from the file's source note;
// a load without one keeps the publisher already known. A file without an
// edition date (one that cannot end anything) leaves the editions as they are.
// The kind ("list" or "claims") is set by the first load and never changes.
// Parameters: $dataset, $edition (ISO date or null), $title, $publisher (or
//   null), $kind. Columns: previous (ISO date or null).
MERGE (d:Dataset {name: $dataset})
WITH d, d.last_edition AS previous
SET d.last_edition = CASE WHEN $edition IS NOT NULL AND (previous IS NULL OR previous < $edition) THEN $edition ELSE previous END,
    d.first_edition = CASE WHEN $edition IS NOT NULL AND (d.first_edition IS NULL OR d.first_edition > $edition) THEN $edition ELSE d.first_edition END,
    d.title = coalesce(d.title, $title),
    d.publisher = coalesce($publisher, d.publisher),
    d.kind = coalesce(d.kind, $kind)
RETURN previous
