"""A time zone for "Sidst opdateret" that cannot be found is a clear error naming conf.py's
line (os2_handbook/ext/timezone.py)."""

from __future__ import annotations

ROOT = "page_language"  # any root will do: the setting is in conf.py


def test_the_handbooks_time_zone_is_found(build_root):
    built = build_root(
        ROOT,
        edits={"conf.py": lambda text: text + 'git_last_updated_timezone = "Europe/Copenhagen"\n'},
    )
    assert built.warnings == ""


def test_twin_a_misspelt_time_zone_names_conf_py_and_line(build_root):
    built = build_root(
        ROOT,
        edits={"conf.py": lambda text: text + 'git_last_updated_timezone = "Europa/København"\n'},
    )
    line = len((built.srcdir / "conf.py").read_text(encoding="utf-8").splitlines())
    assert (
        f"{built.srcdir / 'conf.py'}:{line}: ERROR: tidszonen 'Europa/København' "
        "(git_last_updated_timezone) findes ikke."
    ) in built.warnings
