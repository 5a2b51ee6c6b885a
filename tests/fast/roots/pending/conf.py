# Fast-tier root: {pending} sections and {pending-list} (tests/fast/test_pending.py).
# The extension is loaded by tests/fast/conftest.py (EXTENSIONS).
language = "da"
nitpicky = True
myst_enable_extensions = ["attrs_block", "colon_fence"]
myst_heading_anchors = 3
