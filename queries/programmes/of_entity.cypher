// An entity's participation in test programmes and its prizes.
// Parameters: $id. Columns: programme (map), links (maps).
MATCH (v:Entity {id: $id})-[x:PARTICIPATION|PRIZE_AWARD]->(p:Entity)
WITH p, collect(x {.*, type: type(x)}) AS links
RETURN p {.id, .caption, .schema} AS programme, links
ORDER BY p.caption
