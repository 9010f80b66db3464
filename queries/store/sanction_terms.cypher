// Copy the terms of an entity's sanctions onto it ("start_key|end_key|CODE",
// see graphsvc.sanctions), so that readers test whether it is sanctioned on
// their day without a look at its Sanction nodes. Nothing here depends on
// the day of the rebuild; the flags earlier versions stored are removed.
// Parameters: $ids: canonical entity ids. Columns: none.
UNWIND $ids AS cid
MATCH (e:Entity {id: cid})
CALL (e) {
  OPTIONAL MATCH (s:Sanction)-[:SANCTIONS]->(e)
  WITH DISTINCT s.term AS term
  WHERE term IS NOT NULL
  ORDER BY term
  RETURN collect(term) AS terms
}
SET e.sanction_terms = CASE WHEN size(terms) > 0 THEN terms END
REMOVE e.sanctioned, e.sanction_authorities
