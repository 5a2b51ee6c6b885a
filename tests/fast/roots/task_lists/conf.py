# Fast-tier root: task lists with labelled checkboxes (tests/fast/test_task_lists.py).
# The extension is loaded by tests/fast/conftest.py (EXTENSIONS).
language = "da"
myst_enable_extensions = ["tasklist"]
