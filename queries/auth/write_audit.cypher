// Append one audit entry, in the transaction of the write it records.
// Parameters: $id, $at (ISO timestamp), $actor (key id, or "cli:<user>"),
//   $actor_name, $origin ("<client address> <User-Agent>", or "cli:<user>"),
//   $action, $detail (JSON text), $before and $after (JSON text, or null where
//   there was or is nothing). Columns: id.
CREATE (a:AuditEntry {id: $id, at: $at, actor: $actor, actor_name: $actor_name,
                      origin: $origin, action: $action, detail: $detail,
                      before: $before, after: $after})
RETURN a.id AS id
