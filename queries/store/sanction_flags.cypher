// Denormalise sanction status onto entities, for fast filtering.
// Parameters: $ids: canonical entity ids. Columns: none.
UNWIND $ids AS cid
MATCH (e:Entity {id: cid})
OPTIONAL MATCH (s:Sanction)-[:SANCTIONS]->(e)
WITH e, collect(s) AS sanctions
SET e.sanctioned = any(s IN sanctions WHERE s.status = "active"),
    e.sanction_authorities = [a IN reduce(acc = [], s IN [x IN sanctions WHERE x.status = "active"] |
        CASE WHEN s.authority_code IN acc THEN acc ELSE acc + s.authority_code END) | a]
