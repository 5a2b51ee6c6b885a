# Fast-tier root: links in raw HTML blocks (tests/fast/test_raw_html.py).
# The extension is loaded by tests/fast/conftest.py (EXTENSIONS).
language = "da"
nitpicky = True
myst_enable_extensions = ["attrs_block"]
myst_heading_anchors = 3
