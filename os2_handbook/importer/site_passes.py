"""The passes on the whole site: version, front page, theme, Sass, _config.yml, licence.

Each is named like the page passes, and its findings are tallied under that
name. They produce files outside ``source/`` too: ``udgave.toml`` (the
version) and ``_static/imported/`` (logo, compiled Sass, the logo's trademark
notice), which conf.py reads through ``os2_handbook.project``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from os2_handbook import nodejs
from os2_handbook.importer.passes import Context, Heading, Item
from os2_handbook.importer.report import Line, Outcome
from os2_handbook.importer.site import Site, is_file, outside, within, yaml_line
from os2_handbook.project import IMPORTED

MONTH_NAMES = "januar februar marts april maj juni juli august september oktober november december"
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES.split(), start=1)}
VERSION = re.compile(r"\bversion\s+v?(?P<number>\d+(?:\.\d+)+)", re.IGNORECASE)
RELEASED = re.compile(r"udgivet\s+(?:\d{1,2}\.\s*)?(?P<month>[a-zæøå]+)\s+(?P<year>\d{4})", re.I)
VERSION_BUTTON = re.compile(r"^\s*\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)\)\{:\s*\.btn[^}]*\}\s*$")
VERSION_BADGE = re.compile(r"^\{bdg-[\w-]+\}`(?P<text>[^`]*)`\s*$")
CHAPTER_HEADING = re.compile(r"^##\s+\[(?P<title>[^\]]+)\]\((?P<href>[^)#\s]+)[^)]*\)\s*$")
THEMATIC_BREAK = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
# Dart Sass from npm (the project's package.json), run with the machine's Node.js.
SASS = Path(__file__).resolve().parents[2] / "node_modules" / "sass" / "sass.js"

# The project's own paragraph on its front page (source/index.md), kept by --force.
PENDING_PARAGRAPH = (
    "Mange afsnit venter stadig på deres tekst: se [afsnit, der mangler tekst](mangler.md), "
    "og læs [Sådan bidrager du](bidrag.md), hvis du vil hjælpe."
)
OWN_PAGES_CAPTION = "Om håndbogen"
LINKS_CAPTION = "Links"

# _config.yml keys: what became of each (the rest is reported as not used).
CONFIG_DROPPED = {
    "theme": "håndbogen bruger Sphinx-temaet furo.",
    "remote_theme": "håndbogen bruger Sphinx-temaet furo.",
    "color_scheme": "furo har selv et lyst og et mørkt tema, efter læserens indstilling.",
    "back_to_top": "furo viser selv en knap til toppen, når man ruller ned ad siden.",
    "back_to_top_text": "furo viser selv en knap til toppen, når man ruller ned ad siden.",
    "mermaid": "håndbogen tegner diagrammerne med sin egen, fastlåste Mermaid-version.",
    "callouts_level": "notefarverne følger furo-temaet.",
    "aux_links_new_tab": "links i menuen åbner i samme fane, som læseren forventer.",
    "baseurl": "håndbogen ligger, hvor Read the Docs udgiver den; gamle links uden "
    "baseurl er rettet.",
    "title": "håndbogens titel står i conf.py (html_title).",
    "description": "forsidens beskrivelse kommer fra forsidens egen front matter.",
    "exclude": "filerne, den udelukker, er ikke importeret (se ovenfor).",
    "search_enabled": "håndbogen har altid søgning.",
    "heading_anchors": "håndbogens overskrifter har altid ankre.",
}


@dataclass
class Release:
    """The version the old front page shows."""

    number: str = ""
    released: str = ""  # YYYY-MM
    url: str = ""


@dataclass
class SiteOutput:
    """What the site passes (site_passes.py) produce besides the pages."""

    release: Release = field(default_factory=Release)
    aux_links: list[tuple[str, str]] = field(default_factory=list)
    # project-relative path -> (site-relative source, bytes)
    project_files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


# -- Version --------------------------------------------------------------------------


def version(site: Site, context: Context, output: SiteOutput) -> None:
    """The front page's version (label or release button) goes to udgave.toml."""
    home = site.home
    for index, item in enumerate(home.items if home else []):
        if not isinstance(item, Line) or item.code:
            continue
        match = VERSION_BUTTON.match(item.text) or VERSION_BADGE.match(item.text)
        if not match or not (number := VERSION.search(match["text"])):
            continue
        release = Release(number["number"], url=match.groupdict().get("url") or "")
        dated = RELEASED.search(match["text"])
        following = home.items[index + 1] if index + 1 < len(home.items) else None
        end = index + 1
        if not dated and isinstance(following, Line):
            dated = RELEASED.search(following.text)
            if dated and not RELEASED.sub("", following.text).strip(" .–-"):
                end += 1  # a line of its own: it goes into the badge
        if dated and dated["month"].lower() in MONTHS:
            release.released = f"{dated['year']}-{MONTHS[dated['month'].lower()]:02d}"
        output.release = release
        badge = Line("{{ version_badge }}", item.source_line)
        home.items[index:end] = [badge]
        described = f"version {release.number}" + (
            f", udgivet {release.released}" if release.released else ""
        )
        context.note(
            home, "version", Outcome.CONVERTED, badge,
            f"{described} står nu i udgave.toml og vises som {{{{ version_badge }}}}"
            + (f"; linket til udgivelsen ({release.url}) er bevaret." if release.url else "."),
        )  # fmt: skip
        if not release.released:
            context.note(
                home, "version", Outcome.MANUAL, badge,
                "forsiden siger ikke, hvornår versionen udkom; "
                "udgivet i udgave.toml er uændret.",
                "Skriv udgivelsesmåneden i udgave.toml: udgivet = \"ÅÅÅÅ-MM\".",
            )  # fmt: skip
        return


def updated_edition(text: str, release: Release) -> str:
    """udgave.toml's text with the imported version, month and link; the rest is kept."""
    values = {"version": release.number, "udgivet": release.released, "udgivelseslink": release.url}
    for key, value in values.items():
        if not value:
            continue
        line = f'{key} = "{value}"'
        if re.search(rf"^{key}\s*=", text, flags=re.M):
            text = re.sub(
                rf'^{key}\s*=\s*"[^"\n]*"', lambda _m, line=line: line, text, count=1, flags=re.M
            )
        else:
            text = text.rstrip("\n") + ("\n" if text else "") + line + "\n"
    return text


# -- Front page -----------------------------------------------------------------------


def front_page(site: Site, context: Context, output: SiteOutput, own_pages: list[str]) -> None:
    """The home page in the project's own form: chapter blocks become cards.

    ``## [Kapitel](docs/x.md)`` with its text and links, up to the next
    chapter or ``---``, is one card; the text before the first chapter stays
    as the introduction, and the project's own paragraph about pending
    sections and contributing follows it when those pages exist.
    """
    if (home := site.home) is None:
        return
    items = home.items
    first = next((i for i, h in enumerate(items) if isinstance(h, Heading) and _chapter(h)), None)
    intro = items if first is None else items[:first]
    while (
        intro
        and isinstance(intro[-1], Line)
        and (not intro[-1].text.strip() or THEMATIC_BREAK.match(intro[-1].text))
    ):
        intro = intro[:-1]
    result: list[Item] = list(intro)
    if {"mangler", "bidrag"} <= set(own_pages):
        result += [Line(""), Line(PENDING_PARAGRAPH)]
    cards: list[list[Item]] = []
    for item in items[len(intro) :] if first is not None else []:
        if isinstance(item, Heading) and item.level == 2 and (chapter := _chapter(item)):
            title, href = chapter
            rubric = Line(f"```{{rubric}} [{title}]({href})", item.line.source_line)
            cards.append([rubric, Line(":heading-level: 2"), Line("```"), Line("")])
            context.note(
                home, "forside (kort)", Outcome.CONVERTED, rubric,
                f"kapitlet «{title}» blev til et kort på forsiden.",
            )  # fmt: skip
        elif cards and isinstance(item, Line) and not THEMATIC_BREAK.match(item.text):
            cards[-1].append(item)
        elif cards and isinstance(item, Heading):
            cards[-1] += [item, Line("")]
    if cards:
        comment = "% The chapter cards are for the web; the PDF has its table of contents."
        result += map(Line, ["", comment, ":::::{only} html", "::::{grid} 1 1 2 2"])
        result += [Line(":gutter: 3"), Line("")]
        for card in cards:
            while card and isinstance(card[-1], Line) and not card[-1].text.strip():
                card.pop()
            result += [Line(":::{grid-item-card}"), *card, Line(":::"), Line("")]
        result += [Line("::::"), Line(":::::")]
    home.items = result


def _chapter(heading: Heading) -> tuple[str, str] | None:
    match = CHAPTER_HEADING.match(heading.line.text)
    return (match["title"], match["href"]) if match else None


# -- Theme: logo, header links, callout titles, Sass ----------------------------------------


def logo(site: Site, context: Context, output: SiteOutput) -> None:
    """_config.yml's logo is shown on every page (furo's html_logo, via conf.py)."""
    if not (value := site.config.get("logo")):
        return
    relative, base = str(value).split("?", 1)[0].strip("/"), site.baseurl.strip("/")
    relative = relative.removeprefix(base + "/") if base else relative
    path = site.root / relative
    if not within(site.root, path):
        _on_config(
            site, context, "logo", "logo", Outcome.MANUAL,
            f"logoet {value} ligger uden for siden ({path.resolve()}) og er ikke hentet.",
            "Læg logoet i siden, og skriv stien til det i logo.",
        )  # fmt: skip
    elif not is_file(path):
        _on_config(
            site, context, "logo", "logo", Outcome.MANUAL, f"logoet {value} findes ikke i siden.",
            "Læg logoet i _static/ og sæt html_logo.",
        )  # fmt: skip
    else:
        target = (IMPORTED / f"logo{path.suffix.lower()}").as_posix()
        output.project_files[target] = (relative, path.read_bytes())
        _on_config(
            site, context, "logo", "logo", Outcome.CONVERTED,
            f"logoet {relative} vises øverst i menuen på hver side ({target}).",
        )  # fmt: skip


def aux_links(site: Site, context: Context, output: SiteOutput) -> None:
    """The old header's aux_links become a "Links" part of the menu, where furo users look."""
    kind = "links i sidehovedet (aux_links)"
    for title, urls in (site.config.get("aux_links") or {}).items():
        url = urls[0] if isinstance(urls, list) and urls else urls
        if not isinstance(url, str) or not url:
            _on_config(
                site, context, "aux_links", kind, Outcome.MANUAL,
                f"linket «{title}» har ingen adresse.",
                "Tilføj adressen i toctree-blokken «Links» i index.md.",
            )  # fmt: skip
            continue
        output.aux_links.append((str(title), url))
        _on_config(
            site, context, "aux_links", kind, Outcome.CONVERTED,
            f"«{title}» står under «{LINKS_CAPTION}» nederst i menuen på hver side.",
        )  # fmt: skip


def callout_titles(site: Site, context: Context, output: SiteOutput) -> None:
    """Each callout of _config.yml keeps its title (and its colour as the note's kind)."""
    for name, (directive, title) in context.callouts.items():
        if (site.config.get("callouts") or {}).get(name):
            _on_config(
                site, context, "callouts", "callout-titler", Outcome.CONVERTED,
                f".{name}: en {directive}-note" + (f" med titlen «{title}»." if title else "."),
            )  # fmt: skip


def custom_sass(site: Site, context: Context, output: SiteOutput) -> None:
    """_sass/custom/custom.scss, compiled with Dart Sass, styles the imported pages as before."""
    source = site.root / "_sass" / "custom" / "custom.scss"
    if not source.is_file():
        return
    relative = source.relative_to(site.root).as_posix()
    if not within(site.root, source):
        return outside(context.report, relative, source)
    if SASS.exists() and (reason := nodejs.problem()):
        context.report.add(
            "Sass", Outcome.MANUAL, relative, None,
            f"stilarket er ikke overført: {reason}", "Importér igen bagefter.",
        )  # fmt: skip
        return
    node, sass = shutil.which("node"), shutil.which("sass")
    compiler = [node, str(SASS)] if node and SASS.exists() else [sass] if sass else None
    if compiler is None:
        context.report.add(
            "Sass", Outcome.MANUAL, relative, None,
            "Sass-oversætteren (Dart Sass) er ikke installeret; stilarket er ikke overført.",
            "Kør `PUPPETEER_SKIP_DOWNLOAD=1 npm ci` og importér igen "
            "(nox -s import gør det selv).",
        )  # fmt: skip
        return
    result = subprocess.run(
        [*compiler, "--no-source-map", "--style=expanded", "--load-path",
         str(site.root / "_sass"), str(source)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        error = re.search(r"\.scss (\d+):\d+", result.stderr)
        first = next((t.strip() for t in result.stderr.splitlines() if t.strip()), "ukendt fejl")
        context.report.add(
            "Sass", Outcome.MANUAL, relative, int(error.group(1)) if error else None,
            f"stilarket kan ikke oversættes: {first}",
            "Stilarket bruger måske just-the-docs' egne variabler; skriv dem ind, "
            "eller læg CSS'en i _static/ i hånden.",
        )  # fmt: skip
        return
    css = f"/* Compiled by nox -s import from the old site's {relative}. */\n{result.stdout}"
    target = (IMPORTED / "custom.css").as_posix()
    output.project_files[target] = (relative, css.encode("utf-8"))
    context.report.add(
        "Sass", Outcome.CONVERTED, relative, None,
        f"oversat med Dart Sass til {target}, som håndbogen indlæser på hver side.",
    )  # fmt: skip


def config_keys(site: Site, context: Context, output: SiteOutput) -> None:
    """Every other _config.yml key: what became of it, and why."""
    for key in site.config:
        if key not in {"logo", "aux_links", "callouts"}:
            reason = CONFIG_DROPPED.get(key, "nøglen bruges ikke af håndbogen.")
            _on_config(site, context, key, "_config.yml", Outcome.DROPPED, f"{key}: {reason}")


def _on_config(
    site: Site, context: Context, key: str, kind: str, outcome: Outcome, message: str,
    suggestion: str = "",
) -> None:  # fmt: skip
    """A finding on _config.yml, at key's line."""
    line = yaml_line(site.config_text, (key,), 0) if site.config_text else None
    context.report.add(kind, outcome, "_config.yml", line, message, suggestion)


# -- Licence ----------------------------------------------------------------------------
# The handbook publishes its text under CC BY-SA 4.0 (conf.py's os2_text_*,
# REUSE.toml, LICENSES/). Imported text may be published so only if the old
# site's own licence allows it: the report names the licence file it finds
# and asks a maintainer to look when there is none or it is another licence.

LICENCE_FILE = re.compile(r"(?:LICEN[CS]E|COPYING)(?:\.(?:md|txt))?", re.IGNORECASE)
HANDBOOK_LICENCE = "CC BY-SA 4.0"
# How the licence's legal code names itself (LICENSES/CC-BY-SA-4.0.txt); the
# NonCommercial variant and the other versions name themselves differently.
HANDBOOK_LICENCE_TITLE = "Creative Commons Attribution-ShareAlike 4.0 International Public License"
# The logo is a trademark, outside both licences: REUSE.toml names this notice for it.
TRADEMARK_NOTICE = "LICENSES/LicenseRef-OS2-varemaerke.txt"
TRADEMARK_TEXT = """\
OS2-logoet

Logoet i _static/imported/ er OS2's varemærke. Det er ikke omfattet af
håndbogens licenser – hverken CC BY-SA 4.0, som gælder teksten, eller MIT,
som gælder koden – og må ikke genbruges på deres vilkår.

Importen (nox -s import) skrev denne fil sammen med logoet; REUSE.toml
henviser til den.
"""


def site_licence(site: Site, context: Context, output: SiteOutput) -> None:
    """Report the site's licence file; a missing or different one is work for a person.

    With the site's logo, also write the trademark notice that REUSE.toml names for it.
    """
    report = context.report
    if logos := [p for p in output.project_files if p.startswith(f"{IMPORTED.as_posix()}/logo.")]:
        source = output.project_files[logos[0]][0]
        output.project_files[TRADEMARK_NOTICE] = (source, TRADEMARK_TEXT.encode("utf-8"))
        report.add(
            "licens", Outcome.CONVERTED, source, None,
            f"logoet er et varemærke og ikke omfattet af licenserne: {TRADEMARK_NOTICE} siger "
            "det, og REUSE.toml henviser til den.",
        )  # fmt: skip
    found = []
    for path in sorted(site.root.iterdir()):
        if not (path.is_file() and LICENCE_FILE.fullmatch(path.name)):
            continue
        if within(site.root, path):
            found.append(path)
        else:
            outside(report, path.name, path)
    if not found:
        report.licence = "ingen licensfil fundet (se »Skal gøres i hånden«)."
        report.add(
            "licens", Outcome.MANUAL, ".", None,
            "siden har ingen licensfil (LICENSE), så det er ikke afklaret, om teksten må "
            f"udgives her under håndbogens licens, {HANDBOOK_LICENCE}.",
            "Find ud af, på hvilke vilkår teksten må genbruges, før håndbogen udgives: "
            "læg licensen i sidens LICENSE, og importér igen.",
        )  # fmt: skip
        return
    path = found[0]
    text = path.read_text(encoding="utf-8", errors="replace")
    name = next((line.strip(" #=") for line in text.splitlines() if line.strip(" #=")), "tom")
    if HANDBOOK_LICENCE_TITLE in " ".join(text.split()):
        report.licence = (
            f"`{path.name}`: {name} – den samme som håndbogens tekst ({HANDBOOK_LICENCE})."
        )
        report.add(
            "licens", Outcome.CONVERTED, path.name, None,
            f"sidens licens er {HANDBOOK_LICENCE}, som håndbogens tekst; sidefoden, PDF'ens "
            "kolofon og feedet nævner ophav, licens og kilde.",
        )  # fmt: skip
    else:
        report.licence = f"`{path.name}`: {name} – ikke håndbogens {HANDBOOK_LICENCE}."
        report.add(
            "licens", Outcome.MANUAL, path.name, 1,
            f"sidens licens er »{name}«, ikke {HANDBOOK_LICENCE} som håndbogens tekst.",
            f"Afklar, om teksten må udgives under {HANDBOOK_LICENCE}; ellers skal håndbogens "
            "licens følge sidens (conf.py: os2_text_licence, REUSE.toml, LICENSES/).",
        )  # fmt: skip


SITE_PASSES = [
    ("logo", logo),
    ("links i sidehovedet (aux_links)", aux_links),
    ("callout-titler", callout_titles),
    ("Sass", custom_sass),
    ("_config.yml", config_keys),
    ("licens", site_licence),  # after logo: the logo's trademark notice
]
