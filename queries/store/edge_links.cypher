// Relationship records and reference links that touch the member records of
// the given entities, projected onto canonical entities.
// Parameters: $ids: canonical entity ids.
// Columns: type, a, b, via, schema, props, dataset, published, first_seen,
//   last_seen, ended, has_citation.
UNWIND $ids AS cid
MATCH (:Entity {id: cid})<-[:PART_OF]-(m:Record)
CALL (m) {
  MATCH (m)<-[:END]-(er:Record) RETURN er AS via
  UNION
  MATCH (m)<-[:REF]-(rr:Record) RETURN rr AS via
  UNION
  MATCH (m)-[:REF]->(:Record) RETURN m AS via
}
WITH DISTINCT via
CALL (via) {
  MATCH (via)-[s:END {role: "source"}]->(:Record)-[:PART_OF]->(a:Entity),
        (via)-[:END {role: "target"}]->(:Record)-[:PART_OF]->(b:Entity)
  RETURN s.type AS type, a.id AS a, b.id AS b
  UNION
  MATCH (via)-[ref:REF]->(:Record)-[:PART_OF]->(b:Entity),
        (via)-[:PART_OF]->(a:Entity)
  RETURN ref.type AS type, a.id AS a, b.id AS b
}
RETURN type, a, b, via.id AS via, via.schema AS schema, via.props AS props,
       via.dataset AS dataset, via.published AS published, via.first_seen AS first_seen,
       via.last_seen AS last_seen, via.ended AS ended, via.citations IS NOT NULL AS has_citation
