"""furo's sidebar, rendered once per build, is furo's own on every page
(os2_handbook/ext/navigation.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from support.navigation import navigation_differences

ROOT = "navigation"
# Where the once-per-build template is kept between builds (navigation.TEMPLATE_FILE).
TEMPLATE_FILE = "os2-navigation.pickle"


def test_the_sidebar_equals_furos_on_every_page(build_root):
    ours = build_root(ROOT)
    furos = build_root(ROOT, os2_fast_navigation=False)
    assert ours.warnings == furos.warnings == ""
    # Ours went through the once-per-build template; furo's own did not.
    assert (Path(ours.app.doctreedir) / TEMPLATE_FILE).is_file()
    assert not (Path(furos.app.doctreedir) / TEMPLATE_FILE).exists()
    differences = navigation_differences(Path(ours.app.outdir), Path(furos.app.outdir))
    assert differences == []
    # The comparison covered an expanded branch three levels down.
    deep = furos.html("del/under/dybt.html")
    assert deep.select(".sidebar-tree li.current.has-children > input[checked]")
    assert deep.select(".sidebar-tree li.current-page")


def test_twin_the_comparison_names_a_page_with_a_wrong_mark(build_root, tmp_path: Path):
    furos = build_root(ROOT, os2_fast_navigation=False)
    broken = tmp_path / "broken"
    shutil.copytree(furos.app.outdir, broken)
    page = broken / "del" / "side.html"
    html = page.read_text(encoding="utf-8")
    assert " current-page" in html
    page.write_text(html.replace(" current-page", "", 1), encoding="utf-8")
    differences = navigation_differences(broken, Path(furos.app.outdir))
    assert len(differences) == 1
    assert differences[0].startswith("del/side.html:")
