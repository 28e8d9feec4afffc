"""Checked, atomic site build: build into a fresh folder, run the gates, only then replace site/."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Everything a build reads, relative to the project folder.
SOURCES = ("mkdocs.yml", "docs", "includes", "overrides", "standards", "quizzes", "macros")

def copy_sources(project: Path, root: Path) -> Path:
    """Copy everything a build reads into root (for tests and benchmarks that must not touch the repository)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        source = project / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy(source, root / name)
    return root


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


def _edition_epoch(project: Path) -> str:
    import calendar

    from macros.catalog import load_catalog

    edition = load_catalog(project / "standards").current_edition()
    day = edition.date if edition is not None and edition.date is not None else None
    return str(calendar.timegm(day.timetuple())) if day else "0"


def build(project: Path, target: Path) -> list[str]:
    """Build the site into target atomically; returns the problems (empty on success, target then replaced)."""
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=project))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Dates MkDocs writes (sitemap) come from the current edition unless the caller fixes them: same sources, same bytes.
    env.setdefault("SOURCE_DATE_EPOCH", _edition_epoch(project))
    try:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(project / "mkdocs.yml"),
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
