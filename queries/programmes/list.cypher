// Every test programme and prize challenge in the graph.
// Parameters: none. Columns: programme (map), participants (count).
MATCH (p:Programme)
OPTIONAL MATCH (p)<-[:PARTICIPATION|PRIZE_AWARD]-(v:Entity)
RETURN p {.id, .caption, .schema} AS programme, count(DISTINCT v) AS participants
ORDER BY programme.caption
