// One API key by id, for checking a presented key.
// Parameters: $id. Columns: id, name, role, hash, created, revoked.
MATCH (k:ApiKey {id: $id})
RETURN k.id AS id, k.name AS name, k.role AS role, k.hash AS hash,
       k.created AS created, k.revoked AS revoked
