// The records on the other side of links the resolver refused (two clusters
// that conflict), for the given records.
// Parameters: $ids: record ids. Columns: id.
UNWIND $ids AS rid
CALL (rid) {
  MATCH (c:Candidate {a: rid}) WHERE c.conflict IS NOT NULL RETURN c.b AS id
  UNION
  MATCH (c:Candidate {b: rid}) WHERE c.conflict IS NOT NULL RETURN c.a AS id
}
RETURN DISTINCT id
