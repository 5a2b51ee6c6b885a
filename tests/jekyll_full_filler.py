"""Write the filler pages of tests/fixtures/jekyll_full/: ``python tests/jekyll_full_filler.py``.

The full-size fixture site needs about 45 pages so that menus, build time and
the PDF are tested at the real handbook's size. The pages that plant a
construct (callouts, mermaid, raw HTML, true faults …) are written by hand;
this script writes the plain pages between them, each with headings with
explicit ids and, on some, a table. Its output is committed, and
tests/test_import_full.py checks that the committed pages are what it writes.
Placeholder Danish, written for the test: nothing in it is a fact about OS2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SITE = Path(__file__).resolve().parent / "fixtures" / "jekyll_full"


@dataclass(frozen=True)
class Filler:
    path: str
    title: str
    nav_order: int
    parent: str = ""
    grand_parent: str = ""
    has_children: bool = False
    ids: tuple[str, ...] = ()  # one section per id
    table: bool = False


PAGES = [
    Filler("docs/introduktion.md", "Introduktion", 2, has_children=True, ids=("om-kapitlet",)),
    Filler("docs/organisering.md", "Organisering", 3, has_children=True,
           ids=("om-organiseringen", "niveauer"), table=True),
    Filler("docs/vaerktoejer.md", "Værktøjer", 5, has_children=True, ids=("om-vaerktoejerne",)),
    Filler("docs/processer.md", "Processer", 6, has_children=True,
           ids=("om-processerne", "ansvar"), table=True),
    Filler("docs/kommunikation.md", "Kommunikation", 7, has_children=True,
           ids=("om-kommunikationen", "kanaler")),
    Filler("docs/produkter.md", "Produkter", 8, has_children=True, ids=("om-produkterne",)),
    Filler("docs/praktisk.md", "Praktisk", 9, has_children=True,
           ids=("om-det-praktiske", "hverdag")),
    Filler("docs/bilag.md", "Bilag", 10, has_children=True, ids=("om-bilagene",)),
    Filler("docs/introduktion/formaal.md", "Formål med testbogen", 1, "Introduktion",
           ids=("formaal", "maalgruppe"), table=True),
    Filler("docs/organisering/roller.md", "Roller", 1, "Organisering",
           ids=("roller-i-testen", "ansvarsfordeling"), table=True),
    Filler("docs/organisering/udvalg.md", "Udvalg", 2, "Organisering", has_children=True,
           ids=("om-udvalgene", "moedefrekvens")),
    Filler("docs/organisering/udvalg/styregruppe.md", "Styregruppe", 1, "Udvalg", "Organisering",
           ids=("styregruppens-opgaver", "sammensaetning"), table=True),
    Filler("docs/organisering/udvalg/arbejdsgruppe.md", "Arbejdsgruppe", 2, "Udvalg",
           "Organisering", ids=("arbejdsgruppens-opgaver", "deltagere")),
    Filler("docs/organisering/kontakter.md", "Kontakter", 3, "Organisering",
           ids=("kontaktveje", "svartider"), table=True),
    Filler("docs/arbejdsgange/moeder/referater.md", "Referater", 1, "Møder", "Arbejdsgange",
           ids=("referatets-form", "godkendelse-af-referat")),
    Filler("docs/arbejdsgange/moeder/dagsordener.md", "Dagsordener", 2, "Møder", "Arbejdsgange",
           ids=("dagsordenens-form", "punkter")),
    Filler("docs/arbejdsgange/aarshjul.md", "Årshjul", 4, "Arbejdsgange",
           ids=("kvartaler", "faste-datoer"), table=True),
    Filler("docs/vaerktoejer/kodebase.md", "Kodebase", 1, "Værktøjer",
           ids=("kodens-placering", "gennemsyn"), table=True),
    Filler("docs/vaerktoejer/chat.md", "Chat", 3, "Værktøjer",
           ids=("kanaler-i-chatten", "tone-i-chatten")),
    Filler("docs/processer/faktura.md", "Faktura", 3, "Processer",
           ids=("fakturaens-vej", "frister"), table=True),
    Filler("docs/kommunikation/tone.md", "Tone", 1, "Kommunikation",
           ids=("skrivestil", "eksempler")),
    Filler("docs/kommunikation/nyhedsbrev.md", "Nyhedsbrev", 2, "Kommunikation",
           ids=("udgivelse", "modtagere"), table=True),
    Filler("docs/produkter/kriterier.md", "Kriterier", 3, "Produkter",
           ids=("krav", "vurdering")),
    Filler("docs/praktisk/lokaler.md", "Lokaler", 1, "Praktisk",
           ids=("moedelokaler", "booking"), table=True),
    Filler("docs/praktisk/udstyr.md", "Udstyr", 2, "Praktisk", ids=("baerbare", "skaerme"),
           table=True),
    Filler("docs/praktisk/sikkerhed.md", "Sikkerhed", 3, "Praktisk",
           ids=("adgangskoder", "haendelser"), table=True),
    Filler("docs/bilag/faq.md", "Ofte stillede spørgsmål", 1, "Bilag",
           ids=("spoergsmaal", "svar")),
]  # fmt: skip


def render(page: Filler) -> str:
    front = [f"title: {page.title}"]
    if page.parent:
        front.append(f"parent: {page.parent}")
    if page.grand_parent:
        front.append(f"grand_parent: {page.grand_parent}")
    front.append(f"nav_order: {page.nav_order}")
    if page.has_children:
        front.append("has_children: true")
    lines = ["---", *front, "---", "", f"# {page.title}", ""]
    lines += [
        f"Siden »{page.title}« er fyldtekst i testbogen. "
        "Den findes, så testen har lige så mange sider som en rigtig håndbog.",
        "",
    ]
    for number, anchor in enumerate(page.ids, start=1):
        heading = anchor.replace("-", " ").capitalize()
        lines += [f"## {heading} {{#{anchor}}}", ""]
        lines += [
            f"Afsnit {number} på siden »{page.title}« handler om {heading.lower()}. "
            "Teksten er skrevet til testen og siger ikke noget om virkeligheden.",
            "",
        ]
    if page.table:
        lines += [
            "| Emne | Bemærkning |",
            "| --- | --- |",
            f"| {page.title} | Første række i testens tabel |",
            f"| {page.title} | Anden række i testens tabel |",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def main() -> None:
    for page in PAGES:
        path = SITE / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(page), encoding="utf-8")


if __name__ == "__main__":
    main()
