// Sanctions on entities, optionally only those in force on a date
// (start_key <= $as_of < end_key, see graphsvc.sanctions).
// Parameters: $ids, $as_of (ISO date or null: every sanction).
// Columns: entity, sanction (map of the Sanction node), edge_records.
UNWIND $ids AS cid
MATCH (s:Sanction)-[x:SANCTIONS]->(:Entity {id: cid})
WHERE $as_of IS NULL OR (coalesce(s.start_key, "0000-01-01") <= $as_of
                         AND $as_of < coalesce(s.end_key, "9999-12-31"))
RETURN cid AS entity, s {.*} AS sanction, x.record_ids AS edge_records
ORDER BY s.authority_code, s.listing_date
