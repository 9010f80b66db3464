"""What the API's layers (GraphQL, REST) ask of the graph, above the store."""
