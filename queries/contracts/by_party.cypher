// Contracts where an entity is the buyer (authority) or a supplier.
// Parameters: $id. Columns: contract (map), role ("buyer" | "supplier"),
//   buyers (maps), suppliers (maps), awards (maps of the contract's awards).
MATCH (x:Entity {id: $id})
CALL (x) {
  MATCH (c:Contract)-[:AWARDED_BY]->(x) RETURN c, "buyer" AS role
  UNION
  MATCH (x)-[:CONTRACT_AWARD]->(c:Contract) RETURN c, "supplier" AS role
}
OPTIONAL MATCH (c)-[:AWARDED_BY]->(b:Entity)
OPTIONAL MATCH (s:Entity)-[aw:CONTRACT_AWARD]->(c)
RETURN c {.*} AS contract, role,
       collect(DISTINCT b {.id, .caption}) AS buyers,
       collect(DISTINCT s {.id, .caption, .sanction_terms}) AS suppliers,
       collect(DISTINCT aw {.*}) AS awards
ORDER BY contract.sign_date, contract.id
