// Append one audit entry.
// Parameters: $id, $at (ISO timestamp), $actor (key id, or "cli:<user>"),
//   $actor_name, $action, $detail (JSON text). Columns: id.
CREATE (a:AuditEntry {id: $id, at: $at, actor: $actor, actor_name: $actor_name,
                      action: $action, detail: $detail})
RETURN a.id AS id
