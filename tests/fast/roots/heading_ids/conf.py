# Fast-tier root: heading ids {#id} local to their page (tests/fast/test_heading_ids.py).
# The extension is loaded by tests/fast/conftest.py (EXTENSIONS).
language = "da"
nitpicky = True
myst_enable_extensions = ["attrs_block"]
myst_heading_anchors = 3
