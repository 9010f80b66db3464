// What a write needs to know of a dataset before it writes: its kind ("list":
// written by a published file's loader; "claims": every record cited; null:
// no records yet), the newest edition loaded, and its active sanctions. The
// kind kept on the Dataset node wins; without one the records tell it.
// Parameters: $dataset. Columns: kind, last_edition, active.
OPTIONAL MATCH (d:Dataset {name: $dataset})
RETURN CASE
         WHEN d.kind IS NOT NULL THEN d.kind
         WHEN EXISTS { MATCH (r:Record {dataset: $dataset})
                       WHERE r.schema IS NOT NULL AND r.citations IS NULL } THEN "list"
         WHEN EXISTS { MATCH (r:Record {dataset: $dataset}) WHERE r.schema IS NOT NULL }
           THEN "claims"
       END AS kind,
       d.last_edition AS last_edition,
       COUNT { MATCH (r:Record {dataset: $dataset, schema: "Sanction"})
               WHERE r.ended IS NULL } AS active
