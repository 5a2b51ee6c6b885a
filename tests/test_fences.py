"""The canaries: every fence's assumptions about another project still hold.

Each module of os2_handbook/fences/ says what it relies on in one upstream
project's internals. When an upgrade breaks one, the test fails naming the
package, its installed version and the fence to look at, before a build fails
somewhere less clear. pyproject.toml caps each fenced package at the versions
tested; raise a cap only with this file green.
"""

from __future__ import annotations

import importlib
import os
import re
import tomllib
from importlib.metadata import version

import pytest

from os2_handbook.build import ROOT
from os2_handbook.fences import FENCES, broken

FENCE_DIR = ROOT / "os2_handbook" / "fences"


def fence(name: str):
    return importlib.import_module(f"os2_handbook.fences.{name}")


@pytest.mark.parametrize("name", FENCES)
def test_the_fenced_internals_still_hold(name: str) -> None:
    module = fence(name)
    problems = module.assumptions()
    assert problems == [], broken(module.PACKAGE, name, problems)


def test_every_fence_module_is_checked() -> None:
    found = {p.stem for p in FENCE_DIR.glob("*.py") if p.stem != "__init__"}
    assert found == set(FENCES)


@pytest.mark.parametrize("name", FENCES)
def test_every_fenced_package_is_capped_in_pyproject(name: str) -> None:
    """An upper bound that the installed (tested) version is below."""
    if os.environ.get("OS2_CAPS_LIFTED"):  # the weekly upgrade run (.github/workflows/upgrade.yml)
        pytest.skip("the caps of the fenced packages are lifted for this run")
    package = fence(name).PACKAGE
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    specs = [
        spec
        for group in groups["dependency-groups"].values()
        for spec in group
        if isinstance(spec, str) and re.match(rf"{re.escape(package)}\b(?!-)", spec)
    ]
    assert specs, f"pyproject.toml does not list {package}, whose internals fences/{name}.py uses"
    caps = [m for spec in specs for m in re.findall(r"<\s*([\d.]+)", spec)]
    assert caps, f"pyproject.toml: {specs} has no upper bound (fences/{name}.py)"
    installed = tuple(int(p) for p in re.findall(r"\d+", version(package))[:3])
    for cap in caps:
        assert installed < tuple(int(p) for p in cap.split(".")), (package, cap)


@pytest.mark.parametrize("name", FENCES)
def test_every_fence_names_its_version_and_what_is_missing(name: str) -> None:
    module = fence(name)
    assert module.__doc__ and "Missing public API" in module.__doc__, f"fences/{name}.py"
    assert module.TESTED in module.__doc__, f"fences/{name}.py: its docstring names no version"


# -- Negative twins: a broken assumption is reported with package, version and fence.


def test_twin_a_changed_furo_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    import furo

    monkeypatch.setattr(furo, "_compute_navigation_tree", lambda context: "")
    problems = fence("furo").assumptions()
    assert problems and "skips a context without toctree" in problems[0]
    message = broken("furo", "furo", problems)
    assert message.startswith(f"furo {version('furo')} changed")
    assert "os2_handbook/fences/furo.py" in message


def test_twin_a_changed_weasyprint_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.pdf import tags

    monkeypatch.delattr(tags, "_build_box_tree")
    assert fence("weasyprint").assumptions() == ["weasyprint.pdf.tags._build_box_tree is gone"]


def test_twin_a_changed_sphinx_builder_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from sphinx.builders.singlehtml import SingleFileHTMLBuilder

    monkeypatch.setattr(SingleFileHTMLBuilder, "get_doc_context", lambda self, docname: {})
    problems = fence("sphinx").assumptions()
    assert any("SingleFileHTMLBuilder.get_doc_context" in p for p in problems), problems


def test_twin_a_changed_sitemap_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    import inspect

    import sphinx_sitemap

    source = inspect.getsource(sphinx_sitemap).replace("app.sitemap_links = ", "app.links = ")
    monkeypatch.setattr(inspect, "getsource", lambda module: source)
    problems = fence("sphinx_sitemap").assumptions()
    assert problems == ["sphinx-sitemap no longer collects the addresses in app.sitemap_links"]


def test_twin_an_uncapped_package_is_found(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    uncapped = re.sub(r'"sphinx-autobuild[^"]*"', '"sphinx-autobuild>=2025.8"', text)
    (tmp_path / "pyproject.toml").write_text(uncapped, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    with pytest.raises(AssertionError, match="no upper bound"):
        test_every_fenced_package_is_capped_in_pyproject("sphinx_autobuild")
