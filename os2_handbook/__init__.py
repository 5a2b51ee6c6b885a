"""Tooling for the OS2 handbook: its Sphinx extension and project metadata."""
