// Which of a batch's records are stored already, so that new ones can be
// written with CREATE and only the rest go through the upsert.
// Parameters: $ids: list of record ids.
// Columns: id (of each record found; stubs included).
UNWIND $ids AS id
MATCH (r:Record {id: id})
RETURN r.id AS id
