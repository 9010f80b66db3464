// Records written, re-mapped or ended whose entities were not rebuilt since:
// a load or resolution that stopped part-way left them.
// Parameters: none. Columns: id.
MATCH (r:Record)
WHERE r.unresolved = true
RETURN r.id AS id
