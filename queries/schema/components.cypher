// The server's name, version and edition, as Neo4j reports them.
// Parameters: none. Columns: name, versions, edition.
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions, edition
