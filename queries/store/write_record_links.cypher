// Replace the identifiers and links of changed records. A link to a record
// not loaded yet creates a stub record that a later load fills in.
// Parameters: $rows: list of {id, idents: [{key, scheme, value, valid}],
//   links: [{kind: "END" | "REF", prop, type, target}]}.
// Columns: none.
UNWIND $rows AS row
MATCH (r:Record {id: row.id})
CALL (r) {
  OPTIONAL MATCH (r)-[x:HAS_IDENTIFIER|END|REF]->()
  DELETE x
}
FOREACH (ident IN row.idents |
  MERGE (i:Identifier {key: ident.key})
    ON CREATE SET i.scheme = ident.scheme, i.value = ident.value, i.valid = ident.valid
  MERGE (r)-[:HAS_IDENTIFIER {raw: ident.raw}]->(i)
)
FOREACH (link IN [l IN row.links WHERE l.kind = "END"] |
  MERGE (t:Record {id: link.target})
    ON CREATE SET t.stub = true
  CREATE (r)-[:END {prop: link.prop, type: link.type, role: link.role}]->(t)
)
FOREACH (link IN [l IN row.links WHERE l.kind = "REF"] |
  MERGE (t:Record {id: link.target})
    ON CREATE SET t.stub = true
  CREATE (r)-[:REF {prop: link.prop, type: link.type}]->(t)
)
