// Denormalise sanction status onto entities, for fast filtering: whether an
// active sanction names the entity, and the authorities' codes in order.
// Parameters: $ids: canonical entity ids. Columns: none.
UNWIND $ids AS cid
MATCH (e:Entity {id: cid})
CALL (e) {
  OPTIONAL MATCH (s:Sanction)-[:SANCTIONS]->(e)
  WHERE s.status = "active"
  WITH DISTINCT s.authority_code AS code
  WHERE code IS NOT NULL
  ORDER BY code
  RETURN collect(code) AS codes
}
SET e.sanctioned = size(codes) > 0, e.sanction_authorities = codes
