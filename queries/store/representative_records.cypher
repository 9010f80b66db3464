// For each id: the record itself, or, for a canonical entity id, its first
// member record (judgements are made on record ids, which never change).
// Parameters: $ids. Columns: requested, record (id or null), entity (id or null).
UNWIND $ids AS requested
OPTIONAL MATCH (r:Record {id: requested})-[:PART_OF]->(re:Entity)
OPTIONAL MATCH (m:Record)-[:PART_OF]->(:Entity {id: requested})
WITH requested, r, re, min(m.id) AS member
RETURN requested, coalesce(r.id, member) AS record,
       CASE WHEN re IS NULL THEN CASE WHEN member IS NULL THEN null ELSE requested END
            ELSE re.id END AS entity
