// The identifiers and links of records just created: nothing old to delete,
// and a new record has no HAS_IDENTIFIER yet, so those are created, not merged.
// A link to a record not loaded yet creates a stub record that a later load
// fills in.
// Parameters: $rows: list of {id, idents: [{key, scheme, value, valid, raw}],
//   links: [{kind: "END" | "REF", prop, type, role, target}]}.
// Columns: none.
UNWIND $rows AS row
MATCH (r:Record {id: row.id})
FOREACH (ident IN row.idents |
  MERGE (i:Identifier {key: ident.key})
    ON CREATE SET i.scheme = ident.scheme, i.value = ident.value, i.valid = ident.valid
  CREATE (r)-[:HAS_IDENTIFIER {raw: ident.raw}]->(i)
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
