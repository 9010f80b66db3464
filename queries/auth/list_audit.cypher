// Audit entries, newest first, one page after an optional cursor (at, id).
// Parameters: $before_at, $before_id (both null for the first page), $limit.
// Columns: id, at, actor, actor_name, origin, action, detail, before, after
//   (the last three JSON text; before and after may be null).
MATCH (a:AuditEntry)
WHERE $before_at IS NULL OR a.at < $before_at OR (a.at = $before_at AND a.id < $before_id)
RETURN a.id AS id, a.at AS at, a.actor AS actor, a.actor_name AS actor_name,
       a.origin AS origin, a.action AS action, a.detail AS detail,
       a.before AS before, a.after AS after
ORDER BY a.at DESC, a.id DESC
LIMIT $limit
