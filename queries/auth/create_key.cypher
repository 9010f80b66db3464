// Store a new API key: only the sha256 of its secret, never the secret.
// Parameters: $id, $name, $role, $hash (hex sha256), $created (ISO timestamp).
// Columns: id.
CREATE (k:ApiKey {id: $id, name: $name, role: $role, hash: $hash, created: $created,
                  revoked: null})
RETURN k.id AS id
