// Node counts by label and relationship counts by type.
// Parameters: none. Columns: kind ("label" or "type"), name, count.
CALL db.labels() YIELD label
CALL (label) { MATCH (n:$(label)) RETURN count(n) AS c }
RETURN "label" AS kind, label AS name, c AS count
UNION ALL
CALL db.relationshipTypes() YIELD relationshipType AS type
CALL (type) { MATCH ()-[r:$(type)]->() RETURN count(r) AS c }
RETURN "type" AS kind, type AS name, c AS count
