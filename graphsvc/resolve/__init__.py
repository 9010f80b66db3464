"""Entity resolution core: names, identifiers, pair scoring, blocking, clustering.

Pure Python, no database access: the graph store feeds ``MatchInput`` values in
and writes the resulting clusters back. ``pipeline.resolve`` ties it together.
"""
