# Fast-tier root: old .html addresses forward to the pages (tests/fast/test_old_urls.py).
# The extension is loaded by tests/fast/conftest.py (EXTENSIONS).
language = "da"
