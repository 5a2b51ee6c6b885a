"""The ``licens`` pass: the old site's licence, reported and compared with the handbook's.

The handbook publishes its text under CC BY-SA 4.0 (conf.py's ``os2_text_*``,
REUSE.toml, LICENSES/). Imported text may be published so only if the old
site's own licence allows it: the report names the licence file it finds
(``LICENSE``, ``LICENCE`` or ``COPYING``, also as ``.md`` or ``.txt``) and
asks a maintainer to look when there is none or it is another licence.

When the import brings the site's logo, this pass also writes the notice that
REUSE.toml names for it: the logo is a trademark, outside both licences.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from os2_handbook.importer.report import Outcome
from os2_handbook.project import IMPORTED

if TYPE_CHECKING:
    from os2_handbook.importer.passes import Context, SiteOutput
    from os2_handbook.importer.site import Site

LICENCE_FILE = re.compile(r"(?:LICEN[CS]E|COPYING)(?:\.(?:md|txt))?", re.IGNORECASE)
HANDBOOK_LICENCE = "CC BY-SA 4.0"
# How the licence's legal code names itself (LICENSES/CC-BY-SA-4.0.txt); the
# NonCommercial variant and the other versions name themselves differently.
HANDBOOK_LICENCE_TITLE = "Creative Commons Attribution-ShareAlike 4.0 International Public License"

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
    """Report the site's licence file; a missing or different one is work for a person."""
    _trademark_notice(context, output)
    report = context.report
    found = sorted(p for p in site.root.iterdir() if p.is_file() and LICENCE_FILE.fullmatch(p.name))
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


def _trademark_notice(context: Context, output: SiteOutput) -> None:
    logos = [p for p in output.project_files if p.startswith(f"{IMPORTED.as_posix()}/logo.")]
    if not logos:
        return
    source = output.project_files[logos[0]][0]
    output.project_files[TRADEMARK_NOTICE] = (source, TRADEMARK_TEXT.encode("utf-8"))
    context.report.add(
        "licens", Outcome.CONVERTED, source, None,
        f"logoet er et varemærke og ikke omfattet af licenserne: {TRADEMARK_NOTICE} siger "
        "det, og REUSE.toml henviser til den.",
    )  # fmt: skip
