"""``python3 -m os2_handbook.nodejs``: will this machine's Node.js do for the front-end tools?

Mermaid's renderer (diagrams) and Dart Sass (importer) come from npm. An older
Node.js than package.json's ``engines`` (tests/test_fresh_machine.py checks it
against the lock) fails deep inside them (``ERR_REQUIRE_ESM``, no cause named):
here the cause is named in Danish, with the way to a newer one on Debian 12 and
Ubuntu 24.04, whose own is 18. Standard library only: .ci/run and the importer
run it without the docs packages.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from os2_handbook.project import ROOT

# Debian 13 (trixie) ships Node.js 20.19; Debian 12 and Ubuntu 24.04 ship 18,
# and npm's own package "node" brings a newer one (its binary is in the package).
UPGRADE = (
    "Debian 13 har en ny nok Node.js: sudo apt-get install nodejs npm. På Debian 12 og "
    "Ubuntu 24.04 er Node.js for gammel; installer en nyere fra npm med: "
    "sudo npm install --global node@{major} (den lægges i /usr/local/bin, som står før "
    "/usr/bin i PATH), og skriv hash -r (eller åbn en ny terminal). Tjek med: node --version"
)


def minimum(root: Path = ROOT) -> tuple[int, ...]:
    """The oldest Node.js package.json allows (``engines.node``, ">=20.19")."""
    engines = json.loads((root / "package.json").read_text(encoding="utf-8"))["engines"]
    return version_tuple(engines["node"])


def version_tuple(text: str) -> tuple[int, ...]:
    """(20, 19, 2) from "v20.19.2"; (20, 19, 0) from ">=20.19"; (20, 0, 0) from "20"."""
    parts = [int(part) for part in re.findall(r"\d+", text)[:3]]
    return (*parts, *[0] * (3 - len(parts)))


def problem(root: Path = ROOT, node: str | None = None) -> str | None:
    """Why the front-end tools cannot run on this machine's Node.js, in Danish; None if they can."""
    node = node or shutil.which("node")
    wanted = minimum(root)
    shown = ".".join(map(str, wanted[:2]))
    upgrade = UPGRADE.format(major=wanted[0])
    if node is None:
        return f"programmet node (Node.js {shown} eller nyere) findes ikke. {upgrade}"
    answer = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    if version_tuple(answer.stdout) < wanted:
        return (
            f"Node.js er version {answer.stdout.strip()}, men Mermaid og Dart Sass kræver "
            f"{shown} eller nyere (package.json). {upgrade}"
        )
    return None


if __name__ == "__main__":
    if message := problem():
        print(f"Fejl: {message}", file=sys.stderr)
        sys.exit(1)
    print(f"Node.js er ny nok ({'.'.join(map(str, minimum()[:2]))} eller nyere).")
