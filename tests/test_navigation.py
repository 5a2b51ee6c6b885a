"""The sidebar navigation: once per build (os2_handbook/ext/navigation.py), yet furo's own.

The comparison builds every page a second time with furo's own navigation
(``-D os2_fast_navigation=0``): the sidebars must be identical, byte for
byte, on the handbook and on a generated book nested three levels deep.
The scheduled workflow (.github/workflows/upgrade.yml) runs this against the
newest furo and Sphinx, since navigation.py relies on their internals.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from benchmarks.generate import generate_pages, write_sphinx_project
from conftest import Build, copy_project, edit_file, run_build
from os2_handbook.build import sphinx_command
from support.navigation import navigation_differences

DANISH_SWITCH = "Vis eller skjul undersiderne til "


def build_with_furo_navigation(root: Path) -> Path:
    outdir = root / "_build" / "furo"
    command = sphinx_command(
        "dirhtml", outdir, root=root, python=sys.executable,
        doctreedir=root / "_build" / "doctrees-furo", extra=("-D", "os2_fast_navigation=0"),
    )  # fmt: skip
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return outdir


# -- The navigation equals furo's -----------------------------------------------------


def test_handbook_navigation_equals_furos(html_build: Build, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "furo")
    differences = navigation_differences(html_build.outdir, build_with_furo_navigation(root))
    assert not differences, "\n".join(differences)


def test_generated_navigation_equals_furos(generated_build: Build) -> None:
    furos = build_with_furo_navigation(generated_build.root)
    differences = navigation_differences(generated_build.outdir, furos)
    assert not differences, "\n".join(differences)
    # The comparison covered nested, expanded branches, not just flat lists.
    nested = BeautifulSoup((furos / "del-0001/side-0008/index.html").read_text(encoding="utf-8"),
                           "html.parser")  # fmt: skip
    assert nested.select(".sidebar-tree li.current.has-children > input[checked]")
    assert nested.select(".sidebar-tree li.current-page")


def test_navigation_comparison_twin_catches_a_wrong_mark(
    generated_build: Build, tmp_path: Path
) -> None:
    broken = tmp_path / "html"
    subprocess.run(["cp", "-r", str(generated_build.outdir), str(broken)], check=True)
    page = broken / "del-0001" / "side-0003" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "current-page" in html
    page.write_text(html.replace(" current-page", "", 1), encoding="utf-8")
    differences = navigation_differences(broken, generated_build.outdir)
    assert len(differences) == 1
    assert differences[0].startswith("del-0001/side-0003/index.html:")


# -- Nested sections: the switch that folds them is labelled in Danish ---------------


def switch_labels(outdir: Path) -> dict[str, list[tuple[str, str]]]:
    """page -> [(aria-label, title of the section it folds)] of every sidebar switch."""
    found = {}
    for page in sorted(outdir.rglob("index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        switches = soup.select(".sidebar-tree input.toctree-checkbox")
        found[str(page.relative_to(outdir))] = [
            (switch["aria-label"], switch.find_parent("li").find("a").get_text())
            for switch in switches
        ]
    return found


def test_nested_sections_switches_are_labelled_in_danish(generated_build: Build) -> None:
    labels = switch_labels(generated_build.outdir)
    assert any(labels.values()), "the generated book has no nested sections"
    wrong = [
        f"{page}: {label!r}"
        for page, switches in labels.items()
        for label, title in switches
        if label != f"{DANISH_SWITCH}{title}"
    ]
    assert not wrong


def test_twin_switch_label_without_catalog_entry_is_english(tmp_path: Path) -> None:
    root = write_sphinx_project(generate_pages(12), tmp_path / "gen")
    edit_file(
        root, "locale/da/LC_MESSAGES/sphinx.po",
        lambda text: text.replace(f'msgstr "{DANISH_SWITCH}%(title)s"', 'msgstr ""'),
    )  # fmt: skip
    build = run_build(root)
    assert build.returncode == 0, build.output
    labels = [label for switches in switch_labels(build.outdir).values() for label, _ in switches]
    assert labels and all(label.startswith("Toggle navigation of ") for label in labels)
