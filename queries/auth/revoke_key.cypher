// Revoke an API key (kept, with the time it was revoked); revoking twice keeps
// the first time.
// Parameters: $id, $revoked (ISO timestamp). Columns: id, name, role, created, revoked.
MATCH (k:ApiKey {id: $id})
SET k.revoked = coalesce(k.revoked, $revoked)
RETURN k.id AS id, k.name AS name, k.role AS role, k.created AS created,
       k.revoked AS revoked
