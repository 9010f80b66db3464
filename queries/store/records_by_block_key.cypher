// The records stored under each blocking key, up to a limit per key (a block
// over the resolver's size limit is skipped, so more need not be read).
// Parameters: $keys: list of {key, query (the key as a quoted Lucene phrase),
//   limit}.
// Columns: key, ids.
UNWIND $keys AS k
CALL (k) {
  CALL db.index.fulltext.queryNodes('record_block_keys', k.query, {limit: k.limit})
  YIELD node
  RETURN collect(node.id) AS ids
}
RETURN k.key AS key, ids
