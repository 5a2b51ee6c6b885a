"""Helpers shared by several test modules.

A test module imports what it shares with others from here, never from another
test module: each ``test_*.py`` can then be run, moved or deleted on its own.
"""
