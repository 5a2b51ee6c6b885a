"""The fast tier (see conftest.py); a package, so its module names never clash with tests/."""
