// How many relationships an entity has, by type and direction.
// Parameters: $id. Columns: type, outgoing, count.
MATCH (e:Entity {id: $id})-[x]-(:Entity)
RETURN type(x) AS type, startNode(x) = e AS outgoing, count(*) AS count
ORDER BY type, outgoing
