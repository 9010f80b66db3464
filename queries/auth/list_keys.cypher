// Every API key, newest first, without hashes.
// Parameters: none. Columns: id, name, role, created, revoked.
MATCH (k:ApiKey)
RETURN k.id AS id, k.name AS name, k.role AS role, k.created AS created,
       k.revoked AS revoked
ORDER BY k.created DESC, k.id
