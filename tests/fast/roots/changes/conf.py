# Fast-tier root: "Seneste ændringer" from the git history (tests/fast/test_changes.py).
# The extension is loaded by tests/fast/conftest.py (EXTENSIONS); conftest commits the copy.
language = "da"
myst_enable_extensions = ["colon_fence"]
