// Record that every stored record carries blocking keys of this version.
// Parameters: $version. Columns: none.
MERGE (s:ResolverState {id: 'block_keys'})
SET s.version = $version
