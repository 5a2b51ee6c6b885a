# Fast-tier root: every image needs a text alternative (tests/fast/test_images.py).
# The extension is loaded by tests/fast/conftest.py (EXTENSIONS).
language = "da"
