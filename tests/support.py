"""The one helper module of the tests: fixture projects (copy, edit, load, build, read), the real repository,
the crawler of a built site, and the browser (serve a site, drive Debian's chromium).

Code tests run on the tiny complete projects under tests/projects/ (class FixtureProject); the checks of the
real content (tests/content/) run on the repository itself (PROJECT, copy_project).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import html.parser
import http.server
import json
import os
import posixpath
import re
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pypdf import PdfReader

from macros.catalog.catalog import Catalog
from macros.catalog.lock import lock_text
from macros.pages.dossier import dossier_data
from macros.project import Loaded, Project, load
from macros.render.files.gate_file import gate_file_exports
from macros.site.download_cache import DownloadCache

PROJECT = Path(__file__).resolve().parent.parent
# The tiny complete projects the code tests build, one folder per scenario.
PROJECTS = PROJECT / "tests" / "projects"
# Loose data files for the tests of one file or one folder (invalid YAML, invalid quizzes, mini référentiels).
FIXTURES = PROJECT / "tests" / "fixtures"
# The date the code tests check against: fixed, so a test never depends on the day it runs.
TODAY = dt.date(2026, 11, 26)
# The dates MkDocs writes (sitemap): fixed too, so two builds can be compared byte for byte.
EPOCH = "1767225600"
# Everything a build of the real site reads, relative to the repository.
SOURCES = ("mkdocs.yml", "docs", "includes", "overrides", "standards", "quizzes", "macros")
# What a copy of a fixture project leaves behind: build outputs and caches.
_NOT_COPIED = shutil.ignore_patterns(".cache", "site", "site-*", ".site-*", "__pycache__")
# The commands the tests run (pmo, mkdocs) import the package of this checkout, whatever else is installed.
_CODE = {"PYTHONPATH": str(PROJECT)}
# A path in a fixture's mkdocs.yml that leaves the project folder (to reach the repository's code).
_OUTSIDE = re.compile(r"(?<![\w/.])(?:\.\./)+[\w./-]*")


# --- loading, copying, running ---------------------------------------------------------------------


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


# The run's folder of things made once and only read after (a built project, the real site), shared by pytest-xdist's
# workers: set by conftest.py for the whole run, so a worker waits for what another is making instead of making it again.
SHARED_ENV = "PMO_TESTS_PARTAGE"
REAL_SITE = "site-reel"


def made_once(tmp_path_factory: Any, name: str, make: Callable[[Path], None]) -> Path:
    """A folder made once per test run and only read after: in the run's shared folder when there is one, else here."""
    shared = os.environ.get(SHARED_ENV)
    if not shared:
        folder: Path = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    folder, done = Path(shared) / name, Path(shared) / f"{name}.fait"
    # The first process to ask makes it under a lock; the others wait for it, then read the same folder.
    with (Path(shared) / f"{name}.verrou").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a process that failed left half made
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def built_once(tmp_path_factory: Any, name: str, prepare: Callable[[Path], FixtureProject]) -> FixtureProject:
    """A fixture project prepared (copied, edited) in <folder>/p and built strictly, once per run; tests only read it."""
    def make(folder: Path) -> None:
        prepare(folder / "p").build()

    folder = made_once(tmp_path_factory, name, make)
    project = FixtureProject(folder / "p")
    project.site = project.root / "site"
    return project


def build_real_site(site: Path) -> None:
    """The real site (the repository's mkdocs.yml, docs/, standards/, quizzes/), built strictly, without a warning."""
    result = mkdocs_build(PROJECT / "mkdocs.yml", site, {"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr


def copy_project(root: Path) -> Path:
    """A copy of the real repository's sources, so a content check may run the PMO's commands on it."""
    return copy_sources(PROJECT, root)


def mkdocs_build(config: Path, site_dir: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a strict `mkdocs build` of one project; returns the finished process (output captured)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        capture_output=True, text=True, cwd=config.parent, env={**os.environ, **_CODE, "NO_MKDOCS_2_WARNING": "1", **(env or {})}, check=False,
    )


def shared_cache() -> dict[str, str]:
    """The session's download cache (PMO_CACHE, set by conftest.py), for the commands a test runs with a bare environment:
    every copy of a project then reuses the PDFs and downloads another copy made from the same data."""
    return {"PMO_CACHE": os.environ["PMO_CACHE"]} if os.environ.get("PMO_CACHE") else {}


def session_cache() -> DownloadCache:
    """The same shared cache, for a test that calls the site plan in its own process."""
    return DownloadCache(Path(os.environ["PMO_CACHE"]) if os.environ.get("PMO_CACHE") else None)


def pmo(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the `pmo` command in a project folder, as the PMO would; output captured."""
    base = {"PATH": "/usr/bin:/bin", **_CODE, **shared_cache(), "NO_MKDOCS_2_WARNING": "1", "PMO_TODAY": TODAY.isoformat()}
    return subprocess.run([sys.executable, "-m", "macros.adapters.cli", *args], cwd=project, capture_output=True, text=True,
                          env={**base, **(env or {})}, check=False)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first occurrence of old in a text file; the test fails if old is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} : « {old} » introuvable"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write_lock(root: Path) -> None:
    """Write <root>/standards/published.lock from the files as they are now, as `pmo publish` would."""
    (root / "standards" / "published.lock").write_text(lock_text(load_project(root).catalog), encoding="utf-8")


def locked_copy(source: Path, dest: Path) -> Path:
    """A copy of a loose fixture folder (standards/, docs/...) with its lock written: its published editions are
    then as `pmo publish` leaves them, and only what a test changes afterwards can break a rule."""
    shutil.copytree(source, dest)
    write_lock(dest)
    return dest


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by its relative path: for byte-for-byte comparisons of two trees."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the README, run as written ----------------------------------------------------------------------

README = PROJECT / "README.md"


def readme_section(title: str) -> str:
    """One « ## » section of the README, up to the next one (a « ## » inside a fenced block is not a heading)."""
    lines = README.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"## {title}\n")
    fenced = False
    for end in range(start + 1, len(lines)):
        fenced ^= lines[end].lstrip().startswith("```")
        if not fenced and lines[end].startswith("## "):
            return "".join(lines[start:end])
    return "".join(lines[start:])


def readme_blocks(section: str, language: str) -> list[str]:
    """The fenced blocks of one language in a README section, in order, their list indentation removed."""
    found = []
    for indent, body in re.findall(rf"^( *)```{language}\n(.*?)^\1```", section, re.S | re.M):
        found.append("".join(line[len(indent):] if line.startswith(indent) else line for line in body.splitlines(keepends=True)))
    return found


def readme_commands(block: str) -> list[str]:
    return [line.strip() for line in block.splitlines() if line.strip()]


def readme_day(project: Path) -> dt.date:
    """The day the README's steps run on a copy of the project: two weeks after its last published edition."""
    return max(e.date for e in load_project(project).catalog.published_editions() if e.date) + dt.timedelta(days=14)


def run_readme_command(project: Path, command: str, day: dt.date) -> subprocess.CompletedProcess[str]:
    """Run one README command in a project; `make X` runs the same tool the Makefile target runs."""
    # Without the editions' PDFs: these tests read the README's pages and files, and each new edition's PDF costs a
    # PDF's full layout (some 20 s); test_real_pdf and test_edition_pdf check the PDFs.
    env = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "PMO_TODAY": day.isoformat(), "PMO_SANS_PDF": "1", **shared_cache()}
    if command.startswith(".venv/bin/pmo "):
        args = [sys.executable, "-m", "macros.adapters.cli", *shlex.split(command.removeprefix(".venv/bin/pmo "))]
    elif command in ("make validate", "make build"):
        args = [sys.executable, "-m", "macros.adapters.cli", command.split()[1]]
    else:
        raise AssertionError(f"commande inattendue dans le README : {command}")
    return subprocess.run(args, cwd=project, capture_output=True, text=True, env=env, check=False)


# --- the fixture projects --------------------------------------------------------------------------


class FixtureProject:
    """A tiny complete project of tests/projects/, or a copy of one in a temporary folder.

    The projects in the repository are read only: copy one (`copy`) before building or changing it, since a
    build writes its download cache into the project. `build` runs the strict MkDocs build, as the real site's.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.site: Path | None = None

    @classmethod
    def named(cls, scenario: str) -> FixtureProject:
        """One scenario of tests/projects/, for example « complet »."""
        root = PROJECTS / scenario
        assert (root / "mkdocs.yml").is_file(), f"scénario inconnu : {root}"
        return cls(root)

    def __repr__(self) -> str:
        return f"FixtureProject({self.root})"

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def copy(self, dest: Path) -> FixtureProject:
        """A copy in dest (which must not exist yet or be empty), building and editing freely.

        Linked folders are copied as real files, and the paths of mkdocs.yml that reach the repository's code
        (hooks, theme overrides) become absolute, so the copy builds from anywhere.
        """
        if dest.exists():
            dest.rmdir()
        shutil.copytree(self.root, dest, ignore=_NOT_COPIED)
        config = dest / "mkdocs.yml"
        config.write_text(_OUTSIDE.sub(lambda m: (self.root / m.group(0)).resolve().as_posix(), config.read_text(encoding="utf-8")),
                          encoding="utf-8")
        return FixtureProject(dest)

    def edit(self, rel: str, old: str, new: str) -> FixtureProject:
        """Replace old by new, once, in one file of the project (the test fails if old is not there)."""
        edit(self.path(rel), old, new)
        return self

    def write(self, rel: str, text: str) -> FixtureProject:
        path = self.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return self

    def relock(self) -> FixtureProject:
        """Rewrite standards/published.lock from the files as they are now, as `pmo publish` would."""
        write_lock(self.root)
        return self

    def load(self, *, preview: bool = False, today: dt.date = TODAY) -> Loaded:
        """The project loaded and checked, as `pmo validate` and the build do."""
        return load_project(self.root, preview=preview, today=today)

    def pmo(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Run `pmo` in the project folder, on the tests' fixed day."""
        return pmo(self.root, *args, env=env)

    def build_result(self, site: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Run the strict MkDocs build into site (default: <project>/site) and return the process, whatever its outcome."""
        assert not self.root.is_relative_to(PROJECTS), f"copiez d'abord le projet (copy) : la construction écrit dans {self.root}"
        return mkdocs_build(self.root / "mkdocs.yml", site or self.root / "site",
                            {"PMO_TODAY": TODAY.isoformat(), "SOURCE_DATE_EPOCH": EPOCH, **(env or {})})

    def build(self, site: Path | None = None, env: dict[str, str] | None = None) -> Path:
        """Build strictly into site; the test fails on any error or warning. Returns the site folder (kept in `site`)."""
        target = site or self.root / "site"
        result = self.build_result(target, env)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "WARNING" not in result.stderr, result.stderr
        self.site = target
        return target

    def _site(self, site: Path | None) -> Path:
        found = site or self.site
        assert found is not None, "construisez d'abord le projet (build)"
        return found

    def html(self, rel: str, site: Path | None = None) -> str:
        """The HTML of one built page, for example « standards/index.html »."""
        return (self._site(site) / rel).read_text(encoding="utf-8")

    def page(self, rel: str, site: Path | None = None) -> str:
        """The visible text of one built page's article, whitespace collapsed."""
        return page_text(self._site(site), rel)

    def file(self, rel: str, site: Path | None = None) -> Path:
        """One file of the built site (a download, a page)."""
        return self._site(site) / rel


# The columns the « variante » fixture (tests/conftest.py) adds to the actions register of « complet »: money, and
# what is left to pay, computed.
VARIANT_COLUMNS = """      - name: Coût (€)
        type: amount
      - name: Payé (€)
        type: amount
      - name: Reste à payer (€)
        type: amount
        compute: {operation: difference, columns: [Coût (€), Payé (€)]}
"""


# What add_draft_edition adds to « complet »: the edition being prepared and the draft it holds.
DRAFT_EDITION = "2024.3"
DRAFT_STANDARD = "revue-de-projet"
DRAFT_VERSION = "1.1.0"
DRAFT_ITEM = "REV-04"


def add_draft_edition(project: FixtureProject) -> FixtureProject:
    """The state between `pmo edition new` and `pmo publish`: a draft version of one standard, held by a draft edition.

    Written by hand rather than by the workflow commands, so that the preview tests do not depend on them.
    """
    folder = f"standards/{DRAFT_STANDARD}"
    text = project.read(f"{folder}/1.0.0.yaml")
    for old, new in (('version: "1.0.0"', f'version: "{DRAFT_VERSION}"'), ("status: active", "status: draft"),
                     ("effective_from: 2024-03-01", "effective_from: 2025-01-15"),
                     ("raci:", f"  - id: {DRAFT_ITEM}\n    phase: planification\n    text: Tenir une revue mensuelle pendant les travaux.\n"
                               "    level: recommandé\nraci:"),
                     ("covers: [REV-01, REV-02, REV-03]", f"covers: [REV-01, REV-02, REV-03, {DRAFT_ITEM}]")):
        assert old in text, old
        text = text.replace(old, new, 1)
    # As `pmo new-version` does: who does an item is the RACI's, not a « responsible » of its own.
    text = re.sub(r"\n    responsible: [a-z-]+", "", text)
    project.write(f"{folder}/{DRAFT_VERSION}.yaml", text)
    editions = project.read("standards/editions.yaml")
    roles = editions[editions.rindex("    roles:\n"):].split("    changes:")[0]
    project.write("standards/editions.yaml", editions + (
        f'  - id: "{DRAFT_EDITION}"\n    status: draft\n    notes: Édition en préparation ; une revue mensuelle est recommandée.\n'
        f'    standards:\n      suivi-des-actions: "1.1.0"\n      {DRAFT_STANDARD}: "{DRAFT_VERSION}"\n') + roles)
    return project


# --- reading built pages ---------------------------------------------------------------------------


class _Text(html.parser.HTMLParser):
    def __init__(self, skipped: tuple[str, ...] = ("script", "style")) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self._skipped = skipped

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._skipped:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skipped:
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


# --- reading a PDF back: poppler's tools (installed with chromium by `make test`) and pypdf ----------


def poppler(tool: str, *args: str) -> str:
    """What pdfinfo, pdftotext or pdffonts prints for a PDF."""
    result = subprocess.run([tool, *args], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def pdf_info(path: Path) -> dict[str, str]:
    """pdfinfo's fields (dates in ISO 8601)."""
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in poppler("pdfinfo", "-isodates", str(path)).splitlines())}


def pdf_outline(path: Path) -> list[tuple[int, str, int]]:
    """The bookmarks of a PDF, in order: (depth from 1, title, page number from 1)."""
    reader = PdfReader(path)
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item)
                found.append((depth, str(item.title), page + 1 if page is not None else 0))
    walk(reader.outline, 1)
    return found


def prose_text(site: Path, page: str) -> str:
    """The prose of a built page: the visible text of its article and navigation, without code, whitespace collapsed."""
    html = (site / page).read_text(encoding="utf-8")
    parser = _Text(("script", "style", "code", "pre", "kbd", "head"))
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


# --- crawling a built site: internal links, anchors, downloads, outside fetches --------------------

DOWNLOADS = (".docx", ".xlsx", ".csv", ".md", ".zip")
# <link> relations that make the browser fetch their href; any other (canonical, alternate...) only names a URL.
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch",
                 "prerender", "preconnect", "dns-prefetch", "manifest", "mask-icon"}
# Attributes that hold one URL, by element ("*": any element). srcset is split apart below.
URL_ATTRIBUTES = {"a": ("href",), "area": ("href",), "link": ("href",), "form": ("action",), "*": ("src", "poster")}
NO_CHECK_SCHEMES = ("mailto:", "tel:", "data:")


@dataclass(frozen=True)
class Ref:
    """One URL found in a page: where it is, in which element and attribute."""

    page: str  # path of the page in the site, e.g. "standards/index.html"
    line: int
    tag: str
    attr: str
    url: str
    rel: tuple[str, ...] = ()

    def where(self) -> str:
        return f"{self.page}:{self.line} <{self.tag} {self.attr}=\"{self.url}\">"


@dataclass
class Page:
    refs: list[Ref] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)


class _Parser(html.parser.HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value for key, value in attrs if value is not None}
        for key in ("id", "name"):
            if key in values and (key == "id" or tag in ("a", "input", "map", "iframe", "object")):
                self.page.anchors.add(values[key])
        line = self.getpos()[0]
        rel = tuple(values.get("rel", "").lower().split())
        for attr in URL_ATTRIBUTES.get(tag, ()) + URL_ATTRIBUTES["*"]:
            if attr in values:
                self.page.refs.append(Ref(self.name, line, tag, attr, values[attr].strip(), rel))
        if "srcset" in values:
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    self.page.refs.append(Ref(self.name, line, tag, "srcset", candidate.split()[0], rel))

    handle_startendtag = handle_starttag


def parse_site(site: Path) -> dict[str, Page]:
    """Every HTML page of a built site, by its path relative to the site root."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).as_posix()
        parser = _Parser(name)
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        pages[name] = parser.page
    return pages


def is_external(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") or url.startswith("//")


def target_of(ref: Ref) -> tuple[str, str] | None:
    """The site path (a file, directories resolved to index.html) and the fragment a relative URL points to."""
    if is_external(ref.url) or ref.url.lower().startswith(NO_CHECK_SCHEMES):
        return None
    parts = urlsplit(ref.url)
    path = unquote(parts.path)
    if not path:
        return ref.page, unquote(parts.fragment)
    # 404.html links from the site root: it is served for any missing path.
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(ref.page), path)
    resolved = posixpath.normpath(joined) if joined else "."
    if resolved == "." or path.endswith("/"):
        resolved = posixpath.join("" if resolved == "." else resolved, "index.html")
    return resolved, unquote(parts.fragment)


def broken_links(site: Path, pages: dict[str, Page]) -> list[str]:
    """Relative URLs that do not lead to a file of the site (a folder counts only with its index.html)."""
    errors = []
    for page in pages.values():
        for ref in page.refs:
            target = target_of(ref)
            if ref.url.lower().startswith("javascript:"):
                errors.append(f"{ref.where()} : adresse javascript:")
            elif target is not None:
                path = site / target[0]
                if path.is_dir() and (path / "index.html").is_file():
                    continue
                if not path.is_file():
                    errors.append(f"{ref.where()} : {target[0]} n'existe pas")
    return errors


def broken_anchors(pages: dict[str, Page]) -> list[str]:
    """Fragments that name no id (or name) in the HTML page they point to."""
    errors = []
    for page in pages.values():
        for ref in page.refs:
            target = target_of(ref)
            if target is None or not target[1]:
                continue
            # A download or a missing page has no anchors to check (the latter is reported as a broken link).
            found = pages.get(target[0]) or pages.get(posixpath.join(target[0], "index.html"))
            if found is not None and target[1] not in found.anchors:
                errors.append(f"{ref.where()} : pas d'ancre « {target[1]} » dans {target[0]}")
    return errors


def checked_anchors(pages: dict[str, Page]) -> int:
    """How many links of the site name an anchor (each one is checked by broken_anchors)."""
    return sum(1 for page in pages.values() for ref in page.refs if (t := target_of(ref)) and t[1])


def linked_downloads(site: Path, pages: dict[str, Page]) -> tuple[dict[str, set[str]], list[str]]:
    """The downloads the pages link to, by extension, and the links whose file is missing."""
    linked: dict[str, set[str]] = {ext: set() for ext in DOWNLOADS}
    missing = []
    for page in pages.values():
        for ref in page.refs:
            target = target_of(ref)
            if target is None or not target[0].endswith(DOWNLOADS):
                continue
            linked[posixpath.splitext(target[0])[1]].add(target[0])
            if not (site / target[0]).is_file():
                missing.append(f"{ref.where()} : téléchargement absent ({target[0]})")
    return linked, missing


def outside_fetches(pages: dict[str, Page]) -> list[str]:
    """Absolute http(s) URLs anywhere a browser would fetch them: src, srcset, poster, fetching <link>, form action."""
    errors = []
    for page in pages.values():
        for ref in page.refs:
            if not is_external(ref.url) or ref.tag in ("a", "area"):
                continue
            if ref.tag == "link" and not FETCHING_RELS.intersection(ref.rel):
                continue
            errors.append(f"{ref.where()} : adresse externe hors d'un lien <a>")
    return errors


# Attributes that make a browser fetch something (prose links <a href> are excepted).
_FETCHING = re.compile(r"<(?:script|img|iframe|source|video|audio|embed|object)\b[^>]*\s(?:src|data|srcset)=\"([^\"]+)\"|"
                       r"<link\b[^>]*\shref=\"([^\"]+)\"", re.I)
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
_CSS_IMPORT = re.compile(r"@import\s+['\"]([^'\"]+)")
_JS_IMPORT = re.compile(r"importScripts\(\s*['\"]([^'\"]+)|\bimport\s*\(\s*['\"]([^'\"]+)")
_EXTERNAL = re.compile(r"^(?:https?:)?//", re.I)


def _external(urls: list[str]) -> list[str]:
    return [u for u in urls if _EXTERNAL.match(u) and not u.startswith(("http://127.0.0.1", "//127.0.0.1"))]


def external_assets(site: Path) -> dict[str, list[str]]:
    """Every file of a built site that would make a browser fetch from another host, with those URLs.

    Read with plain patterns, apart from the crawler: HTML (scripts, images, frames, fetching <link>), CSS
    (url(), @import) and JavaScript (importScripts, dynamic import).
    """
    offenders: dict[str, list[str]] = {}
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        urls = [a or b for a, b in _FETCHING.findall(text)]
        # <link rel="canonical"> names the page, it is not fetched; everything else is.
        urls = [u for u in urls if not re.search(rf'<link rel="(?:canonical|alternate)" href="{re.escape(u)}"', text)]
        if bad := _external(urls):
            offenders[page.relative_to(site).as_posix()] = bad
    for sheet in site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        if bad := _external(_CSS_URL.findall(text) + _CSS_IMPORT.findall(text)):
            offenders[sheet.relative_to(site).as_posix()] = bad
    for script in site.rglob("*.js"):
        if bad := _external([a or b for a, b in _JS_IMPORT.findall(script.read_text(encoding="utf-8"))]):
            offenders[script.relative_to(site).as_posix()] = bad
    return offenders


# --- the browser: a built site served on 127.0.0.1, Debian's chromium driven by Playwright ---------

CHROMIUM = "/usr/bin/chromium"
# Flags that keep chromium off the network (this machine has none) and quiet as root in a container.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
CHROMIUM_MISSING = "chromium est absent : lancez « make test », qui l'installe (paquet Debian chromium)"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the base class's parameter name
        return

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Like a real host: a missing path gets the site's own 404.html, with the 404 status.
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 on a free port; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """One headless Debian chromium for a test module; fails with the French set-up hint when it is missing."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only the browser tests need Playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(CHROMIUM_MISSING)
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


class OutsideRequests:
    """Every request of a browser context that leaves the test server: recorded, and aborted before it goes out."""

    def __init__(self, context: Any, base: str) -> None:
        self.base = base
        self.urls: list[str] = []
        context.on("request", self._seen)
        context.route("**/*", self._route)

    def _local(self, url: str) -> bool:
        return url.startswith(self.base) or url.startswith(("data:", "blob:", "about:"))

    def _seen(self, request: Any) -> None:
        if not self._local(request.url) and request.url not in self.urls:
            self.urls.append(request.url)

    def _route(self, route: Any) -> None:
        if self._local(route.request.url):
            route.continue_()
        else:
            self._seen(route.request)
            route.abort()


def new_visit(browser: Any, base: str, width: int = 1280, scheme: str = "light") -> tuple[Any, OutsideRequests, Any]:
    """A fresh browser context (its own localStorage) and page; reduced motion, so no transition races a check."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                  reduced_motion="reduce", accept_downloads=True)
    outside = OutsideRequests(context, base)
    return context, outside, context.new_page()


class Visit:
    """One browser context and its page; records every request that leaves the test server."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.context, self.outside, self.page = new_visit(browser, base)

    def open(self, path: str, title: str) -> Any:
        """Go to a page of the site and assert its title first."""
        response = self.page.goto(self.base + path)
        assert self.page.title() == title, (path, self.page.title())
        return response

    def close(self) -> list[str]:
        """Close the context; returns the URLs outside the test server that the visit tried to fetch."""
        self.context.close()
        return self.outside.urls


@contextlib.contextmanager
def checked_visit(browser: Any, base: str) -> Iterator[Visit]:
    """A visit that fails the test if a page raised a script error or tried to fetch anything outside the test server."""
    visit = Visit(browser, base)
    errors: list[str] = []
    visit.page.on("pageerror", lambda error: errors.append(str(error)))
    yield visit
    assert visit.close() == []
    assert errors == []


def quiz_data(page: Any) -> dict[str, Any]:
    """The quiz's stable ids and right answers, as the page gives them to quiz.js."""
    data: dict[str, Any] = json.loads(page.locator("script#pmo-quiz-data").text_content())
    return data


def answer_quiz(page: Any, right: bool) -> None:
    """Tick, for every question, its right choices (right=True) or one wrong choice, then submit."""
    # A pooled quiz shows only the questions drawn for this attempt; the others stay hidden and unanswered.
    shown = set(page.locator("fieldset[data-pmo-question]:not([hidden])").evaluate_all(
        "sets => sets.map(s => s.dataset.pmoQuestion)"))
    for question in quiz_data(page)["questions"]:
        if question["id"] not in shown:
            continue
        fieldset = page.locator(f"fieldset[data-pmo-question='{question['id']}']")
        if right:
            for choice in question["correct"]:
                fieldset.locator(f"input[value='{choice}']").check()
        else:
            values = fieldset.locator("input").evaluate_all("inputs => inputs.map(i => i.value)")
            wrong = next(v for v in values if v not in question["correct"])
            fieldset.locator(f"input[value='{wrong}']").check()
    page.get_by_role("button", name="Valider mes réponses").click()


def open_search(page: Any, query: str, *, at_once: bool = False) -> Any:
    """Open Material's search as a visitor would (the magnifier on a narrow screen, the box on a wide one),
    type a query and wait for the results, computed offline by Material's lunr worker; returns the result items.

    Typed key by key, the first results shown may be those of the query's beginning (Material searches at every
    key); `at_once` pastes the whole query, so that the results are those of the whole query (ranking tests).
    """
    button = page.locator("label.md-header__button[for='__search']")
    if button.is_visible():
        button.click()
    else:
        page.locator("input.md-search__input").click()
    if at_once:
        page.locator("input.md-search__input").fill(query)
        page.locator("input.md-search__input").press("End")  # Material searches when a key is released
    else:
        page.locator("input.md-search__input").press_sequentially(query, delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    return results


@contextlib.contextmanager
def blocked_storage(browser: Any) -> Iterator[Any]:
    """A Chromium whose profile blocks every site's data, as « Block all cookies and site data » does: any access to
    localStorage throws a SecurityError. Launched by the Playwright that runs `browser`; yields its persistent context."""
    import tempfile  # noqa: PLC0415 - only this helper needs a profile folder

    with tempfile.TemporaryDirectory() as profile:
        (Path(profile) / "Default").mkdir()
        preferences = {"profile": {"default_content_setting_values": {"cookies": 2}}}
        (Path(profile) / "Default" / "Preferences").write_text(json.dumps(preferences), encoding="utf-8")
        context = browser.browser_type.launch_persistent_context(profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                                 headless=True, accept_downloads=True, reduced_motion="reduce")
        try:
            yield context
        finally:
            context.close()


# --- « Mon dossier de jalon » in the browser ----------------------------------------------------------------

DOSSIER_PAGE = "listes-de-controle/mon-dossier-de-jalon/"
DOSSIER_TITLE = "Mon dossier de jalon - Projet complet d'essai"
DOSSIER_DATA = "listes-de-controle/dossier-referentiel.json"


def with_categories_and_criteria(project: FixtureProject) -> FixtureProject:
    """« complet » plus three categories of project, two items whose level changes for a light project, and a gate
    with criteria (written by hand, then locked as `pmo publish` would, so no rule sees an edited published file)."""
    project.write("standards/tailoring.yaml", (
        "categories:\n"
        "  - id: leger\n    name: Léger\n    description: Projet court, une seule équipe.\n"
        "  - id: standard\n    name: Standard\n    description: Le cas général.\n"
        "  - id: majeur\n    name: Majeur\n    description: Projet long ou exposé.\n"
        "default: standard\nrule: La catégorie la plus lourde qu'atteint un critère.\n"
        "criteria:\n  - id: duree\n    name: Durée prévue\n    thresholds:\n"
        "      leger: moins de 6 mois\n      standard: de 6 à 18 mois\n      majeur: plus de 18 mois\n"))
    project.edit("standards/suivi-des-actions/1.1.0.yaml", "    text: Nommer un responsable pour chaque action.\n    level: obligatoire\n",
                 "    text: Nommer un responsable pour chaque action.\n    level: obligatoire\n    levels:\n      leger: recommandé\n")
    project.edit("standards/revue-de-projet/1.0.0.yaml", "    text: Présenter le planning en revue avant les travaux.\n    level: obligatoire\n",
                 "    text: Présenter le planning en revue avant les travaux.\n    level: obligatoire\n    levels:\n"
                 "      leger: non applicable\n")
    project.edit("standards/lifecycle.yaml", "    after: planification\n    description: Le commanditaire autorise les travaux.\n",
                 "    after: planification\n    decided_by: commanditaire\n    description: Le commanditaire autorise les travaux.\n"
                 "    criteria:\n      - item: ACT-01\n      - id: budget-approuve\n"
                 "        text: Le budget du projet est approuvé par le commanditaire.\n"
                 "        evidence: Budget signé par le commanditaire.\n")
    return project.relock()


def plain(text: str) -> str:
    """Text as a test writes it: no-break spaces as spaces, typographic apostrophes as ', whitespace collapsed."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'").split())


class DossierTab:
    """A fresh browser context (its own localStorage) on the gate file, with every dialog, script error and request
    outside the test server recorded; close() returns them for the test's last word."""

    def __init__(self, browser: Any, base: str, width: int = 1280, scheme: str = "light", title: str = DOSSIER_TITLE) -> None:
        self.base = base
        self.title = title
        self.context, self.outside, self.page = new_visit(browser, base, width, scheme)
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self) -> Any:
        self.page.goto(self.base + DOSSIER_PAGE)
        assert self.page.title() == self.title
        self.page.locator(".pmo-dossier.is-ready").wait_for()
        return self.page

    def reload(self) -> Any:
        self.page.reload()
        self.page.locator(".pmo-dossier.is-ready").wait_for()
        return self.page

    def close(self) -> tuple[list[str], list[str], list[str]]:
        self.context.close()
        return self.outside.urls, self.dialogs, self.errors


def said(page: Any) -> str:
    """What the gate file's live region says now, made plain."""
    return plain(page.locator("[data-pmo-live]").inner_text())


def expect_said(page: Any, pattern: str) -> None:
    """The gate file's aria-live region ends up saying this (a regular expression, on the text made plain)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: PLC0415 - only the browser tests need Playwright

    try:
        page.wait_for_function(
            "pattern => new RegExp(pattern).test(document.querySelector('[data-pmo-live]').textContent"
            ".replace(/[\\u00a0\\u202f]/g, ' ').replace(/\\u2019/g, \"'\").replace(/\\s+/g, ' '))", arg=pattern, timeout=5000)
    except PlaywrightTimeout:
        raise AssertionError(f"la zone aria-live dit « {said(page)} », attendu : {pattern}") from None


def dossier_line(page: Any, key: str, context: str = "i") -> Any:
    """One item (context « i ») or criterion (« c ») of the gate shown: its line."""
    return page.locator(f"li.pmo-dossier__entry[data-key='{key}'][data-context='{context}']")


def mark(page: Any, key: str, status: str, *, justification: str | None = None, evidence: str | None = None,
         context: str = "i") -> None:
    """Set a line's status (its label), then its justification and evidence, as a user does: no button; waits until
    each change is announced as saved (or kept for this visit)."""
    line = dossier_line(page, key, context)
    label = key.split("#")[1]
    line.get_by_label(re.compile(r"^Statut de ")).select_option(label=status)
    if justification is not None:
        line.get_by_label(re.compile(r"^Justification")).fill(justification)
    expect_said(page, f"{re.escape(label)} : {re.escape(status.lower())}\\. (Enregistré|Gardé pour cette visite seulement)\\.")
    if evidence is not None:
        dossier_line(page, key, context).get_by_label(re.compile(r"^Preuve fournie")).fill(evidence)
        expect_said(page, f"{re.escape(label)} : preuve (enregistrée|gardée pour cette visite seulement)")


def answer_characteristics(form: Any, answers: dict[str, bool]) -> None:
    """In a form of the gate file, answer « Oui » or « Non » to the question of each characteristic (by its id)."""
    for characteristic, value in answers.items():
        form.locator(f"fieldset[data-trait='{characteristic}']").get_by_label("Oui" if value else "Non", exact=True).check()


def create_project(page: Any, name: str, code: str, category: str, phase: str = "planification",
                   characteristics: dict[str, bool] | None = None) -> None:
    """Create a project with the form, answering the questions of the project's characteristics when the site has some."""
    form = page.locator("form.pmo-dossier__project-form")
    if form.is_hidden():
        page.get_by_role("button", name="Nouveau projet", exact=True).click()
    page.get_by_label("Nom du projet (obligatoire)").fill(name)
    page.get_by_label("Code du projet (facultatif)").fill(code)
    page.get_by_label("Catégorie du projet").select_option(category)
    page.get_by_label("Phase en cours").select_option(phase)
    answer_characteristics(form, characteristics or {})
    page.get_by_role("button", name="Créer le projet", exact=True).click()
    expect_said(page, f"Projet « {re.escape(name)} » créé")


# The WCAG 2.2 AA rules axe-core checks in the browser tests.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_accessible(page: Any, width: int) -> None:
    """axe-core finds no violation on the page as it is now, and nothing makes it scroll sideways (WCAG 1.4.10)."""
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415 - only the browser tests need axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    found = [f"{v['id']} {' '.join(n['target'])} : {n['html'][:160]}" for v in results.response["violations"] for n in v["nodes"]]
    assert found == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def dossier_contract(loaded: Loaded) -> dict[str, Any]:
    """The gate file's data as the site writes it for a loaded référentiel (macros/site/plan.py), read back from JSON."""
    data: dict[str, Any] = json.loads(json.dumps({**dossier_data(loaded.catalog), "exports": gate_file_exports()}, ensure_ascii=False))
    return data


def serve_dossier_data(page: Any, data: dict[str, Any]) -> None:
    """Hand the gate file of this page other data than the built site's (another edition, a changed wording)."""
    body = json.dumps(data, ensure_ascii=False)
    page.route("**/" + DOSSIER_DATA, lambda route: route.fulfill(status=200, content_type="application/json", body=body))


def stored_dossier(page: Any) -> Any:
    """The gate file's state in this browser's localStorage, parsed."""
    return page.evaluate("JSON.parse(localStorage.getItem('pmo:dossier:v1'))")
