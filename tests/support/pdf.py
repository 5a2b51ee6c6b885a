"""Build the PDF edition in a copy of the project and read its text (pdftotext)."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from os2_handbook.pdf.printing import PDF_NAME
from seeds import normalise


@dataclass
class PdfBuild:
    root: Path
    returncode: int
    output: str  # stdout and stderr: what `nox -s pdf` shows

    @property
    def pdf(self) -> Path:
        return self.root / "_build" / "pdf" / PDF_NAME

    @property
    def html(self) -> str:
        """The page WeasyPrint printed (the pdfhtml builder's output)."""
        return (self.root / "_build" / "pdfhtml" / "index.html").read_text(encoding="utf-8")

    def text(self, first: int | None = None, last: int | None = None, *options: str) -> str:
        pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", *options, *pages, str(self.pdf), "-"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return result.stdout


def body_text(text: str) -> str:
    """The running text of a PDF's pages without page furniture, so that a
    sentence broken across two pages reads as one.

    pdftotext gives a page's running head (the chapter) as its first line and
    the page number as its last; the title page has neither.
    """
    pages = []
    for number, page in enumerate(text.split("\f"), 1):
        lines = [line for line in page.splitlines() if line.strip()]
        if number > 1 and lines:
            lines = lines[1:] if not lines[0].strip().isdigit() else lines
            if lines and lines[-1].strip().isdigit():
                lines = lines[:-1]
        pages.append("\n".join(lines))
    return "\n".join(pages)


def add_to_appendix(root: Path, paragraph: str) -> int:
    """Add a paragraph at the end of the copy's appendix; the line it starts on."""
    appendix = root / "source" / "docs" / "appendix.md"
    text = appendix.read_text(encoding="utf-8")
    appendix.write_text(f"{text}\n{paragraph}\n", encoding="utf-8")
    return len(text.splitlines()) + 2


def build_pdf(root: Path, env: dict[str, str] | None = None) -> PdfBuild:
    """Run `python -m os2_handbook.build pdf` in a copy of the project."""
    result = subprocess.run(
        [sys.executable, "-m", "os2_handbook.build", "pdf", str(root / "_build" / "pdf")],
        cwd=root, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return PdfBuild(root, result.returncode, result.stdout + result.stderr)


def comparable(text: str) -> str:
    """Text as pdftotext and the sources can both be reduced to.

    Drops the link addresses printed after links ("(https://…)"), joins words
    hyphenated at a line end, drops hyphens altogether (a real hyphen may fall
    at a line end too) and digits right after letters, and the space that
    plain-text extraction of the seeds leaves before punctuation.
    """
    text = re.sub(r"\s?\((?:https?://|mailto:)[^)]*\)", "", text)
    # WeasyPrint hyphenates with U+2010 HYPHEN.
    text = re.sub(r"[-\u00ad\u2010]\n", "", text).replace("-", "").replace("\u2010", "")
    text = re.sub(r"(?<=[^\W\d])\d+", "", text)
    return re.sub(r"\s+(?=[,.;:!?])", "", normalise(text))
