// Candidate entities for /match queries that share a valid identifier key
// ("inn:7704734000"); found through the unique :Identifier nodes, then checked
// against the entity's own list of valid keys.
// Parameters: $lookups: list of {key, ids: [identifier keys]}, $schemata:
//   schema names the queries may match, $dataset: dataset name or null.
// Columns: key, id.
UNWIND $lookups AS l
UNWIND l.ids AS ident
MATCH (:Identifier {key: ident})<-[:HAS_IDENTIFIER]-(:Record)-[:PART_OF]->(e:Entity)
WHERE ident IN e.identifiers AND e.schema IN $schemata
  AND ($dataset IS NULL OR $dataset IN e.datasets)
RETURN DISTINCT l.key AS key, e.id AS id
