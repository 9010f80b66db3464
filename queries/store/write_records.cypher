// Upsert source records. A record whose content hash is unchanged is left
// as it is; first_seen and last_seen widen to the edition being loaded (a
// file without an edition, seen null, leaves them as they are). A record that
// changed is marked unresolved until its entity is rebuilt, so that a load
// killed before then is finished by the next resolution.
// Parameters: $rows: list of {id, hash, seen (or null), fields: map of record properties}.
// Columns: id, status ("created" | "updated" | "seen": unchanged but seen in
//   an edition outside its first/last seen, | "unchanged").
UNWIND $rows AS row
MERGE (r:Record {id: row.id})
WITH r, row, r.hash AS old,
     row.seen IS NOT NULL AND (r.first_seen IS NULL OR r.first_seen > row.seen
                              OR r.last_seen < row.seen) AS widened
SET r.first_seen = CASE WHEN r.first_seen IS NULL OR r.first_seen > row.seen THEN row.seen ELSE r.first_seen END,
    r.last_seen = CASE WHEN r.last_seen IS NULL OR r.last_seen < row.seen THEN row.seen ELSE r.last_seen END
FOREACH (_ IN CASE WHEN old IS NULL OR old <> row.hash THEN [1] ELSE [] END |
  SET r += row.fields, r.hash = row.hash
  REMOVE r.stub
)
FOREACH (_ IN CASE WHEN old IS NULL OR old <> row.hash OR widened THEN [1] ELSE [] END |
  SET r.unresolved = true
)
RETURN row.id AS id,
       CASE WHEN old IS NULL THEN "created" WHEN old <> row.hash THEN "updated"
            WHEN widened THEN "seen" ELSE "unchanged" END AS status
