"""What the API answers, worked out from the store: paths, ownership and the
50% rule, exposure, gaps, programmes, contracts and suppliers. Services take
a ``graphsvc.graph.Store`` and return domain objects; GraphQL and REST only
map them onto their own types."""
