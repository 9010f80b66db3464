// Entities an authority does not list on $day although other authorities do,
// or although they own, supply, operate for or develop for an entity
// sanctioned on $day. A sanction term is in force on $day when
// left(t, 10) <= $day < substring(t, 11, 10); its code is substring(t, 22)
// (graphsvc.sanctions).
// Parameters: $authority (EU, UK, US, UN or an authority's name), $day (ISO
//   date), $after (entity id or null), $limit.
// Columns: entity (map with sanction_terms), links (list of {type, other,
//   other_caption, other_terms}).
MATCH (e:Entity)
WHERE NOT e:Sanction AND ($after IS NULL OR e.id > $after)
WITH e, [t IN coalesce(e.sanction_terms, [])
         WHERE left(t, 10) <= $day AND $day < substring(t, 11, 10)] AS listed
WHERE NOT $authority IN [t IN listed | substring(t, 22)]
OPTIONAL MATCH (e)-[x:OWNERSHIP|SUPPLY|USAGE|DEVELOPMENT|DIRECTORSHIP|CONTRACT_AWARD]-(s:Entity)
WHERE s <> e AND any(t IN s.sanction_terms WHERE left(t, 10) <= $day AND $day < substring(t, 11, 10))
WITH e, listed, collect(DISTINCT {type: type(x), other: s.id, other_caption: s.caption,
                                  other_terms: s.sanction_terms}) AS links
WITH e, listed, [l IN links WHERE l.other IS NOT NULL] AS links
WHERE size(listed) > 0 OR size(links) > 0
RETURN e {.id, .caption, .schema, .countries, .sanction_terms} AS entity, links
ORDER BY e.id
LIMIT $limit
