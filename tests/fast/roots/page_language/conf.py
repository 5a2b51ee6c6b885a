# Fast-tier root: a page's language from its front matter (tests/fast/test_page_language.py).
# The extension is loaded by tests/fast/conftest.py (EXTENSIONS).
language = "da"
