// The keys that are not revoked, with role and hash, for the rate limits
// to tell a key's own budget from a forged id without a lookup per request.
// Parameters: none. Columns: id, role, hash.
MATCH (k:ApiKey)
WHERE k.revoked IS NULL
RETURN k.id AS id, k.role AS role, k.hash AS hash
