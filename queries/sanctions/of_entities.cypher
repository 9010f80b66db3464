// Sanctions on entities, optionally as they stood on a date.
// Parameters: $ids, $as_of (ISO date or null).
// Columns: entity, sanction (map of the Sanction node), edge_records.
UNWIND $ids AS cid
MATCH (s:Sanction)-[x:SANCTIONS]->(:Entity {id: cid})
WHERE $as_of IS NULL OR ((s.start_key IS NULL OR s.start_key <= $as_of)
                         AND (s.end_key IS NULL OR s.end_key >= $as_of))
RETURN cid AS entity, s {.*} AS sanction, x.record_ids AS edge_records
ORDER BY s.authority_code, s.listing_date
