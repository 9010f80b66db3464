// Former entity ids that were merged into another: each keeps leading to the
// entity that survived, and so do the ids that had been merged into it.
// Parameters: $rows: list of {former, survivor}; $at: when (ISO datetime).
// Columns: none.
UNWIND $rows AS row
OPTIONAL MATCH (earlier:Redirect {to: row.former})
SET earlier.to = row.survivor
WITH DISTINCT row
MERGE (r:Redirect {id: row.former})
SET r.to = row.survivor, r.reason = "merged", r.at = $at
