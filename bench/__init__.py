"""Benchmarks: each script compares byline against a baseline measured in the same run."""
