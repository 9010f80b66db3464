"""Readers for published source files. One module per format, all behind
``loaders.base.Loader``; ``loaders.registry`` finds the loader for a file."""
