"""Checked, atomic site build: build into a fresh folder, run the gates, only then replace site/."""
from __future__ import annotations

import calendar
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from macros.project import Loaded, Project

# Leftovers that must never reach a published page: template syntax, inline event handlers, script URLs.
_LEFTOVERS = (
    (re.compile(r"\{\{|\{%"), "syntaxe de gabarit non interprétée"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I), "attribut de gestionnaire d'événement"),
    (re.compile(r"""(?:href|src)\s*=\s*["']?\s*javascript:""", re.I), "adresse javascript:"),
)


def scan_html(site: Path) -> list[str]:
    """Every leftover found in the built HTML, as « page : problème »."""
    found = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for pattern, label in _LEFTOVERS:
            match = pattern.search(text)
            if match:
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{page.relative_to(site)}:{line} : {label}")
    return found


def edition_epoch(loaded: Loaded) -> str:
    """The current edition's date as SOURCE_DATE_EPOCH: the dates MkDocs writes (sitemap) follow the data."""
    edition = loaded.catalog.current_edition()
    day = edition.date if edition is not None and edition.date is not None else None
    return str(calendar.timegm(day.timetuple())) if day else "0"


def build(project: Project, target: Path, env: dict[str, str], epoch: str) -> list[str]:
    """Build the site into target atomically; returns the problems (empty on success, target then replaced).

    `env` is the environment of the MkDocs run (the edge passes its own); `epoch` fixes the dates it writes,
    unless the environment already does: same sources, same bytes.
    """
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=project.root))
    env = {**env, "NO_MKDOCS_2_WARNING": "1"}
    env.setdefault("SOURCE_DATE_EPOCH", epoch)
    try:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(project.mkdocs_yml),
                                 "-d", str(staging)], capture_output=True, text=True, env=env, check=False)
        if result.returncode != 0:
            lines = [ln for ln in (result.stdout + result.stderr).splitlines() if ln.strip() and not ln.startswith("INFO")]
            return ["la construction stricte a échoué :"] + lines[-40:]
        problems = scan_html(staging)
        if problems:
            return problems
        # Swap in one rename each: readers see the old site or the new one, never a half-written folder.
        previous = target.with_name(target.name + ".ancien")
        if previous.exists():
            shutil.rmtree(previous)
        if target.exists():
            target.rename(previous)
        staging.rename(target)
        if previous.exists():
            shutil.rmtree(previous)
        return []
    finally:
        if staging.exists():
            shutil.rmtree(staging)
