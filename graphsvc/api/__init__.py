"""HTTP surface: FastAPI app, health, GraphQL, REST and the /match endpoint."""
