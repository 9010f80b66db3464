// Active sanctions of a dataset last seen before an edition: those that the
// edition does not name again will be ended by store/end_missing_sanctions.
// Read before a load writes anything, to refuse a mass delisting.
// Parameters: $dataset, $edition (ISO date). Columns: id.
MATCH (r:Record {dataset: $dataset, schema: "Sanction"})
WHERE r.last_seen < $edition AND r.ended IS NULL
RETURN r.id AS id
