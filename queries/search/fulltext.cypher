// Name search candidates from the full-text index over names and their
// transliterations: those of $every (names with every word of the query);
// when the filters leave none of them, those of $any (names with any word).
// One query, so the fallback costs no second round trip. The caller re-ranks
// them by name and loads the entities it shows, so only what ranking needs
// comes back, as one row: a list is decoded in one piece, where hundreds of
// rows cost the driver per row.
// Parameters: $every, $any (escaped Lucene queries; $any may be null: no
//   fallback), $schema, $country, $topic (each may be null), $limit.
// Columns: hits (list of maps: id, caption, folded (the names as ranking
//   compares them), names (only where folded is missing: an entity built
//   before folded names were stored), score; best score first).
WITH CASE WHEN $schema IS NULL AND $country IS NULL AND $topic IS NULL
          THEN $limit ELSE $limit * 4 END AS asked  // with a filter, some fall out
CALL {
  WITH asked
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
CALL {
  WITH asked, every
  // no row when $every found some: the index is not asked again
  WITH asked WHERE size(every) = 0 AND $any IS NOT NULL
  CALL db.index.fulltext.queryNodes("entity_names", $any, {limit: asked}) YIELD node, score
  WHERE ($schema IS NULL OR node.schema = $schema)
    AND ($country IS NULL OR $country IN node.countries)
    AND ($topic IS NULL OR $topic IN node.topics OR ($topic = "sanction" AND node.sanctioned))
  WITH node, score
  LIMIT $limit
  RETURN collect(node {.id, .caption, folded: node.folded_names,
                       names: CASE WHEN node.folded_names IS NULL THEN node.names END,
                       score: score}) AS more
}
RETURN CASE WHEN size(every) > 0 THEN every ELSE more END AS hits
