// Whether a dataset of that name was ever loaded.
// Parameters: $name: dataset name. Columns: found (boolean).
OPTIONAL MATCH (d:Dataset {name: $name})
RETURN d IS NOT NULL AS found
