"""Run Read the Docs' build steps from .readthedocs.yaml on this machine.

    uv run --no-project --with pyyaml python .ci/readthedocs-build.py [REPO]

A fresh clone of REPO (default: this checkout's HEAD) in a temporary folder, a
clean virtual environment of its own, and each command of the build.jobs in
.readthedocs.yaml run as Read the Docs runs them, with the environment
variables it sets. None of CI's tools (nox, the tests' packages) are in that
environment. Then the HTML and the PDF must be where Read the Docs uploads
them from. Exit 0 when both are there, 1 otherwise.

What this machine cannot do as Read the Docs does, it says and skips: the
apt_packages (CI has installed them already) and puppeteer's own Chrome
download (no browser downloads here: Debian's Chromium draws the diagrams).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
JOBS = ("post_checkout", "install", "post_install")
SKIPPED = {  # a command that downloads what this machine cannot reach -> why
    "npx --no-install puppeteer browsers install chrome": "no browser downloads here",
}


def usable(python: str) -> bool:
    """Whether python runs here (a pyenv shim of a version not selected does not)."""
    found = subprocess.run([python, "--version"], capture_output=True, check=False)
    return found.returncode == 0


def run(command: str, cwd: Path, env: dict[str, str]) -> None:
    print(f"$ {command}", flush=True)
    subprocess.run(["bash", "-euo", "pipefail", "-c", command], cwd=cwd, env=env, check=True)


def main(repo: str) -> int:
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    jobs = config["build"]["jobs"]
    python = f"python{config['build']['tools']['python']}"
    with tempfile.TemporaryDirectory(prefix="readthedocs-") as tmp:
        work = Path(tmp)
        checkout, venv, output = work / "checkout", work / "venv", work / "output"
        subprocess.run(["git", "clone", "--quiet", repo, str(checkout)], check=True)
        interpreter = python if usable(python) else "python3"
        subprocess.run([interpreter, "-m", "venv", str(venv)], check=True)
        env = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("VIRTUAL_ENV", "NOX", "UV_PROJECT"))
            },
            "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
            "READTHEDOCS": "True",
            "READTHEDOCS_VIRTUALENV_PATH": str(venv),
            "READTHEDOCS_OUTPUT": str(output),
            "READTHEDOCS_LANGUAGE": "da",
            "READTHEDOCS_VERSION": "latest",
            # Read the Docs always gives the address; a placeholder of the same form.
            "READTHEDOCS_CANONICAL_URL": "https://eksempel.readthedocs.io/da/latest/",
            "PUPPETEER_SKIP_DOWNLOAD": "1",  # Debian's Chromium draws here
        }
        print(
            f"Read the Docs' steps with {interpreter} (Read the Docs: {python}); "
            f"apt_packages skipped: {', '.join(config['build']['apt_packages'])}"
        )
        for job in JOBS:
            for command in jobs.get(job, []):
                if command in SKIPPED:
                    print(f"skipped: {command} ({SKIPPED[command]})")
                    continue
                run(command, checkout, env)
        for fmt in ("html", *config.get("formats", [])):
            for command in jobs["build"][fmt]:
                run(command, checkout, env)
        missing = [p for p in (output / "html" / "index.html",) if not p.is_file()]
        if "pdf" in config.get("formats", []) and not list((output / "pdf").glob("*.pdf")):
            missing.append(output / "pdf" / "*.pdf")
        for path in missing:
            print(f"Fejl: Read the Docs' trin lavede ikke {path}", file=sys.stderr)
        if not missing:
            print("Read the Docs' trin byggede både hjemmesiden og PDF'en.")
        return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT)))
