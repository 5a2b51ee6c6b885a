"""Benchmarks of the handbook build (``nox -s bench``; see BENCHMARKS.md)."""
