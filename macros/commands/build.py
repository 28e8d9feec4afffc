"""Checked, atomic site build: build into a fresh folder, run the HTML gate, only then swap it with site/."""
from __future__ import annotations

import calendar
import hashlib
import re
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from macros.commands.output import output_problem, real_path, replace_folder
from macros.core.constants import DOCS_DIR, INCLUDES_DIR, QUIZZES_DIR, STANDARDS_DIR
from macros.core.fsutil import LOCK_NAME, read_regular, write_replacing
from macros.project import Loaded, Project
from macros.site.download_cache import code_hash

# What the build reads or the project keeps: the site may be written in none of them, nor around them.
PROTECTED = (DOCS_DIR, STANDARDS_DIR, QUIZZES_DIR, INCLUDES_DIR, "overrides", "macros", "tests", "benchmarks", ".git", ".venv",
             "mkdocs.yml", "pyproject.toml", "Makefile", "README.md", LOCK_NAME)
# A folder named like the staging folders of the default site/ would be removed as a leftover: never a target.
STAGING_PREFIX = ".site-"

# Inline scripts the theme and the project put in every page (Material's palette, scope and anchor scripts,
# the table-scroll fix of overrides/main.html); any other inline script is refused.
_THEME_SCRIPTS = ("var palette=__md_get(", "var target=document.getElementById(location.hash", "__md_scope=new URL(",
                  "// A table wider than the screen scrolls sideways")
_DATA_SCRIPTS = {"__config", "pmo-quiz-data"}  # type="application/json": data, never run
_FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "srcset", "data"}
_SCRIPT_SCHEMES = re.compile(r"^(?:javascript|vbscript|data):", re.I)
_IGNORED_IN_URL = re.compile(r"[\x00-\x20]")
_TEMPLATE = re.compile(r"\{\{|\{%")


@dataclass
class _Gate(HTMLParser):
    """Every element and attribute of one page that neither the theme nor the project put there."""

    page: str
    found: list[str] = field(default_factory=list)
    _script: tuple[str, dict[str, str | None]] | None = None
    _text: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def _flag(self, what: str) -> None:
        self.found.append(f"{self.page}:{self.getpos()[0]} : {what}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)
        if tag == "script":
            self._script, self._text = (tag, dict(attrs)), []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _FORBIDDEN_ELEMENTS:
            self._flag(f"élément <{tag}> interdit")
        if tag == "meta" and any(k == "http-equiv" and (v or "").lower() == "refresh" for k, v in attrs):
            self._flag("redirection <meta http-equiv=refresh> interdite")
        for name, value in attrs:
            if name.startswith("on"):
                self._flag(f"attribut de gestionnaire d'événement « {name} » sur <{tag}>")
            if name in _URL_ATTRIBUTES and value and _SCRIPT_SCHEMES.match(_IGNORED_IN_URL.sub("", value)):
                self._flag(f"adresse « {_IGNORED_IN_URL.sub('', value).split(':')[0]}: » interdite dans l'attribut {name} de <{tag}>")
        if tag == "script" and (src := dict(attrs).get("src")) and (re.match(r"^[a-z][a-z0-9+.-]*:|//", src, re.I)
                                                                     or ("assets/javascripts/" not in src and "search/" not in src)):
            self._flag(f"script externe ou inconnu « {src} »")

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._script is None:
            return
        attrs, text = self._script[1], "".join(self._text).strip()
        self._script = None
        if attrs.get("src"):
            return
        if attrs.get("type") == "application/json" and attrs.get("id") in _DATA_SCRIPTS:
            return
        if not text.startswith(_THEME_SCRIPTS):
            self._flag(f"script en ligne inconnu « {text[:40]} »")


def scan_html(site: Path, passed: Path | None = None) -> list[str]:
    """Every element, attribute or template leftover of the built HTML that the theme and the project did not put there,
    as « page:ligne : problème »; parsed as a browser would, not matched by patterns.

    `passed`: a folder where a page that passes is noted by its bytes and this gate's code; a page with the same bytes is
    not parsed again (a rebuild after one edit rewrites a few pages: the others passed the last build's gate).
    """
    found = []
    for page in sorted(site.rglob("*.html")):
        raw = page.read_bytes()
        note = passed / _passed_name(raw) if passed is not None else None
        if note is not None and read_regular(note) is not None:
            continue
        text = raw.decode("utf-8")
        gate = _Gate(page.relative_to(site).as_posix())
        gate.feed(text)
        gate.close()
        match = _TEMPLATE.search(text)
        if match:
            gate.found.append(f"{page.relative_to(site).as_posix()}:{text.count(chr(10), 0, match.start()) + 1} : syntaxe de gabarit non interprétée")
        found += sorted(gate.found, key=lambda line: int(line.split(":")[1].split(" ")[0]))
        if note is not None and not gate.found:
            write_replacing(note, b"")
    return found


def _passed_name(raw: bytes) -> str:
    return hashlib.sha256(code_hash().encode() + b"\0" + raw).hexdigest()


def edition_epoch(loaded: Loaded) -> str:
    """The current edition's date as SOURCE_DATE_EPOCH (see macros.adapters.settings.date_builds)."""
    edition = loaded.catalog.current_edition()
    day = edition.date if edition is not None and edition.date is not None else None
    return str(calendar.timegm(day.timetuple())) if day else "0"


def site_dir_problem(project: Project, target: Path) -> str | None:
    """Why a folder cannot receive what pmo writes (None when it can): never the project, a source, or around one."""
    root = project.root.resolve()
    real = real_path(target)
    if real is None:
        return output_problem(target)
    if real == root:
        return "c'est le dossier du projet"
    if real.is_relative_to(root):
        rel = real.relative_to(root)
        if rel.parts[0] in PROTECTED or rel.parts[0].startswith(STAGING_PREFIX):
            return f"il est (ou se trouve dans) « {rel.parts[0]} », qui appartient aux sources du projet"
    elif root.is_relative_to(real):
        return "il contient le projet"
    return None


def output_refusal(project: Project, target: Path) -> str | None:
    """Why the site or the generated files may not go to target (None when they may): site_dir_problem, then only a
    folder pmo may replace whole (macros.commands.output)."""
    return site_dir_problem(project, target) or output_problem(target)


def build(project: Project, target: Path, env: dict[str, str], passed: Path | None = None) -> list[str]:
    """Build the site into target atomically; returns the problems (empty on success, target then replaced).

    `env` is the environment of the MkDocs run (the edge passes its own). The dates it writes follow the current
    edition (the hooks set SOURCE_DATE_EPOCH unless `env` does): same sources, same bytes. The caller holds the lock.
    `passed` notes the pages that passed the HTML gate (see scan_html).
    """
    def refused(reason: str) -> str:
        return f"dossier du site « {target} » refusé : {reason} ; choisissez un dossier réservé au site, par exemple site"

    reason = output_refusal(project, target)
    if reason is not None:
        return [refused(reason)]
    env = {**env, "NO_MKDOCS_2_WARNING": "1"}

    def fill(staging: Path) -> list[str]:
        # Run from the project folder: paths in mkdocs.yml (snippets, hooks) are relative to it.
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(project.mkdocs_yml),
                                 "-d", str(staging)], capture_output=True, text=True, env=env, check=False, cwd=project.root)
        if result.returncode != 0:
            lines = [ln for ln in (result.stdout + result.stderr).splitlines() if ln.strip() and not ln.startswith("INFO")]
            return ["la construction stricte a échoué :"] + lines[-40:]
        return scan_html(staging, passed)

    return replace_folder(target, fill, refused)
