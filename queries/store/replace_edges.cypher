// Delete the derived edges of the given entities; the caller then recreates
// them from their records (write_edges).
// Parameters: $ids: canonical entity ids; $types: allowlisted edge types.
// Columns: deleted (count).
UNWIND $ids AS cid
MATCH (:Entity {id: cid})-[x]-(:Entity)
WHERE type(x) IN $types
WITH DISTINCT x
DELETE x
RETURN count(*) AS deleted
