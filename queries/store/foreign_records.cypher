// Records about to be written that are stored already under another dataset
// (a claim must never change them). Stubs have no dataset and do not count.
// Parameters: $ids (record ids), $dataset. Columns: id.
UNWIND $ids AS id
MATCH (r:Record {id: id})
WHERE r.dataset IS NOT NULL AND r.dataset <> $dataset
RETURN r.id AS id
LIMIT 1
