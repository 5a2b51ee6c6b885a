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
from functools import partial
from pathlib import Path
from urllib.parse import unquote

from os2_handbook.importer.passes import Heading, myst_slug, outside_code
from os2_handbook.importer.report import Line, Outcome, Report
from os2_handbook.importer.site import Page, Site, default_url, is_file

INLINE_LINK = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?(?P<target>[^)\s>]*)>?(?P<title>\s+\"[^\"]*\")?\s*\)"
    r"(?:\{:\s*(?P<ial>[^{}]*)\})?"
)
REFERENCE_DEFINITION = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*)(\S+)(.*)$")
EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
EXPLICIT_ID_LINE = re.compile(r"^\{#([\w-]+)\}\s*$")
HTML_LINK = re.compile(r"""(?P<attr>\b(?:href|src))=(?P<q>["'])(?P<target>[^"']*)(?P=q)""")
MYST_HEADING = re.compile(r"^#{1,3}\s+(.*?)\s*$")
# A link with a .btn class, held in the line until the whole line is known:
# kind (ref, link or plain), target, href, colour, outline, text.
BUTTON_COLORS = {
    "btn": "secondary", "btn-primary": "primary", "btn-purple": "primary", "btn-blue": "info",
    "btn-green": "success", "btn-outline": "primary",
}  # fmt: skip
BUTTON = re.compile(r"\x00button\|(.*?)\|(.*?)\|(.*?)\|(.*?)\|(.*?)\|(.*?)\x00")


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
        self.site, self.report = site, report
        self.by_url: dict[str, Target] = {}
        self.assets: set[str] = set()  # site-relative paths of the files to copy
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
                elif match := EXPLICIT_ID_LINE.match(item.text):
                    target.anchors.add(match.group(1))
            urls = [page.url, default_url(page.source), "/" + page.source, "/" + page.out]
            self._register(target, urls)

    def _register(self, target: Target, urls: list[str]) -> None:
        for url in urls:
            key = _normalise(url)
            self.by_url[key] = target
            if key.endswith("/index"):
                self.by_url[key[: -len("/index")] or "/"] = target

    def _candidates(self, page: Page, path: str) -> list[str]:
        if path.startswith("/"):
            base = self.site.baseurl
            if base and (path == base or path.startswith(base + "/")):
                path = path[len(base) :] or "/"
            return [path]
        url_dir = page.url if page.url.endswith("/") else posixpath.dirname(page.url)
        file_dir = "/" + posixpath.dirname(page.source)
        return [posixpath.join(url_dir, path), posixpath.join(file_dir, path)]

    def _find_asset(self, candidates: list[str]) -> str | None:
        for candidate in candidates:
            relative = posixpath.normpath(unquote(candidate)).lstrip("/")
            if relative and not relative.endswith(".md") and is_file(self.site.root / relative):
                return relative
        return None

    # -- rewriting --------------------------------------------------------------

    def rewrite_line(self, page: Page, line: Line) -> None:
        if line.html:
            line.text = HTML_LINK.sub(partial(self._html_link, page, line), line.text)
        elif match := REFERENCE_DEFINITION.match(line.text):
            href = self._rewrite_target(page, line, match.group(2), "")
            line.text = f"{match.group(1)}{href}{match.group(3)}"
        else:
            link = partial(self._link, page, line)
            line.text = outside_code(line.text, lambda part: INLINE_LINK.sub(link, part))
            self._buttons_alone_on_line(page, line)

    def _html_link(self, page: Page, line: Line, match: re.Match) -> str:
        """href/src in raw HTML: the same resolution; os2_handbook.ext.raw_html checks it."""
        target = match["target"]
        if not target or target.startswith("#") or EXTERNAL.match(target):
            return match.group()
        href = self._rewrite_target(page, line, target, "")
        return f"{match['attr']}={match['q']}{href}{match['q']}"

    def _link(self, page: Page, line: Line, match: re.Match) -> str:
        if not match["target"] and not match["image"]:
            self.report.note(
                page, "tomt link", Outcome.MANUAL, line,
                f"linket [{match['text']}]() peger ingen steder hen.",
                "Skriv adressen i ( ), eller fjern linket og behold teksten.",
            )  # fmt: skip
        href = self._rewrite_target(page, line, match["target"], match["image"])
        classes = [t[1:] for t in (match["ial"] or "").split() if t.startswith(".")]
        if any(c.startswith("btn") for c in classes):
            colors = [BUTTON_COLORS[c] for c in classes if c in BUTTON_COLORS]
            outline = ":outline:" if "btn-outline" in classes else ""
            if self.last_page is not None:  # button-ref takes a document name
                kind, target = "ref", "/" + self.last_page.out[:-3]
            elif EXTERNAL.match(href):
                kind, target = "link", href
            else:
                kind, target = "plain", href
                self.report.note(
                    page, "knap (.btn)", Outcome.MANUAL, line,
                    f"en knap til {match['target']} (et anker eller en fil) "
                    "er gjort til et almindeligt link.",
                    "Sphinx-design-knapper kan kun pege på en side eller en webadresse.",
                )  # fmt: skip
            color = (colors or ["secondary"])[-1]
            return f"\x00button|{kind}|{target}|{href}|{color}|{outline}|{match['text']}\x00"
        for cls in classes:
            message = f"klassen .{cls} på et link er fjernet."
            self.report.note(page, "ukendt klasse", Outcome.MANUAL, line, message)
        return f"{match['image']}[{match['text']}]({href}{match['title'] or ''})"

    def _buttons_alone_on_line(self, page: Page, line: Line) -> None:
        if not (buttons := BUTTON.findall(line.text)):
            return
        if BUTTON.sub("", line.text).strip():
            # A button inside a sentence has no sphinx-design form: keep it a link.
            line.text = BUTTON.sub(r"[\6](\3)", line.text)
            if any(kind != "plain" for kind, *_ in buttons):
                self.report.note(
                    page, "knap (.btn)", Outcome.MANUAL, line,
                    "en knap midt i teksten er gjort til et almindeligt link.",
                    "Flyt knappen til sin egen linje, hvis den skal vises som knap.",
                )  # fmt: skip
            return
        blocks = []
        for kind, target, href, color, outline, text in buttons:
            if kind == "plain":
                blocks.append(f"[{text}]({href})\n")
                continue
            options = [":ref-type: doc"] if kind == "ref" else []
            options += [f":color: {color}", *([outline] if outline else [])]
            head = [f":::{{button-{kind}}} {target}", *options]
            blocks.append("\n".join([*head, "", text, ":::", ""]))
            self.report.note(
                page, "knap (.btn)", Outcome.CONVERTED, line, "blev til en sphinx-design-knap."
            )
        line.text = "\n".join(blocks).rstrip("\n")

    def _rewrite_target(self, page: Page, line: Line, target: str, image: str) -> str:
        self.last_page = None  # the page a link without anchor points at, for buttons
        if not target or EXTERNAL.match(target):
            return target
        path, hash_mark, anchor = target.partition("#")
        path = path.split("?", 1)[0]
        if not path:  # a link within the page
            own = self.by_url[_normalise(page.url)]
            return self._anchor_on(page, line, own, target, anchor, "#")
        candidates = self._candidates(page, path)
        found = next(filter(None, (self.by_url.get(_normalise(c)) for c in candidates)), None)
        if found is not None:
            href = _relative(page.out, found.out)
            if anchor:
                return self._anchor_on(page, line, found, target, anchor, href)
            self.last_page = found
            message = f"{target} → {href}"
            if hash_mark:
                message = f"det tomme anker i {target} er fjernet."
            self.report.note(page, "link", Outcome.CONVERTED, line, message)
            return href
        if (asset := self._find_asset(candidates)) is not None:
            self.assets.add(asset)
            href = _relative(page.out, asset)
            message = f"{target} kopieres med og linkes som {href}."
            self.report.note(page, "billede" if image else "fil", Outcome.CONVERTED, line, message)
            return href
        return self._broken_page(page, line, target, candidates[0], anchor)

    def _anchor_on(
        self, page: Page, line: Line, found: Target, target: str, anchor: str, href: str
    ) -> str:
        written = f"{href}#{anchor}" if href != "#" else f"#{anchor}"
        if anchor in found.anchors:
            message = f"{target} → {written}"
            self.report.note(page, "link med anker", Outcome.CONVERTED, line, message)
            return written
        if anchor in found.auto_ids:
            found.auto_ids[anchor].needs_auto_id = True
            found.anchors.add(anchor)
            self.report.note(
                page, "link med anker", Outcome.CONVERTED, line,
                f"{target} → {written}; overskriften får {{#{anchor}}}, så det gamle anker virker.",
            )  # fmt: skip
            return written
        known = sorted(found.anchors | set(found.auto_ids))
        close = difflib.get_close_matches(anchor, known, n=1, cutoff=0.4)
        suggestion = (
            f"`{found.out}#{close[0]}`" if close else f"`{found.out}` (siden findes, ankeret ikke)"
        )
        self.report.note(
            page, "link med anker", Outcome.MANUAL, line,
            f"ankeret #{anchor} findes ikke på {found.out}: {target}",
            suggestion,
        )  # fmt: skip
        return written

    def _broken_page(self, page: Page, line: Line, target: str, candidate: str, anchor: str) -> str:
        stem = _normalise(candidate).lstrip("/") or "index"
        href = _relative(page.out, stem + ".md") + (f"#{anchor}" if anchor else "")
        close = self._nearest_page(stem, page)
        suggestion = (
            f"`{close}`" if close else "ingen side ligner; fjern linket, eller skriv siden."
        )
        self.report.note(
            page, "link", Outcome.MANUAL, line, f"siden findes ikke: {target}", suggestion,
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


def _normalise(url: str) -> str:
    """One key per page URL: no .md/.html suffix, no trailing slash, no dot segments."""
    url = posixpath.normpath("/" + unquote(url).lstrip("/"))
    for suffix in (".md", ".html"):
        url = url.removesuffix(suffix)
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
    found = {}
    for path in sorted(dest.rglob("*.md")) if dest.is_dir() else []:
        parts = path.relative_to(dest).parts
        if "/".join(parts) not in planned and not any(p.startswith((".", "_")) for p in parts):
            found["/".join(parts)] = path.read_text(encoding="utf-8")
    return found
