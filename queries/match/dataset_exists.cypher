// Whether a dataset of that name was ever loaded.
// Parameters: $dataset_name: dataset name. Columns: found (boolean).
OPTIONAL MATCH (d:Dataset {name: $dataset_name})
RETURN d IS NOT NULL AS found
