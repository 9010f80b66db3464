"""Writing to the graph: source records as read (``records``), the resolved
canonical entities and edges derived from them (``materialise``), and the
load pipeline that ties both together with validation (``load``)."""
