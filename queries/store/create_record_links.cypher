// The identifiers and links of records just created: nothing old to delete,
// and a new record has no HAS_IDENTIFIER yet, so those are created, not
// merged. Every link target exists already (store/create_stubs).
// Parameters: $rows: list of {id, idents: [{key, scheme, value, valid, raw}],
//   links: [{kind: "END" | "REF", prop, type, role (END only), target}]}.
// Columns: none.
UNWIND $rows AS row
MATCH (r:Record {id: row.id})
FOREACH (ident IN row.idents |
  MERGE (i:Identifier {key: ident.key})
    ON CREATE SET i.scheme = ident.scheme, i.value = ident.value, i.valid = ident.valid
  CREATE (r)-[:HAS_IDENTIFIER {raw: ident.raw}]->(i)
)
WITH r, row
CALL (r, row) {
  UNWIND [l IN row.links WHERE l.kind = "END"] AS link
  MATCH (t:Record {id: link.target})
  CREATE (r)-[:END {prop: link.prop, type: link.type, role: link.role}]->(t)
}
CALL (r, row) {
  UNWIND [l IN row.links WHERE l.kind = "REF"] AS link
  MATCH (t:Record {id: link.target})
  CREATE (r)-[:REF {prop: link.prop, type: link.type}]->(t)
}
