"""The local package stays legible: its tree shows the roles, and no two of its
modules import each other, directly or in a ring (read from the source with ast,
so nothing is imported).

Every module of os2_handbook/ is checked, in every subpackage, and imports only
for type checkers (``if TYPE_CHECKING:``) count too: a ring a reader has to
follow is a ring, whether or not Python runs it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from os2_handbook.build import ROOT
from os2_handbook.ext import PARTS

PACKAGE = "os2_handbook"
# One folder per kind of code (README.md's map of the package shows the same).
LAYOUT = {
    "__init__.py",  # the map of the package, in its docstring
    "ext",  # everything that runs inside sphinx-build
    "pdf",  # the PDF edition
    "authoring",  # authors' command-line tools: lint, baseline, review report
    "importer",  # the Jekyll importer
    "fences",  # every use of another project's internals, one module per project
    "build.py",  # python -m os2_handbook.build: the one build entry point
    "edition.py",  # the handbook's edition (udgave.toml); Sphinx's ConfigError for its faults
    "nodejs.py",  # the Node.js the front-end tools need (python3 -m os2_handbook.nodejs)
    "preview.py",  # the live preview
    "project.py",  # the project's settings and paths
}


def modules(root: Path, package: str = PACKAGE) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(root: Path, package: str = PACKAGE) -> dict[str, set[str]]:
    """module -> the package's modules it imports, anywhere in its code."""
    known = modules(root, package)
    graph: dict[str, set[str]] = {}
    for module, path in known.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            found |= {n for n in names if n in known}
        # A package's own __init__ is not an import of its parts by them.
        graph[module] = {i for i in found if i != module and not module.startswith(i + ".")}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every ring of modules that import each other, each once, as found."""
    cycles, done = [], set()

    def visit(module: str, path: list[str]) -> None:
        for imported in sorted(graph[module]):
            if imported in path:
                ring = path[path.index(imported) :]
                if frozenset(ring) not in done:
                    done.add(frozenset(ring))
                    cycles.append([*ring, imported])
            elif len(path) < len(graph):
                visit(imported, [*path, imported])

    for module in sorted(graph):
        visit(module, [module])
    return cycles


def test_no_module_of_the_package_imports_itself_back() -> None:
    graph = imports_of(ROOT)
    assert "os2_handbook.build" in graph and "os2_handbook.pdf.printing" in graph
    assert "os2_handbook.authoring.lint" in graph and "os2_handbook.ext.pending" in graph
    assert import_cycles(graph) == []


def test_twin_a_ring_of_imports_is_found(tmp_path: Path) -> None:
    package = tmp_path / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "build.py").write_text("from os2_handbook.pdf import build_pdf\n")
    (package / "pdf.py").write_text("def build_pdf():\n    from os2_handbook.build import ROOT\n")
    assert import_cycles(imports_of(tmp_path)) == [
        ["os2_handbook.build", "os2_handbook.pdf", "os2_handbook.build"]
    ]


def test_twin_a_ring_only_for_type_checkers_is_found_too(tmp_path: Path) -> None:
    package = tmp_path / PACKAGE / "authoring"
    package.mkdir(parents=True)
    (package.parent / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "lint.py").write_text("from os2_handbook.authoring import baseline\n")
    (package / "baseline.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from os2_handbook.authoring.lint import Problem\n"
    )
    assert len(import_cycles(imports_of(tmp_path))) == 1


def test_the_package_is_laid_out_by_role() -> None:
    top = {p.name for p in (ROOT / PACKAGE).iterdir() if p.name != "__pycache__"}
    assert top == LAYOUT, "os2_handbook/ has changed shape: update README.md's map and LAYOUT"
    # Benchmarks and test scaffolding live outside the package.
    assert (ROOT / "benchmarks" / "__main__.py").is_file()
    assert (ROOT / "tests" / "support" / "copies.py").is_file()


def test_the_readme_map_shows_the_tree() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```text\nos2_handbook/\n", 1)[1].split("```", 1)[0]
    shown = {line.split()[0].rstrip("/") for line in block.splitlines() if line.startswith("  ")
             and not line.startswith("    ")}  # fmt: skip
    assert shown == LAYOUT - {"__init__.py"}, "README.md's map of os2_handbook/ differs from it"
    for folder in ("ext", "pdf", "authoring"):
        listed = {line.split()[0] for line in block.splitlines() if line.startswith("    ")}
        files = {p.name for p in (ROOT / PACKAGE / folder).glob("*.py")} - {"__init__.py"}
        assert files - {"lint_baseline.py"} <= listed, (
            f"README.md's map lacks a module of os2_handbook/{folder}/"
        )


def test_conf_py_loads_the_extension_through_its_one_setup() -> None:
    conf = (ROOT / "conf.py").read_text(encoding="utf-8")
    own = re.findall(r'"(os2_handbook[\w.]*)"', conf)
    assert own == ["os2_handbook.ext"], own


def test_every_part_with_a_setup_is_loaded_and_returns_its_metadata() -> None:
    parts = set()
    for module, path in modules(ROOT).items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == "setup":
                parts.add(module)
                returns = [n for n in ast.walk(node) if isinstance(n, ast.Return)]
                assert returns and all("parallel_read_safe" in ast.unparse(r) for r in returns), (
                    f"{path}: setup() must return its metadata (parallel_read_safe …)"
                )
    assert parts - {"os2_handbook.ext"} == set(PARTS)


# Which folder may import which: what runs inside Sphinx never imports the
# command-line tools, and the fences and settings import nothing of the package.
NEVER_IMPORTS = {
    "os2_handbook.ext": ("os2_handbook.authoring", "os2_handbook.importer", "os2_handbook.pdf"),
    "os2_handbook.fences": ("os2_handbook.",),
    "os2_handbook.project": ("os2_handbook.",),
}


def layer_violations(root: Path) -> list[str]:
    return [
        f"{module} imports {imported}"
        for module, imported_all in imports_of(root).items()
        for layer, forbidden in NEVER_IMPORTS.items()
        if module == layer or module.startswith(layer + ".")
        for imported in sorted(imported_all)
        if imported.startswith(forbidden) and not imported.startswith(layer)
    ]


def test_the_layers_import_downwards_only() -> None:
    assert layer_violations(ROOT) == []


def test_twin_an_extension_part_importing_a_tool_is_found(tmp_path: Path) -> None:
    for folder in ("ext", "authoring"):
        (tmp_path / PACKAGE / folder).mkdir(parents=True)
        (tmp_path / PACKAGE / folder / "__init__.py").write_text("")
    (tmp_path / PACKAGE / "__init__.py").write_text("")
    (tmp_path / PACKAGE / "authoring" / "lint.py").write_text("")
    (tmp_path / PACKAGE / "ext" / "links.py").write_text("import os2_handbook.authoring.lint\n")
    assert layer_violations(tmp_path) == [
        "os2_handbook.ext.links imports os2_handbook.authoring.lint"
    ]
