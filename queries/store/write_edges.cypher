// Create derived edges between canonical entities.
// Parameters: $rows: list of {type, a, b, props}. Columns: none.
UNWIND $rows AS row
MATCH (a:Entity {id: row.a}), (b:Entity {id: row.b})
CREATE (a)-[x:$(row.type)]->(b)
SET x = row.props
