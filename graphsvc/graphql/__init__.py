"""The GraphQL schema (strawberry): types, resolvers, limits and the router."""
