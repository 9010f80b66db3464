// Who supplies a system or a public body: developers of the products it uses
// (directly or through other systems, up to 3 levels), companies it uses
// directly, suppliers of its contracts and of its hardware.
// Parameters: $id. Columns: supplier (map), how (list of strings), via (ids).
MATCH (x:Entity {id: $id})
CALL (x) {
  MATCH (x)-[:USAGE*1..3]->(p:Entity)<-[:DEVELOPMENT]-(v:Entity)
  RETURN v, "develops " + p.caption + ", used by " + x.caption AS how, p.id AS via
  UNION
  MATCH (x)-[:USAGE*1..3]->(v:Entity)
  WHERE NOT v:Product AND NOT v:Programme
  RETURN v, "its technology is used by " + x.caption AS how, null AS via
  UNION
  MATCH (x)<-[:AWARDED_BY]-(c:Contract)<-[:CONTRACT_AWARD]-(v:Entity)
  RETURN v, "awarded contract " + c.caption AS how, c.id AS via
  UNION
  MATCH (v:Entity)-[:SUPPLY]->(x)
  RETURN v, "supplies " + x.caption AS how, null AS via
}
WITH v, collect(DISTINCT how) AS how, [i IN collect(DISTINCT via) WHERE i IS NOT NULL] AS via
RETURN v {.id, .caption, .schema, .countries, .sanction_terms} AS supplier, how, via
ORDER BY v.caption
