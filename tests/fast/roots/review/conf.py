# Fast-tier root: page owners and review dates in front matter (tests/fast/test_review.py).
# The extension is loaded by tests/fast/conftest.py (EXTENSIONS).
language = "da"
