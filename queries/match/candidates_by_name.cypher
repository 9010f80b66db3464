// Candidate entities for /match queries from the full-text index on names.
// One row per (query key, candidate); the Lucene text is built and escaped by
// graphsvc.matching, never taken verbatim from a request.
// Parameters: $searches: list of {key, text}, $limit: most candidates per query,
//   $schemata: schema names the queries may match, $dataset: dataset name or
//   null for every dataset.
// Columns: key, id, relevance.
UNWIND $searches AS s
CALL (s) {
  CALL db.index.fulltext.queryNodes("entity_names", s.text) YIELD node, score
  WHERE node.schema IN $schemata AND ($dataset IS NULL OR $dataset IN node.datasets)
  RETURN node.id AS id, score AS relevance
  LIMIT $limit
}
RETURN s.key AS key, id, relevance
