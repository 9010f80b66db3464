"""Hostile-input, property-based and load tests against a real server on 127.0.0.1."""
