"""Helpers shared by the tests: the repository's path, loading a project, copying one, building one, reading pages."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from macros.catalog import Catalog
from macros.project import Loaded, Project, load

PROJECT = Path(__file__).resolve().parent.parent
# The date the code tests check against: fixed, so a test never depends on the day it runs.
TODAY = dt.date(2026, 11, 26)
# Everything a build reads, relative to the project folder.
SOURCES = ("mkdocs.yml", "docs", "includes", "overrides", "standards", "quizzes", "macros")


def load_project(root: Path, *, preview: bool = False, today: dt.date = TODAY) -> Loaded:
    """The project at root, loaded and checked as the CLI and the build do."""
    return load(Project.at(root), preview=preview, today=today)


def load_catalog(standards: Path, *, preview: bool = False, today: dt.date = TODAY) -> Catalog:
    """The catalogue of a standards/ folder, with every rule run (its parent is taken as the project)."""
    return load_project(standards.parent, preview=preview, today=today).catalog


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


def copy_project(root: Path) -> Path:
    """A copy of everything a build reads, so a test may break it without touching the repository."""
    return copy_sources(PROJECT, root)


def mkdocs_build(config: Path, site_dir: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a strict `mkdocs build` of one project; returns the finished process (output captured)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        capture_output=True, text=True, cwd=config.parent, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}, check=False,
    )


def pmo(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the `pmo` command in a project folder, as the PMO would; output captured."""
    base = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "PMO_TODAY": TODAY.isoformat()}
    return subprocess.run([sys.executable, "-m", "macros.cli", *args], cwd=project, capture_output=True, text=True,
                          env={**base, **(env or {})}, check=False)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def page_text(site: Path, page: str) -> str:
    """The visible text of a built page's article, whitespace collapsed."""
    html = (site / page).read_text(encoding="utf-8")
    article = html[html.index("<article"): html.index("</article>")]
    parser = _Text()
    parser.feed(article)
    return " ".join("".join(parser.parts).split()).replace("\u2019", "'")
