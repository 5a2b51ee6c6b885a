"""Do two commits build the same handbook? ``python -m benchmarks.compare_builds OLD NEW``.

Proof for a change that must not change what readers get (issue 22's
restructuring): each commit is cloned into a temporary folder and built with
the same command as nox and Read the Docs (``python -m os2_handbook.build html``
and ``pdf``), then the two trees are compared byte for byte. With
``--fixture`` the full-size fixture site (tests/fixtures/jekyll_full/) is also
imported into each clone, as ``nox -s import`` does, and that book is built
and compared too (the imported sources included).

What differs between any two builds of different commits, and is therefore
masked before comparing (and named in the output):

- the PDF's title page and colophon say which commit it was built from
  ("Bygget fra commit 1a2b3c4 (dato)"), and the PDF's creation and
  modification dates are that commit's date: the PDF is compared as text
  (pdftotext, each side's own HEAD masked) and by page count;
- ``searchindex.js`` lists each extension's ``env_version`` under the
  extension's module name (``"envversion"``), so it changes when a module
  that declares one is renamed; the map is printed, not compared;
- with ``--fixture``, the import is a commit of its own in each clone, and the
  Atom feed of "Seneste ændringer" (``aendringer.xml``) names that commit by
  its hash, which differs with the tree: each side's own HEAD is masked.

Run it with the test venv's Python (it has every build dependency), e.g.
``.nox/tests/bin/python -m benchmarks.compare_builds 73c2e35 HEAD --fixture``.
Exit code 0 when the builds are the same apart from the masked parts.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path("tests") / "fixtures" / "jekyll_full"
MANIFEST = Path("tests") / "fixtures" / "jekyll_full_manifest.yml"
FIXED_DATE = "2025-10-01T12:00:00+02:00"  # the import commit's date: "Sidst opdateret" alike
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Compare",
    "GIT_AUTHOR_EMAIL": "compare@example.invalid",
    "GIT_COMMITTER_NAME": "Compare",
    "GIT_COMMITTER_EMAIL": "compare@example.invalid",
    "GIT_AUTHOR_DATE": FIXED_DATE,
    "GIT_COMMITTER_DATE": FIXED_DATE,
}
ENVVERSION = re.compile(r'"envversion":\{[^}]*\}')


def run(cmd: list[str], cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, **kwargs)


def clone(commit: str, dest: Path) -> Path:
    """A clone of this repository at commit, with the diagram renderer's node_modules linked."""
    run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(dest)], ROOT, check=True)
    run(["git", "checkout", "--quiet", commit], dest, check=True)
    if (ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to((ROOT / "node_modules").resolve())
    return dest


def import_fixture(root: Path) -> None:
    """``nox -s import -- tests/fixtures/jekyll_full --force``, then a maintainer's fixes."""
    # The importer's module before and after issue 22's restructuring.
    new = (root / "os2_handbook" / "importer").is_dir()
    module = "os2_handbook.importer" if new else "os2_handbook.jekyll_import"
    result = run([sys.executable, "-m", module, str(FIXTURE), "--dest", "source", "--force"], root)
    if result.returncode not in (0, 1):  # 1: imported, with work left for a maintainer
        sys.exit(f"{root}: the import failed:\n{result.stdout}\n{result.stderr}")
    # The old site's own faults, fixed as tests/fixture_book.py does: the link
    # text kept, the link dropped; the raw cards' <h3> made <h2> for the PDF.
    for fault in yaml.safe_load((root / MANIFEST).read_text(encoding="utf-8"))["true_faults"]:
        page = root / "source" / fault["page"]
        link = re.compile(r"\[(" + re.escape(fault["text"]) + r")\]\([^)]*\)")
        page.write_text(link.sub(r"\1", page.read_text(encoding="utf-8"), count=1), "utf-8")
    cards = root / "source/docs/produkter/oversigt.md"
    cards.write_text(re.sub(r"(</?)h3>", r"\1h2>", cards.read_text(encoding="utf-8")), "utf-8")
    run(["git", "add", "--all"], root, check=True)
    run(["git", "commit", "--quiet", "--message", "Import the fixture site"], root, check=True)


def build(root: Path, out: Path) -> dict[str, int]:
    """Build HTML and PDF of the project in root into out/html and out/pdf; their exit codes."""
    codes = {}
    for fmt in ("html", "pdf"):
        result = run([sys.executable, "-m", "os2_handbook.build", fmt, str(out / fmt)], root)
        (out / f"{fmt}.log").write_text(result.stdout + result.stderr, encoding="utf-8")
        codes[fmt] = result.returncode
    return codes


def files(tree: Path) -> set[str]:
    return {p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file()}


def masked(path: Path, head: str) -> bytes:
    """The file with what differs between any two builds masked (see the docstring)."""
    data = path.read_bytes()
    if path.name == "searchindex.js":
        data = ENVVERSION.sub("", data.decode()).encode()
    if path.suffix == ".xml":
        data = data.replace(head.encode(), b"<HEAD>")
    return data


def compare_trees(old: Path, new: Path, label: str, heads: tuple[str, str]) -> list[str]:
    """What differs between two trees, apart from the masked parts; prints a summary."""
    problems = []
    old_files, new_files = files(old), files(new)
    problems += [
        f"{label}: only in the old build: {name}" for name in sorted(old_files - new_files)
    ]
    problems += [
        f"{label}: only in the new build: {name}" for name in sorted(new_files - old_files)
    ]
    same, masked_same = 0, []
    for name in sorted(old_files & new_files):
        if filecmp.cmp(old / name, new / name, shallow=False):
            same += 1
        elif masked(old / name, heads[0]) == masked(new / name, heads[1]):
            masked_same.append(name)
            if name.endswith("searchindex.js"):
                versions = [
                    ENVVERSION.search(p.read_text()).group() for p in (old / name, new / name)
                ]
                print(f"  {label}/{name}: the envversion map:\n    old {versions[0]}"
                      f"\n    new {versions[1]}")  # fmt: skip
        else:
            problems.append(f"{label}: {name} differs")
    print(
        f"{label}: {same} files byte-identical, {len(masked_same)} the same apart from the"
        f" masked parts {masked_same}, {len(old_files ^ new_files)} only on one side"
    )
    return problems


def pdf_text(pdf: Path, head: str) -> tuple[str, int]:
    """The PDF's text (the commit it was built from masked) and its page count."""
    text = run(["pdftotext", "-layout", str(pdf), "-"], pdf.parent, check=True).stdout
    info = run(["pdfinfo", str(pdf)], pdf.parent, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return text.replace(head[:7], "<HEAD>"), pages


def compare_pdfs(old: Path, new: Path, label: str, heads: tuple[str, str]) -> list[str]:
    old_pdfs, new_pdfs = sorted(old.glob("*.pdf")), sorted(new.glob("*.pdf"))
    if [p.name for p in old_pdfs] != [p.name for p in new_pdfs] or not old_pdfs:
        return [f"{label}: PDF files differ: {old_pdfs} / {new_pdfs}"]
    problems = []
    for a, b in zip(old_pdfs, new_pdfs, strict=True):
        (text_a, pages_a), (text_b, pages_b) = pdf_text(a, heads[0]), pdf_text(b, heads[1])
        identical = a.read_bytes() == b.read_bytes()
        text = "the same" if text_a == text_b else "DIFFERENT"
        data = "identical" if identical else "differ (commit line and dates)"
        print(f"{label}/{a.name}: {pages_a} / {pages_b} pages, text {text}, bytes {data}")
        if pages_a != pages_b or text_a != text_b:
            problems.append(f"{label}: {a.name} differs in text or page count")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare_builds")
    parser.add_argument("old", help="the commit before the change, e.g. 73c2e35")
    parser.add_argument("new", nargs="?", default="HEAD", help="the commit after (HEAD)")
    parser.add_argument("--fixture", action="store_true", help="also the full-size fixture")
    parser.add_argument("--keep", type=Path, help="build here and keep the trees")
    args = parser.parse_args(argv)
    commits = {}
    for side in ("old", "new"):
        commits[side] = run(["git", "rev-parse", getattr(args, side)], ROOT, check=True)
        commits[side] = commits[side].stdout.strip()
    with tempfile.TemporaryDirectory(prefix="os2-compare-") as tmp:
        work = args.keep or Path(tmp)
        problems = []
        books = ["handbook", "fixture"] if args.fixture else ["handbook"]
        for book in books:
            outs = {}
            for side, commit in commits.items():
                root = clone(commit, work / book / side / "clone")
                if book == "fixture":
                    import_fixture(root)
                outs[side] = work / book / side / "out"
                codes = build(root, outs[side])
                print(f"{book}, {side} ({commit[:7]}): exit codes {codes}")
            heads = tuple(
                run(["git", "rev-parse", "HEAD"], work / book / side / "clone").stdout.strip()
                for side in ("old", "new")
            )
            if book == "fixture":  # the importer's output: the same sources
                problems += compare_trees(
                    work / book / "old/clone/source", work / book / "new/clone/source",
                    f"{book}/source", heads,
                )  # fmt: skip
            problems += compare_trees(
                outs["old"] / "html", outs["new"] / "html", f"{book}/html", heads
            )
            problems += compare_pdfs(outs["old"] / "pdf", outs["new"] / "pdf", f"{book}/pdf", heads)
    for problem in problems:
        print(problem)
    print("the same" if not problems else f"{len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
