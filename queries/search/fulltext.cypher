// Name search candidates from the full-text index over names and their
// transliterations; the caller re-ranks them.
// Parameters: $lucene (escaped Lucene query), $schema, $country, $topic (each
//   may be null), $limit.
// Columns: entity (map), score.
CALL db.index.fulltext.queryNodes("entity_names", $lucene, {limit: $limit * 4}) YIELD node, score
WHERE ($schema IS NULL OR node.schema = $schema)
  AND ($country IS NULL OR $country IN node.countries)
  AND ($topic IS NULL OR $topic IN node.topics OR ($topic = "sanction" AND node.sanctioned))
RETURN node {.id, .schema, .caption, .names, .countries, .datasets, .topics, .sanctioned,
             .sanction_authorities} AS entity, score
LIMIT $limit
