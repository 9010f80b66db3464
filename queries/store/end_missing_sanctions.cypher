// A newer edition of a list no longer names these sanctions: end them (the
// records stay; a delisting ends a sanction, it does not delete it). They are
// marked unresolved until their entities are rebuilt.
// Parameters: $dataset, $edition (ISO date of the new edition).
// Columns: id (record id of each sanction ended now).
MATCH (r:Record {dataset: $dataset, schema: "Sanction"})
WHERE r.last_seen < $edition AND r.ended IS NULL
SET r.ended = $edition, r.unresolved = true
RETURN r.id AS id
