"""Links, anchors, images and assets: resolved against the imported set of pages.

A Jekyll link may name a page by its file (``x.md``), by its URL with or
without ``.html`` or a trailing slash, absolutely (``/docs/x``) or relative to
the page's URL or file (``./x``, ``../x``). Each becomes this project's form:
a relative MyST link to the ``.md`` file, with the anchor, so Sphinx checks it.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from os2_handbook.importer.kramdown import (
    BUTTON_COLORS,
    Heading,
    myst_slug,
    outside_code,
)
from os2_handbook.importer.report import Line, Outcome, Report
from os2_handbook.importer.site import Page, Site, default_url

INLINE_LINK = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?(?P<target>[^)\s>]*)>?(?P<title>\s+\"[^\"]*\")?\s*\)"
    r"(?:\{:\s*(?P<ial>[^{}]*)\})?"
)
REFERENCE_DEFINITION = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*)(\S+)(.*)$")
EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
EXPLICIT_ID_LINE = re.compile(r"^\{#([\w-]+)\}\s*$")
HTML_LINK = re.compile(r"""(?P<attr>\b(?:href|src))=(?P<q>["'])(?P<target>[^"']*)(?P=q)""")
MYST_HEADING = re.compile(r"^#{1,3}\s+(.*?)\s*$")


@dataclass(eq=False)
class Target:
    """A page links can point at: imported now, or already in the destination."""

    out: str  # dest-relative .md path
    anchors: set[str] = field(default_factory=set)
    auto_ids: dict[str, Heading] = field(default_factory=dict)  # kramdown ids to keep on demand
    page: Page | None = None
    title: str = ""  # the # heading of a page already in the destination


class LinkResolver:
    def __init__(self, site: Site, existing: dict[str, str], report: Report):
        self.site = site
        self.report = report
        self.by_url: dict[str, Target] = {}
        self.assets: dict[str, str] = {}  # site-relative source -> dest-relative path
        self.last_page: Target | None = None
        for out, text in sorted(existing.items()):
            self._register(_existing_target(out, text), [default_url(out), "/" + out])
        for page in site.pages:
            target = Target(page.out, page=page)
            for item in page.items:
                if isinstance(item, Heading):
                    if item.explicit_id:
                        target.anchors.add(item.explicit_id)
                    else:
                        target.auto_ids.setdefault(item.auto_id, item)
                    if item.level <= 3:
                        target.anchors.add(myst_slug(item.plain))
                elif isinstance(item, Line) and (match := EXPLICIT_ID_LINE.match(item.text)):
                    target.anchors.add(match.group(1))
            self._register(
                target, [page.url, default_url(page.source), "/" + page.source, "/" + page.out]
            )

    def _register(self, target: Target, urls: list[str]) -> None:
        for url in urls:
            key = _normalise(url)
            self.by_url[key] = target
            if key.endswith("/index"):
                self.by_url[key[: -len("/index")] or "/"] = target

    # -- lookup ---------------------------------------------------------------

    def _candidates(self, page: Page, path: str) -> list[str]:
        if path.startswith("/"):
            base = self.site.baseurl
            if base and (path == base or path.startswith(base + "/")):
                path = path[len(base) :] or "/"
            return [path]
        url_dir = page.url if page.url.endswith("/") else posixpath.dirname(page.url)
        file_dir = "/" + posixpath.dirname(page.source)
        return [posixpath.join(url_dir, path), posixpath.join(file_dir, path)]

    def _find_page(self, candidates: list[str]) -> Target | None:
        for candidate in candidates:
            if (target := self.by_url.get(_normalise(candidate))) is not None:
                return target
        return None

    def _find_asset(self, candidates: list[str]) -> str | None:
        for candidate in candidates:
            relative = posixpath.normpath(unquote(candidate)).lstrip("/")
            path = self.site.root / relative
            if relative and not relative.endswith(".md") and path.is_file():
                return relative
        return None

    # -- rewriting --------------------------------------------------------------

    def rewrite_line(self, page: Page, line: Line) -> None:
        if line.html:
            line.text = HTML_LINK.sub(lambda m: self._html_link(page, line, m), line.text)
            return
        if (match := REFERENCE_DEFINITION.match(line.text)) and not line.code:
            href = self._rewrite_target(page, line, match.group(2), "")
            line.text = f"{match.group(1)}{href}{match.group(3)}"
            return
        line.text = outside_code(
            line.text, lambda part: INLINE_LINK.sub(lambda m: self._link(page, line, m), part)
        )
        self._buttons_alone_on_line(page, line)

    def _html_link(self, page: Page, line: Line, match: re.Match) -> str:
        """href/src in raw HTML: the same resolution; os2_handbook.ext.raw_html checks it."""
        target = match["target"]
        if not target or target.startswith("#") or EXTERNAL.match(target):
            return match.group()
        href = self._rewrite_target(page, line, target, "")
        return f"{match['attr']}={match['q']}{href}{match['q']}"

    def _link(self, page: Page, line: Line, match: re.Match) -> str:
        if not match.group("target") and not match.group("image"):
            self._note(
                page, line, "tomt link", Outcome.MANUAL,
                f"linket [{match.group('text')}]() peger ingen steder hen.",
                "Skriv adressen i ( ), eller fjern linket og behold teksten.",
            )  # fmt: skip
        href = self._rewrite_target(page, line, match.group("target"), match.group("image"))
        text = f"{match.group('image')}[{match.group('text')}]({href}{match.group('title') or ''})"
        if ial := match.group("ial"):
            classes = [t[1:] for t in ial.split() if t.startswith(".")]
            if any(c.startswith("btn") for c in classes):
                color = next(
                    (BUTTON_COLORS[c] for c in reversed(classes) if c in BUTTON_COLORS), "secondary"
                )
                outline = ":outline:" if "btn-outline" in classes else ""
                if self.last_page is not None:  # button-ref takes a document name
                    kind, target = "ref", "/" + self.last_page.out[:-3]
                elif EXTERNAL.match(href):
                    kind, target = "link", href
                else:
                    kind, target = "plain", href
                    self._note(
                        page, line, "knap (.btn)", Outcome.MANUAL,
                        f"en knap til {match.group('target')} (et anker eller en fil) "
                        "er gjort til et almindeligt link.",
                        "Sphinx-design-knapper kan kun pege på en side eller en webadresse.",
                    )  # fmt: skip
                return (
                    f"\x00button|{kind}|{target}|{href}|{color}|{outline}|{match.group('text')}\x00"
                )
            for cls in classes:
                self._note(
                    page,
                    line,
                    "ukendt klasse",
                    Outcome.MANUAL,
                    f"klassen .{cls} på et link er fjernet.",
                )
        return text

    def _buttons_alone_on_line(self, page: Page, line: Line) -> None:
        button = re.compile(r"\x00button\|(.*?)\|(.*?)\|(.*?)\|(.*?)\|(.*?)\|(.*?)\x00")
        buttons = button.findall(line.text)
        if not buttons:
            return
        if button.sub("", line.text).strip():
            # A button inside a sentence has no sphinx-design form: keep it a link.
            line.text = button.sub(r"[\6](\3)", line.text)
            if any(kind != "plain" for kind, *_ in buttons):
                self._note(
                    page, line, "knap (.btn)", Outcome.MANUAL,
                    "en knap midt i teksten er gjort til et almindeligt link.",
                    "Flyt knappen til sin egen linje, hvis den skal vises som knap.",
                )  # fmt: skip
            return
        blocks = []
        for kind, target, href, color, outline, text in buttons:
            if kind == "plain":
                blocks.append(f"[{text}]({href})\n")
                continue
            head = (
                [f":::{{button-link}} {target}"]
                if kind == "link"
                else [f":::{{button-ref}} {target}", ":ref-type: doc"]
            )
            blocks.append(
                "\n".join(
                    head
                    + [f":color: {color}"]
                    + ([outline] if outline else [])
                    + ["", text, ":::", ""]
                )
            )
            self._note(
                page, line, "knap (.btn)", Outcome.CONVERTED, "blev til en sphinx-design-knap."
            )
        line.text = "\n".join(blocks).rstrip("\n")

    def _rewrite_target(self, page: Page, line: Line, target: str, image: str) -> str:
        self.last_page = None  # the page a link without anchor points at, for buttons
        if not target or EXTERNAL.match(target):
            return target
        path, hash_mark, anchor = target.partition("#")
        path = path.split("?", 1)[0]
        if not path:  # a link within the page
            return self._anchor_on(page, line, self._own_target(page), target, anchor, "#")
        candidates = self._candidates(page, path)
        if (found := self._find_page(candidates)) is not None:
            href = _relative(page.out, found.out)
            if hash_mark and not anchor:
                self.last_page = found
                self._note(
                    page, line, "link", Outcome.CONVERTED, f"det tomme anker i {target} er fjernet."
                )
                return href
            if not anchor:
                self.last_page = found
                self._note(page, line, "link", Outcome.CONVERTED, f"{target} → {href}")
                return href
            return self._anchor_on(page, line, found, target, anchor, href)
        if (asset := self._find_asset(candidates)) is not None:
            self.assets[asset] = asset
            href = _relative(page.out, asset)
            kind = "billede" if image else "fil"
            self._note(
                page, line, kind, Outcome.CONVERTED, f"{target} kopieres med og linkes som {href}."
            )
            return href
        return self._broken_page(page, line, target, candidates[0], anchor)

    def _own_target(self, page: Page) -> Target:
        return self.by_url[_normalise(page.url)]

    def _anchor_on(
        self, page: Page, line: Line, found: Target, target: str, anchor: str, href: str
    ) -> str:
        written = f"{href}#{anchor}" if href != "#" else f"#{anchor}"
        if anchor in found.anchors:
            self._note(page, line, "link med anker", Outcome.CONVERTED, f"{target} → {written}")
            return written
        if anchor in found.auto_ids:
            found.auto_ids[anchor].needs_auto_id = True
            found.anchors.add(anchor)
            self._note(
                page, line, "link med anker", Outcome.CONVERTED,
                f"{target} → {written}; overskriften får {{#{anchor}}}, så det gamle anker virker.",
            )  # fmt: skip
            return written
        known = sorted(found.anchors | set(found.auto_ids))
        close = difflib.get_close_matches(anchor, known, n=1, cutoff=0.4)
        suggestion = (
            f"`{found.out}#{close[0]}`" if close else f"`{found.out}` (siden findes, ankeret ikke)"
        )
        self._note(
            page, line, "link med anker", Outcome.MANUAL,
            f"ankeret #{anchor} findes ikke på {found.out}: {target}",
            suggestion, link_target=written,
        )  # fmt: skip
        return written

    def _broken_page(self, page: Page, line: Line, target: str, candidate: str, anchor: str) -> str:
        stem = _normalise(candidate).lstrip("/") or "index"
        href = _relative(page.out, stem + ".md") + (f"#{anchor}" if anchor else "")
        close = self._nearest_page(stem, page)
        suggestion = (
            f"`{close}`" if close else "ingen side ligner; fjern linket, eller skriv siden."
        )
        self._note(
            page, line, "link", Outcome.MANUAL, f"siden findes ikke: {target}", suggestion,
            link_target=href,
        )  # fmt: skip
        return href

    def _nearest_page(self, stem: str, linking: Page) -> str:
        """The page a missing link most likely meant: by title and folder, not by letters.

        The missing address's last part is compared with each page's title
        (as kramdown makes an id of it) and file name; a page in the same
        folder counts a little more. The linking page itself is never the answer.
        """
        wanted = _words(posixpath.basename(stem))
        folder = posixpath.dirname(stem)
        best, best_score = "", 0.0
        for target in {id(t): t for t in self.by_url.values()}.values():
            if target.page is linking or target.out == linking.out:
                continue
            title = target.page.nav_title if target.page else target.title
            names = [_words(title), _words(posixpath.basename(target.out[:-3]))]
            score = max(difflib.SequenceMatcher(None, wanted, n).ratio() for n in names if n)
            if posixpath.dirname(target.out) == folder:
                score += 0.1
            if score > best_score:
                best, best_score = target.out, score
        return best if best_score >= 0.75 else ""

    def _note(
        self,
        page: Page,
        line: Line,
        kind: str,
        outcome: Outcome,
        message: str,
        suggestion: str = "",
        **extra,
    ) -> None:
        self.report.add(
            kind, outcome, page.source, line.source_line, message, suggestion, line=line, **extra
        )


def _normalise(url: str) -> str:
    """One key per page URL: no .md/.html suffix, no trailing slash, no dot segments."""
    url = posixpath.normpath("/" + unquote(url).lstrip("/"))
    for suffix in (".md", ".html"):
        if url.endswith(suffix):
            url = url[: -len(suffix)]
    return url.rstrip("/") or "/"


def _relative(from_out: str, to_out: str) -> str:
    return posixpath.relpath(to_out, posixpath.dirname(from_out) or ".")


def _existing_target(out: str, text: str) -> Target:
    """A page already in the destination: its {#id} lines and heading slugs."""
    target = Target(out)
    for line in text.splitlines():
        if match := EXPLICIT_ID_LINE.match(line):
            target.anchors.add(match.group(1))
        elif match := MYST_HEADING.match(line):
            heading = re.sub(r"[*_`]", "", match.group(1))
            target.anchors.add(myst_slug(heading))
            if line.startswith("# ") and not target.title:
                target.title = heading
    return target


def _words(text: str) -> str:
    """A title or file name as comparable words: lower case, æ ø å spelt out."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return " ".join(re.findall(r"[a-z0-9]+", text))


def read_existing_pages(dest: Path, planned: set[str]) -> dict[str, str]:
    """Pages in the destination that this import does not write: dest-relative path -> text."""
    if not dest.is_dir():
        return {}
    found = {}
    for path in sorted(dest.rglob("*.md")):
        relative = path.relative_to(dest).as_posix()
        if relative not in planned and not any(
            p.startswith((".", "_")) for p in path.relative_to(dest).parts
        ):
            found[relative] = path.read_text(encoding="utf-8")
    return found
