"""The local package stays legible: no two of its modules import each other,
directly or in a ring (read from the source with ast, so nothing is imported).

Checked: the modules directly in os2_handbook/ (the Sphinx extension, the
builds, the gates). Imports only for type checkers (``if TYPE_CHECKING:``)
are no ring at run time and are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

from os2_handbook.build import ROOT

PACKAGE = "os2_handbook"


def imports_of(root: Path, package: str = PACKAGE) -> dict[str, set[str]]:
    """module -> the package's modules it imports, anywhere in its code."""
    graph: dict[str, set[str]] = {}
    for path in sorted((root / package).glob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for block in ast.walk(tree):  # drop `if TYPE_CHECKING:` blocks
            if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test):
                block.body = []
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            found |= {n for n in names if n.startswith(package + ".") or n == package}
        graph[module] = found
    return {m: {i for i in found if i in graph and i != m} for m, found in graph.items()}


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
    assert import_cycles(graph) == []


def test_twin_a_ring_of_imports_is_found(tmp_path: Path) -> None:
    package = tmp_path / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "build.py").write_text("from os2_handbook.pdf.printing import build_pdf\n")
    (package / "pdf.py").write_text("def build_pdf():\n    from os2_handbook.build import ROOT\n")
    assert import_cycles(imports_of(tmp_path)) == [
        ["os2_handbook.build", "os2_handbook.pdf.printing", "os2_handbook.build"]
    ]
