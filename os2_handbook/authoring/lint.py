"""The authoring gates: ``python -m os2_handbook.authoring.lint [GATE ...] [--root DIR]``.

One gate per kind of fault (``GATES``), each reporting ``file:line: message`` in
Danish with the fix, for authors who are not developers: encoding (UTF-8 without
BOM, control characters or mojibake), python (ruff check and format), markdown
(pymarkdownlnt, which only reads, taught MyST), terms (names written one way),
spelling (hunspell on the prose; a page with ``lang: en`` is checked in English),
diagrams (every ``{mermaid}`` has a text alternative) and html (raw HTML blocks are
valid by the Nu HTML Checker).

Known findings of the prose gates (Markdown, terms, spelling) can be kept in a
committed baseline (``lint-baseline.csv``, os2_handbook/authoring/lint_baseline.py):
they are counted, not failed, and every new finding still fails.

``nox -s lint`` and ``.pre-commit-config.yaml`` both call this module, and its
settings live in pyproject.toml (``[tool.os2-haandbog.lint]``, ``[tool.ruff]``,
``[tool.pymarkdown]``), so both run the same gates from the same configuration.
"""

from __future__ import annotations

import argparse
import codecs
import itertools
import json
import logging
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from os2_handbook.authoring import lint_baseline, readability
from os2_handbook.authoring.lint_baseline import Problem
from os2_handbook.authoring.readability import (
    DIRECTIVE_INFO,
    DIRECTIVE_OPTION,
    FENCES,
    NOT_PROSE,
    directive_options,
    myst_parser,
    prose_lines,
)
from os2_handbook.ext import mojibake
from os2_handbook.project import ROOT, front_matter, settings

# -- Configuration ------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """``[tool.os2-haandbog.lint]`` in pyproject.toml, paths resolved against root."""

    root: Path
    markdown: tuple[str, ...]
    text: tuple[str, ...]
    python: tuple[str, ...]
    exclude: tuple[str, ...]
    terms: tuple[str, ...]
    word_list: Path
    dictionary: str
    dictionaries: dict[str, str]  # page language (front matter lang:) -> hunspell dictionary
    baseline: Path | None
    # The Markdown gate's budget per file: pymarkdownlnt's time grows faster than
    # a page's size and its number of headings, so a page beyond either is reported.
    markdown_max_kb: int = 200
    markdown_max_headings: int = 200

    @classmethod
    def read(cls, root: Path) -> Settings:
        lint = settings(root / "pyproject.toml")["lint"]
        return cls(
            root=root,
            **{key: tuple(lint[key]) for key in ("markdown", "text", "python", "exclude", "terms")},
            word_list=root / lint["word-list"],
            dictionary=lint["dictionary"],
            dictionaries=dict(lint.get("dictionaries", {})),
            baseline=root / lint["baseline"] if lint.get("baseline") else None,
            markdown_max_kb=int(lint.get("markdown-max-kb", cls.markdown_max_kb)),
            markdown_max_headings=int(lint.get("markdown-max-headings", cls.markdown_max_headings)),
        )

    def dictionary_for(self, text: str) -> str:
        """The hunspell dictionary for a page: its front matter's lang, else the default."""
        lang = page_language(text)
        return self.dictionaries.get(lang, self.dictionaries.get(lang.split("-")[0], "")) or (
            self.dictionary
        )

    def too_large(self, text: str) -> bool:
        return len(text.encode("utf-8", errors="replace")) > self.markdown_max_kb * 1024

    def files(self, patterns: tuple[str, ...]) -> list[Path]:
        found = {path for pattern in patterns for path in self.root.glob(pattern)}
        return sorted(
            p
            for p in found
            if p.is_file() and not p.relative_to(self.root).as_posix().startswith(self.exclude)
        )

    def pages(self) -> Iterator[tuple[Path, str]]:
        """The Markdown files and their text, but for those beyond the Markdown budget:
        the Markdown gate reports them, and each other prose gate would take minutes."""
        for path in self.files(self.markdown):
            text = path.read_text(encoding="utf-8", errors="replace")
            if not self.too_large(text):
                yield path, text


def page_language(text: str) -> str:
    """The ``lang:`` of a page's front matter (os2_handbook/ext/page_language.py), or ""."""
    found = re.match(r"[\"']?([\w-]+)", front_matter(text).get("lang", (1, ""))[1])
    return found[1] if found else ""


class GateMissing(RuntimeError):
    """A gate cannot run (no dictionary, Java or checker): the message says what to install."""


# -- Encoding -----------------------------------------------------------------


def check_encoding(settings: Settings) -> list[Problem]:
    """Every text file is UTF-8 without BOM; Markdown and the word list have no mojibake."""
    problems = []
    prose = set(settings.files(settings.markdown)) | {settings.word_list}
    for path in settings.files(settings.text + settings.markdown):
        data = path.read_bytes()
        if data.startswith(codecs.BOM_UTF8):
            problems.append(Problem(path, 1, (
                "filen starter med et byte order mark (BOM). Gem den som UTF-8 uden BOM "
                "(i de fleste editorer: »UTF-8«, ikke »UTF-8 med BOM«)."
            )))  # fmt: skip
            data = data[len(codecs.BOM_UTF8) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(Problem(path, *mojibake.not_utf8(data, error)))
            continue
        if path in prose:
            problems += _mojibake_problems(path, text)
        controls = mojibake.find_control_characters(text)
        problems += [Problem(path, c.line, c.message) for c in controls]
    return problems


def _mojibake_problems(path: Path, text: str) -> list[Problem]:
    problems, lines = [], text.splitlines()
    for line, runs in itertools.groupby(mojibake.find_mojibake(text), lambda run: run.line):
        pairs = ", ".join(f"{m.garbled!r} → {m.repaired!r}" for m in runs)
        problems.append(Problem(path, line, (
            f"ødelagte tegn (mojibake): {pairs}. Teksten er engang læst med et forkert "
            f"tegnsæt. Ret linjen til: {mojibake.repair_mojibake(lines[line - 1]).strip()}"
        )))  # fmt: skip
    return problems


# -- Python -------------------------------------------------------------------

RUFF_CHECK_LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")
DIFF_FILE = re.compile(r"^\+\+\+ (?:b/)?(?P<path>.+?)(?:\t.*)?$")
DIFF_HUNK = re.compile(r"^@@ -(?P<line>\d+)")


def check_python(settings: Settings) -> list[Problem]:
    """ruff check and ruff format --check, configured in pyproject.toml."""
    paths = [str(p) for p in settings.files(settings.python)]
    if not paths:
        return []

    def ruff(*args: str) -> str:
        command = [sys.executable, "-m", "ruff", *args, "--no-cache", *paths]
        result = subprocess.run(command, cwd=settings.root, capture_output=True, text=True)
        if result.returncode not in (0, 1):
            raise RuntimeError(f"{' '.join(command[:4])} fejlede:\n{result.stderr}")
        return result.stdout

    problems = []
    for text in ruff("check", "--output-format=concise").splitlines():
        if match := RUFF_CHECK_LINE.match(text):
            problems.append(Problem(settings.root / match["path"], int(match["line"]), (
                f"Python-stil: {match['message']} "
                f"(kolonne {match['col']}; mange rettes med `ruff check --fix`)"
            )))  # fmt: skip
    # The first changed line of each hunk of ruff's diff, per file.
    path, line, reported = None, 0, True
    for text in ruff("format", "--diff").splitlines():
        if (match := DIFF_FILE.match(text)) is not None:
            path = settings.root / match["path"]
        elif (match := DIFF_HUNK.match(text)) is not None:
            line, reported = int(match["line"]), False
        elif path is not None and not text.startswith(("---", "+")):
            if text.startswith("-") and not reported:
                problems.append(Problem(path, line, (
                    "Python-koden er ikke formateret som ruff vil have den. "
                    f"Ret den med `ruff format {path.relative_to(settings.root).as_posix()}`."
                )))  # fmt: skip
                reported = True
            line += 1
    return problems


# -- Markdown / MyST ------------------------------------------------------------

# What each pymarkdownlnt rule means, and how to fix it, in the authors' language.
MARKDOWN_RULES = {
    "md001": "overskriften springer et niveau over (fx fra ## direkte til ####). "
    "Brug ét # mere end overskriften over den.",
    "md003": "overskrifterne er skrevet på forskellige måder. Skriv dem alle med # foran.",
    "md004": "punkterne i listen bruger forskellige tegn. Brug - foran alle punkter.",
    "md005": "punkterne i listen er rykket forskelligt ind. Ryk dem lige langt ind.",
    "md007": "punktet er rykket forkert ind. Et underpunkt rykkes 2 mellemrum ind.",
    "md009": "linjen slutter med mellemrum. Slet mellemrummene til sidst på linjen.",
    "md010": "linjen indeholder et tabulatortegn. Brug mellemrum i stedet.",
    "md012": "der er flere tomme linjer i træk. Slet de ekstra, så der kun er én.",
    "md018": "der mangler et mellemrum efter # i overskriften. Skriv fx `## Titel`.",
    "md019": "der er flere mellemrum efter # i overskriften. Skriv kun ét.",
    "md022": "der skal være en tom linje før og efter en overskrift "
    "(en {#anker}-linje står dog lige over overskriften).",
    "md023": "overskriften skal begynde helt ude i venstre side. Slet mellemrummene foran #.",
    "md024": "to overskrifter på samme side har samme tekst. Gør dem forskellige.",
    "md025": "siden har mere end én hovedoverskrift (#). "
    "Hver side har præcis én, øverst; brug ## til afsnit.",
    "md026": "overskriften slutter med et tegn som : eller . Slet tegnet.",
    "md027": "der er flere mellemrum efter > i citatet. Skriv kun ét.",
    "md029": "nummereringen i listen er forkert. Nummerér 1., 2., 3. …",
    "md030": "der skal være præcis ét mellemrum efter listetegnet (- eller 1.).",
    "md031": "der skal være en tom linje før og efter en kodeblok (```).",
    "md032": "der skal være en tom linje før og efter en liste.",
    "md034": "en webadresse står uden link-formatering. Skriv den som <https://…> eller [tekst](https://…).",
    "md037": "der er mellemrum inden for * eller _ ved fremhævning. Skriv *ord*, ikke * ord *.",
    "md038": "der er mellemrum lige inden for `…`. Slet dem.",
    "md039": "der er mellemrum lige inden for [ ] i et link. Slet dem.",
    "md040": "kodeblokken mangler et sprog efter ```. Skriv fx ```markdown eller ```console.",
    "md041": "siden skal begynde med sin hovedoverskrift (# Titel).",
    "md042": "linket peger ingen steder hen. Skriv adressen i ( ).",
    "md047": "filen skal slutte med præcis ét linjeskift.",
}

ATTRIBUTE_LINE = re.compile(r"^\{[#.][^}]*\}\s*$")  # MyST attrs_block: {#anchor}
DIRECTIVE_OPENER = re.compile(r"^\s*(:{3,}|`{3,})\{[\w-]+\}")
HEADING_LINE = re.compile(r"^ {0,3}#{1,6}(?:\s|$)", re.M)


def _is_myst_false_alarm(rule: str, lines: list[str], line: int) -> bool:
    """pymarkdownlnt reads CommonMark: MyST lines it mistakes for paragraph text."""
    above = lines[line - 2] if line >= 2 else ""
    if rule == "md022":  # {#anchor} belongs directly above its heading
        return bool(ATTRIBUTE_LINE.match(above))
    if rule == "md031":  # ```{directive} may open right inside a :::{directive}
        return bool(DIRECTIVE_OPENER.match(above) or DIRECTIVE_OPTION.match(above))
    if rule == "md041":  # the page's title with its {#id} line right above it
        here, below = lines[line - 1] if line <= len(lines) else "", lines[line : line + 1]
        return bool(ATTRIBUTE_LINE.match(here)) and bool(below) and below[0].startswith("# ")
    return False


def over_budget(text: str, settings: Settings) -> str:
    """Why a page is too large for pymarkdownlnt, in Danish; "" when it is not."""
    headings = len(HEADING_LINE.findall(text))
    if settings.too_large(text):
        found = f"{len(text.encode('utf-8')) / 1024:.0f} KB"
        limit, key = f"{settings.markdown_max_kb} KB", "markdown-max-kb"
    elif headings > settings.markdown_max_headings:
        found = f"{headings} overskrifter"
        limit, key = f"{settings.markdown_max_headings} overskrifter", "markdown-max-headings"
    else:
        return ""
    return (
        f"siden er for stor til Markdown-kontrollen ({found}; grænsen er {limit}), så den er "
        "ikke kontrolleret. Del den op i flere sider, eller hæv grænsen "
        f"{key} under [tool.os2-haandbog.lint] i pyproject.toml."
    )


def check_markdown(settings: Settings) -> list[Problem]:
    """pymarkdownlnt's rules as configured in pyproject.toml, MyST understood."""
    from pymarkdown.api import PyMarkdownApi, PyMarkdownApiException

    # pymarkdownlnt logs a traceback when its parser gives up; the gate says it in Danish.
    quiet = logging.getLogger("pymarkdown")
    quiet.propagate = False
    quiet.addHandler(logging.NullHandler())
    api = PyMarkdownApi().configuration_file_path(str(settings.root / "pyproject.toml"))
    md = myst_parser(settings.root)
    problems = []
    for path in settings.files(settings.markdown):
        text = path.read_text(encoding="utf-8", errors="replace")
        if message := over_budget(text, settings):
            problems.append(Problem(path, 1, f"Markdown: {message}", finding="budget"))
            continue
        problems += [Problem(path, line, message) for line, message in myst_problems(text, md)]
        if not text.strip():  # pymarkdownlnt refuses an empty text
            empty = "Markdown: filen er tom. Skriv sidens titel (# Titel) øverst, eller slet filen."
            problems.append(Problem(path, 1, empty, finding="empty"))
            continue
        try:
            failures = api.scan_string(text).scan_failures
        except PyMarkdownApiException:  # its parser gave up: said, not a traceback
            problems.append(Problem(path, 1, (
                "Markdown: Markdown-kontrollen (pymarkdownlnt) kunne ikke læse filen. Se "
                "efter en blok, der ikke er lukket, eller front matter uden afsluttende ---, "
                "og kør igen."
            ), finding="unreadable"))  # fmt: skip
            continue
        lines = text.splitlines()
        for failure in failures:
            rule = failure.rule_id.lower()
            if not _is_myst_false_alarm(rule, lines, failure.line_number):
                explanation = MARKDOWN_RULES.get(rule, failure.rule_description)
                message = f"Markdown ({rule.upper()}): {explanation}"
                problems.append(Problem(path, failure.line_number, message, finding=rule.upper()))
    return problems


# What MyST reads differently from what the author meant, and no rule above sees.
FAILED_ATTRIBUTES = re.compile(r"^\{[#.][^}]*\}$")
UNUSABLE_LINK = re.compile(r"\[[^\]]*\]\(\s*<?(?:file|javascript|vbscript|data):[^)]*\)", re.I)


def myst_problems(text: str, md, offset: int = 0) -> list[tuple[int, str]]:  # md: MarkdownIt
    """(line, message) for unclosed fences, unread {#id} lines and unusable link schemes,
    in a directive's body too (its fences are parsed when the directive runs)."""
    text = re.sub(r"\r\n?", "\n", text)  # markdown-it counts a lone CR as a line break too
    lines = text.split("\n")
    found = []
    for token in md.parse(text, {}):
        if not token.map:
            continue
        start, end = token.map
        line = offset + start + 1
        if token.type in FENCES:
            closer = lines[end - 1].strip() if start < end - 1 < len(lines) else ""
            if not (closer.startswith(token.markup) and not closer.strip(token.markup[0])):
                found.append((line, (
                    f"blokken {token.markup}{token.info.strip()} lukkes aldrig, så alt efter "
                    "den ender inde i den (en ## overskrift bliver ikke et afsnit). Skriv en "
                    f"linje med {token.markup}, hvor blokken skal slutte."
                )))  # fmt: skip
            elif (info := DIRECTIVE_INFO.match(token.info.strip())) and (
                info["name"] not in NOT_PROSE
            ):
                found += myst_problems(token.content, md, offset + start + 1)
        elif token.type == "inline":
            content = token.content.strip()
            if FAILED_ATTRIBUTES.match(content):
                words = content[2:-1].split()
                hint = (
                    f"et id må ikke indeholde mellemrum. Skriv fx {{#{'-'.join(words)}}}."
                    if content.startswith("{#") and len(words) > 1
                    else "skriv et id som {#navn} (uden mellemrum) på linjen lige over "
                    "overskriften."
                )
                found.append((line, f"{content} vises som tekst og bliver ikke til et anker: "
                                    f"{hint}"))  # fmt: skip
            for link in UNUSABLE_LINK.finditer(token.content):
                found.append((line + token.content.count("\n", 0, link.start()), (
                    f"linket {link[0]} vises som tekst: en adresse med file:, javascript: "
                    "eller data: kan ikke bruges på en webside (file: peger på læserens egen "
                    "computer). Link til en side i håndbogen (sti.md) eller en https://-adresse."
                )))  # fmt: skip
    return found


# -- Terms and spelling: the prose (os2_handbook/authoring/readability.py) ------------

# Split prose into words: whitespace, slashes and dashes separate them.
WORD_SEPARATORS = re.compile(r"[\s/–—…]+")
NOT_A_WORD = re.compile(r"[\d@.:_=<>#\\]")  # numbers, versions, file names, domains
POSSESSIVE = re.compile(r"[’']s$")
EDGES = re.compile(r"^[\W_]+|[\W_]+$")  # what is not a letter or digit at either end


def prose_words(text: str) -> Iterator[str]:
    """Every word of a prose line, as written (possessive ’s removed).

    A period right after a word stays, so that hunspell can tell an abbreviation
    ("osv.") from the same letters without its period ("osv").
    """
    for chunk in WORD_SEPARATORS.split(text):
        word = EDGES.sub("", POSSESSIVE.sub("", EDGES.sub("", chunk)))
        if word:
            end = chunk.rfind(word) + len(word)
            yield word + "." if chunk[end : end + 1] == "." else word


def check_terms(settings: Settings) -> list[Problem]:
    """Names written one way only: OS2, never Os2 or os2 (URLs and code are not prose)."""
    by_folded = {term.casefold(): term for term in settings.terms}
    problems = []
    for path, text in settings.pages():
        for prose in prose_lines(text, settings.root):
            for chunk in WORD_SEPARATORS.split(prose.text):
                chunk = EDGES.sub("", chunk)
                if "." in chunk or "@" in chunk:  # a domain or address, not prose
                    continue
                for part in POSSESSIVE.sub("", chunk).split("-"):
                    term = by_folded.get(part.casefold())
                    if term and part != term:
                        message = f"skriv »{term}«, ikke »{part}« (håndbogens faste stavemåde)."
                        problems.append(Problem(path, prose.line, message, finding=part))
    return problems


@dataclass(frozen=True)
class WordList:
    words: frozenset[str]
    phrases: tuple[str, ...]  # entries of several words, such as "open source"

    @classmethod
    def read(cls, path: Path) -> WordList:
        lines = path.read_text(encoding="utf-8").splitlines()
        entries = [entry for line in lines if (entry := line.split("#", 1)[0].strip())]
        return cls(
            frozenset(e for e in entries if " " not in e),
            tuple(sorted((e for e in entries if " " in e), key=len, reverse=True)),
        )

    def mask_phrases(self, text: str) -> str:
        for phrase in self.phrases:
            text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
        return text


# The Debian package of each hunspell dictionary the gate may use.
DICTIONARY_PACKAGES = {"da_DK": "hunspell-da", "en_US": "hunspell-en-us"}


def hunspell_check(
    words: list[str], dictionary: str, accepted: frozenset[str] = frozenset()
) -> dict[str, list[str]]:
    """The unknown words among words, each with hunspell's suggestions (pipe mode)."""
    package = DICTIONARY_PACKAGES.get(dictionary, f"hunspell-{dictionary.split('_')[0].lower()}")
    if shutil.which("hunspell") is None:
        raise GateMissing(
            f"stavekontrollen kræver programmet hunspell. Installer Debian-pakkerne "
            f"hunspell og {package}: sudo apt-get install -y hunspell {package}"
        )
    # One word a line: "^" makes hunspell read the line as text, never as a command;
    # "@word" accepts a word-list entry for this run.
    request = "".join(f"@{word}\n" for word in sorted(accepted))
    request += "".join(f"^{word}\n" for word in words)
    result = subprocess.run(
        ["hunspell", "-a", "-i", "utf-8", "-d", dictionary],
        input=request, capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip
    if result.returncode != 0 or not result.stdout.startswith("@(#)"):
        raise GateMissing(
            f"hunspell kan ikke åbne ordbogen {dictionary!r}. "
            f"Installer Debian-pakken {package}: sudo apt-get install -y {package}"
            f"\n{result.stderr.strip()}"
        )
    answers = result.stdout.split("\n", 1)[1].split("\n\n")
    unknown: dict[str, list[str]] = {}
    for word, answer in zip(words, answers, strict=False):
        for line in answer.strip().splitlines():
            if line.startswith("&"):
                unknown[word] = line.split(": ", 1)[1].split(", ")
            elif line.startswith("#"):
                unknown[word] = []
    return unknown


def check_spelling(settings: Settings) -> list[Problem]:
    """hunspell on the prose of every Markdown file (each in its page's language), plus
    the word list."""
    word_list = WordList.read(settings.word_list)
    by_dictionary: dict[str, list[tuple[Path, int, str]]] = {}
    problems = []
    for path, text in settings.pages():
        if message := _no_dictionary(text, settings):
            line = front_matter(text)["lang"][0]
            problems.append(Problem(path, line, message, finding="lang"))
            continue  # Danish words would be no check of another language's text
        occurrences = by_dictionary.setdefault(settings.dictionary_for(text), [])
        for prose in prose_lines(text, settings.root):
            for word in prose_words(word_list.mask_phrases(prose.text)):
                if not NOT_A_WORD.search(word.removesuffix(".")):
                    occurrences.append((path, prose.line, word))
    for dictionary, occurrences in sorted(by_dictionary.items()):
        unknown = hunspell_check(sorted({w for *_, w in occurrences}), dictionary, word_list.words)
        # A compound with a hyphen passes when each of its parts does (Markdown-fil).
        parts = sorted({p for w in unknown if "-" in w for p in w.split("-") if p})
        unknown_parts = hunspell_check(parts, dictionary, word_list.words) if parts else {}
        other_language = "" if dictionary == settings.dictionary else f" (ordbog {dictionary})"
        for path, line, word in occurrences:
            if word not in unknown or (
                "-" in word and not any(p in unknown_parts for p in word.split("-"))
            ):
                continue
            shown = word.removesuffix(".")  # report the word, not the period after it
            hint = f" Forslag: {', '.join(unknown[word][:5])}." if unknown[word] else ""
            problems.append(Problem(path, line, (
                f"ukendt ord »{shown}«{other_language}.{hint} Er ordet stavet rigtigt og et "
                f"navn eller fagudtryk, så tilføj det til {settings.word_list.name}."
            ), finding=shown))  # fmt: skip
    return problems


def _no_dictionary(text: str, settings: Settings) -> str:
    """Why a page's lang: has no dictionary to check it with, in Danish; "" if it has."""
    lang = page_language(text)
    default = settings.dictionary.split("_")[0].lower()  # da_DK: pages in Danish
    if (
        not lang
        or lang.split("-")[0].lower() == default
        or settings.dictionary_for(text) != settings.dictionary
    ):
        return ""
    return (
        f"siden har lang: {lang}, men stavekontrollen har ingen ordbog til det sprog, så "
        "siden er ikke stavekontrolleret. Skriv sidens sprog som en kendt kode (fx lang: en), "
        "eller tilføj sproget under dictionaries i [tool.os2-haandbog.lint] i pyproject.toml."
    )


# -- Diagrams and raw HTML ------------------------------------------------------


def check_diagrams(settings: Settings) -> list[Problem]:
    """Every ``{mermaid}`` diagram has a text alternative; a plain mermaid fence is drawn."""
    from os2_handbook.ext.diagrams import text_alternative

    md = myst_parser(settings.root)
    problems = []
    for path, text in settings.pages():
        for token in md.parse(text, {}):
            if token.type not in FENCES or not token.map:
                continue
            info = token.info.strip()
            if info.lower() == "mermaid":
                problems.append(Problem(path, token.map[0] + 1, (
                    "en ```mermaid-blok vises som kode, ikke som diagram. "
                    "Skriv ```{mermaid} for at få den tegnet."
                )))  # fmt: skip
            elif re.match(r"^\{mermaid\}\s*$", info):
                options, count = directive_options(token.content)
                code = "\n".join(token.content.split("\n")[count:])
                if not text_alternative(code, options.get("alt", ""), options.get("caption", "")):
                    problems.append(Problem(path, token.map[0] + 1, (
                        "diagrammet har intet tekstalternativ, så en skærmlæser kan ikke "
                        "læse det op. Skriv øverst i diagrammet en linje `accTitle: kort "
                        "titel` og gerne `accDescr: hvad diagrammet viser`, eller giv "
                        "det en billedtekst med `:caption: …`."
                    )))  # fmt: skip
    return problems


# Sphinx copies raw HTML to the page untouched: invalid HTML would only show when the
# built page is checked (tests/test_clean_pages.py). Here each block is checked where the
# author wrote it, by the Nu HTML Checker itself (npm vnu-jar, on Java) rather than a
# smaller check in Python, so that gate and test give the same verdict on the same HTML.
# Java starts once per run, and only when a page has raw HTML.
VNU_JAR = Path("node_modules") / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_vnu(files: list[Path], root: Path = ROOT, *options: str) -> list[dict]:
    """The checker's messages (its JSON format) on files, in one run of Java."""
    if not files:
        return []
    java, jar = shutil.which("java"), root / VNU_JAR
    if java is None:
        raise GateMissing(
            "Nu HTML Checker kræver Java 17 eller nyere. Installér den (Debian: "
            "apt-get install default-jre-headless) og kør igen."
        )
    if not jar.is_file():
        raise GateMissing(
            f"Nu HTML Checker mangler ({VNU_JAR.as_posix()}). Installér den med: "
            "PUPPETEER_SKIP_DOWNLOAD=1 npm ci"
        )
    command = [java, "-jar", str(jar), "--format", "json", "--exit-zero-always", *options]
    result = subprocess.run([*command, *map(str, files)], capture_output=True, text=True)
    try:  # the messages go to stderr; Java's own failures are not JSON
        return json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError) as error:
        raise GateMissing(f"Nu HTML Checker kunne ikke køre: {result.stderr[:500]}") from error


def check_raw_html(settings: Settings) -> list[Problem]:
    """Every top-level raw HTML block is valid HTML by the Nu HTML Checker, checked as the
    body of a small page with the headings it stands under (<h2> under ## is fine)."""
    blocks = []  # (file, first line, last line, page for the checker)
    for path, text in settings.pages():
        level = 0  # of the heading the block stands under
        for token in myst_parser(settings.root).parse(text, {}):
            if token.type == "heading_open":
                level = int(token.tag[1])
            elif token.type == "html_block" and token.map and not token.content.startswith("<!--"):
                headings = "".join(f"<h{n}>-</h{n}>" for n in range(1, level + 1))
                page = (  # the block's first line is the page's line 2
                    '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>-</title>'
                    f"</head><body><main>{headings}\n{token.content}\n</main></body></html>\n"
                )
                blocks.append((path, token.map[0] + 1, token.map[1], page))
    with tempfile.TemporaryDirectory(prefix="os2-raw-html-") as tmp:
        files = [Path(tmp) / f"{number}.html" for number in range(len(blocks))]
        for file, (*_, page) in zip(files, blocks, strict=True):
            file.write_text(page, encoding="utf-8")
        messages = run_vnu(files, settings.root, "--errors-only")
    problems = []
    for message in messages:
        if message.get("type") != "error" or not message.get("url"):
            continue
        path, first, last, _ = blocks[int(Path(message["url"].removeprefix("file:")).stem)]
        line = first + message.get("lastLine", 2) - 2
        problems.append(Problem(path, min(max(line, first), last), (
            f"rå HTML er ikke gyldig HTML; Nu HTML Checker siger: “{message['message']}” "
            "Ret HTML'en, eller skriv indholdet som Markdown."
        )))  # fmt: skip
    return problems


# -- The command line -----------------------------------------------------------

GATES: dict[str, tuple[str, Callable[[Settings], list[Problem]]]] = {
    "encoding": ("Tegnsæt", check_encoding),
    "python": ("Python", check_python),
    "markdown": ("Markdown", check_markdown),
    "terms": ("Faste stavemåder", check_terms),
    "spelling": ("Stavning", check_spelling),
    "diagrams": ("Diagrammer", check_diagrams),
    "html": ("Rå HTML", check_raw_html),
}


def run_gates(root: Path, gates: list[str]) -> tuple[list[Problem], list[str]]:
    """Run the gates; return the problems and the gates that could not run."""
    settings = Settings.read(root)
    problems: list[Problem] = []
    broken: list[str] = []
    for gate in gates:
        name, check = GATES[gate]
        try:
            problems += [replace(problem, gate=gate) for problem in check(settings)]
        except GateMissing as error:
            broken.append(f"{name}: {error}")
    return sorted(set(problems)), broken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m os2_handbook.authoring.lint",
        description="Håndbogens kontroller af tekst og kode. Uden argumenter køres dem alle.",
    )
    parser.add_argument(
        "gates", nargs="*", metavar="GATE", help=f"en eller flere af: {', '.join(GATES)}"
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="projektets mappe")
    parser.add_argument(
        "--update-baseline",
        action="store_true",
        help="skriv alle nuværende fund i Markdown, faste stavemåder og stavning til "
        "baseline-filen (lint-baseline.csv), så de ikke længere stopper en ændring",
    )
    args = parser.parse_args(argv)
    if unknown := [gate for gate in args.gates if gate not in GATES]:
        parser.error(f"ukendt kontrol {', '.join(unknown)}; vælg blandt {', '.join(GATES)}")
    root = args.root.resolve()
    gates = args.gates or list(GATES)
    settings = Settings.read(root)
    baseline = settings.baseline
    if args.update_baseline and baseline is None:
        parser.error("der er ingen baseline-fil: sæt baseline i [tool.os2-haandbog.lint]")
    try:
        old = lint_baseline.read(baseline) if baseline else {}
    except lint_baseline.BaselineError as error:
        print(f"FEJL – {error}", file=sys.stderr)
        return 1
    problems, broken = run_gates(root, gates)
    if args.update_baseline and not broken:
        entries = lint_baseline.entries_for(problems, old, root, gates)
        lint_baseline.write(baseline, entries)
        old = {entry.key: entry for entry in entries}
        print(f"{len(entries)} kendte fund skrevet til {baseline.name}.")
        if words := lint_baseline.words_by_frequency(entries):
            print(
                "\nUkendte ord, de hyppigste først. Er et ord et rigtigt navn eller fagudtryk, "
                f"så flyt det til {settings.word_list.name}:"
            )
            for word, count, files in words:
                print(f"  {count:4d} × {word}  ({files} {'fil' if files == 1 else 'filer'})")
            print()
    new, known, stale = lint_baseline.split(problems, old, root)
    for problem in new:
        print(problem.render(root))
    for message in broken:
        print(f"FEJL – {message}", file=sys.stderr)
    if known:
        print(
            f"{len(known)} kendte fund står i {baseline.name} og stopper ikke "
            "ændringen; ret dem, når der er tid."
        )
    if fixed := [entry for entry in stale if entry.gate in gates]:
        print(
            f"{len(fixed)} fund i {baseline.name} er rettet: fjern dem med "
            "nox -s lint -- --update-baseline."
        )
    if "markdown" in gates:  # LIX above lix-advisory: advice, never a failure
        for advice in readability.advisories(root, settings.markdown_max_kb * 1024):
            print(f"RÅD – {advice}")
    if new or broken:
        print(
            f"\n{len(new)} fejl fundet. Hver linje nævner fil og linjenummer og "
            "hvordan fejlen rettes; se også CONTRIBUTING.md.",
            file=sys.stderr,
        )
        return 1
    print(f"Alle kontroller bestået: {', '.join(GATES[g][0] for g in gates)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
