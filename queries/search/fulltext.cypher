// Name search candidates from the full-text index over names, their
// transliterations and sound keys: those of $every; when the filters leave
// none, those of $every_near; when they leave none of those either, those of
// $any_near (see graphsvc.search.LuceneQueries). One query, so a fallback
// costs no round trip; LIMIT 1 stops it at the first query with hits, before
// the index is asked the next one. The caller re-ranks the candidates by
// name and loads the entities it shows, so only what ranking needs comes
// back, as one row: a list is decoded in one piece, where hundreds of rows
// cost the driver per row.
// Parameters: $every, $every_near, $any_near (escaped Lucene queries; the
//   last two may be null: not asked), $schema, $country, $topic (each may be
//   null; "sanction" also keeps entities with a sanction term in force on
//   $day, see graphsvc.sanctions), $day (ISO date), $limit.
// Columns: hits (list of maps: id, caption, folded (the names as ranking
//   compares them), names (only where folded is missing: an entity built
//   before folded names were stored), score; best score first); no row when
//   no query found any.
UNWIND [q IN [$every, $every_near, $any_near] WHERE q IS NOT NULL] AS lucene
CALL (lucene) {
  CALL db.index.fulltext.queryNodes("entity_names", lucene, {
    // with a filter, some candidates fall out: ask the index for more
    limit: CASE WHEN $schema IS NULL AND $country IS NULL AND $topic IS NULL
                THEN $limit ELSE $limit * 4 END
  }) YIELD node, score
  WHERE ($schema IS NULL OR node.schema = $schema)
    AND ($country IS NULL OR $country IN node.countries)
    AND ($topic IS NULL OR $topic IN node.topics
         OR ($topic = "sanction"
             AND any(t IN node.sanction_terms WHERE left(t, 10) <= $day AND $day < substring(t, 11, 10))))
  WITH node, score
  LIMIT $limit
  RETURN collect(node {.id, .caption, folded: node.folded_names,
                       names: CASE WHEN node.folded_names IS NULL THEN node.names END,
                       score: score}) AS hits
}
WITH hits WHERE size(hits) > 0
RETURN hits
LIMIT 1
