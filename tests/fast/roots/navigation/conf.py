# Fast-tier root: furo's sidebar rendered once per build (tests/fast/test_navigation.py).
# The extension is loaded by tests/fast/conftest.py (EXTENSIONS).
language = "da"
myst_enable_extensions = ["attrs_block"]
html_theme = "furo"
