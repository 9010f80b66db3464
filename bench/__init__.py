"""Benchmarks: data generator (generate), the full run (run), resolution speed and quality."""
