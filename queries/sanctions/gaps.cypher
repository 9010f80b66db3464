// Entities an authority does not list although other authorities do, or
// although they own, supply, operate for or develop for a sanctioned entity.
// Parameters: $authority (EU, UK, US, UN or an authority's name), $after
//   (entity id or null), $limit.
// Columns: entity (map), listed_by (codes), links (list of {type, other, other_caption,
//   other_listed_by}).
MATCH (e:Entity)
WHERE NOT e:Sanction AND NOT $authority IN coalesce(e.sanction_authorities, [])
  AND ($after IS NULL OR e.id > $after)
OPTIONAL MATCH (e)-[x:OWNERSHIP|SUPPLY|USAGE|DEVELOPMENT|DIRECTORSHIP|CONTRACT_AWARD]-(s:Entity)
WHERE s.sanctioned AND s <> e
WITH e, collect(DISTINCT {type: type(x), other: s.id, other_caption: s.caption,
                          other_listed_by: s.sanction_authorities}) AS links
WITH e, [l IN links WHERE l.other IS NOT NULL] AS links
WHERE size(coalesce(e.sanction_authorities, [])) > 0 OR size(links) > 0
RETURN e {.id, .caption, .schema, .countries, .sanction_authorities} AS entity,
       coalesce(e.sanction_authorities, []) AS listed_by, links
ORDER BY e.id
LIMIT $limit
