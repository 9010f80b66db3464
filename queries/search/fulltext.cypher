// Name search candidates from the full-text index over names, their
// transliterations and sound keys: those of $every; when the filters leave
// none, those of $every_near; when they leave none of those either, those of
// $any_near (see graphsvc.search.LuceneQueries). One query, so a fallback
// costs no round trip. The caller re-ranks the candidates by name and loads
// the entities it shows, so only what ranking needs comes back, as one row:
// a list is decoded in one piece, where hundreds of rows cost the driver per
// row.
// Parameters: $every, $every_near, $any_near (escaped Lucene queries; the
//   last two may be null: not asked), $schema, $country, $topic (each may be
//   null), $limit.
// Columns: hits (list of maps: id, caption, folded (the names as ranking
//   compares them), names (only where folded is missing: an entity built
//   before folded names were stored), score; best score first).
WITH CASE WHEN $schema IS NULL AND $country IS NULL AND $topic IS NULL
          THEN $limit ELSE $limit * 4 END AS asked  // with a filter, some fall out
CALL (asked) {
  CALL db.index.fulltext.queryNodes("entity_names", $every, {limit: asked}) YIELD node, score
  WHERE ($schema IS NULL OR node.schema = $schema)
    AND ($country IS NULL OR $country IN node.countries)
    AND ($topic IS NULL OR $topic IN node.topics OR ($topic = "sanction" AND node.sanctioned))
  WITH node, score
  LIMIT $limit
  RETURN collect(node {.id, .caption, folded: node.folded_names,
                       names: CASE WHEN node.folded_names IS NULL THEN node.names END,
                       score: score}) AS every
}
CALL (asked, every) {
  // no row, so no index query, when the query before found some
  WITH asked WHERE size(every) = 0 AND $every_near IS NOT NULL
  CALL db.index.fulltext.queryNodes("entity_names", $every_near, {limit: asked}) YIELD node, score
  WHERE ($schema IS NULL OR node.schema = $schema)
    AND ($country IS NULL OR $country IN node.countries)
    AND ($topic IS NULL OR $topic IN node.topics OR ($topic = "sanction" AND node.sanctioned))
  WITH node, score
  LIMIT $limit
  RETURN collect(node {.id, .caption, folded: node.folded_names,
                       names: CASE WHEN node.folded_names IS NULL THEN node.names END,
                       score: score}) AS every_near
}
CALL (asked, every, every_near) {
  WITH asked WHERE size(every) = 0 AND size(every_near) = 0 AND $any_near IS NOT NULL
  CALL db.index.fulltext.queryNodes("entity_names", $any_near, {limit: asked}) YIELD node, score
  WHERE ($schema IS NULL OR node.schema = $schema)
    AND ($country IS NULL OR $country IN node.countries)
    AND ($topic IS NULL OR $topic IN node.topics OR ($topic = "sanction" AND node.sanctioned))
  WITH node, score
  LIMIT $limit
  RETURN collect(node {.id, .caption, folded: node.folded_names,
                       names: CASE WHEN node.folded_names IS NULL THEN node.names END,
                       score: score}) AS any_near
}
RETURN CASE WHEN size(every) > 0 THEN every
            WHEN size(every_near) > 0 THEN every_near
            ELSE any_near END AS hits
