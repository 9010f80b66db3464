// Participants of a test programme (or prize challenge) with their
// submissions and prizes, and who sanctions them.
// Parameters: $id (programme entity id).
// Columns: participant (map), links (maps of PARTICIPATION / PRIZE_AWARD edges).
MATCH (p:Entity {id: $id})<-[x:PARTICIPATION|PRIZE_AWARD]-(v:Entity)
WITH v, collect(x {.*, type: type(x)}) AS links
RETURN v {.id, .caption, .schema, .countries, .sanction_terms} AS participant, links
ORDER BY v.caption
