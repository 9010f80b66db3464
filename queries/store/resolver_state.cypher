// Which version of the blocking keys the stored records carry: a full
// resolution writes them all; a resolution of part of the graph needs them.
// Parameters: none. Columns: version (null: never written).
OPTIONAL MATCH (s:ResolverState {id: 'block_keys'})
RETURN s.version AS version
