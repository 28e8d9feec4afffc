"""The permanent attack suite (issue « Security and integrity »): hostile data, files, interruptions and arguments, each
answered by its exact French message or by a neutralised output.

Groups, in this order: 1 YAML, 2 schema, 3 characters, 4 files, 5 immutability of what was published, 6 builds,
7 publication faults and concurrent runs, 8 command-line arguments, 9 spreadsheets, 10 injection (one site built with a
payload in every text field, checked in the HTML, the search index, the JSON files, the downloads, and in Chromium
listening for dialogs; the browser tests are marked « browser »).

Data-level cases load the project in-process (macros.project.load, what `pmo validate` runs: a few milliseconds each);
every site is built once per group; commands that may hang or be killed run as real `pmo` processes, with a timeout.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import csv
import functools
import hashlib
import html
import html.parser
import io
import json
import os
import re
import shutil
import signal
import stat
import string
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

import docx
import openpyxl
import pytest

from macros.commands.build import scan_html
from macros.commands.workflow import WorkflowError, publish, resume
from macros.core.fsutil import project_lock
from macros.project import Project
from macros.site.download_cache import DownloadCache
from macros.site.plan import generate
from tests.support import PROJECT, TODAY, FixtureProject, add_draft_edition, answer_quiz, new_visit, open_search, serve, tree_bytes

COMPLET = "complet"
STANDARD = "standards/revue-de-projet/1.0.0.yaml"  # published, locked, one version: the file most cases break
ROLE = "standards/roles/pilote/1.0.0.md"
EDITIONS = "standards/editions.yaml"
LOCK = "standards/published.lock"
QUIZ = "quizzes/quiz-actions.yaml"
GUIDANCE = "standards/suivi-des-actions/1.1.0.md"
SYMLINK = "lien symbolique interdit : seuls les fichiers ordinaires du projet sont lus ; remplacez le lien par le fichier"
SYMLINK_FOLDER = SYMLINK.replace("le fichier", "le dossier")
T = TypeVar("T")
# Every `pmo` run gets this long at most: a command waiting on a FIFO or a device would fail the test, not hang it.
TIMEOUT = 60


# --- helpers shared by every group ---------------------------------------------------------------------------


def fresh(tmp_path: Path, name: str = "projet") -> FixtureProject:
    """A new copy of « complet » to break."""
    return FixtureProject.named(COMPLET).copy(tmp_path / name)


def problems(project: FixtureProject) -> list[str]:
    """Every problem `pmo validate` reports, formatted as it prints them (errors and warnings)."""
    return [p.format() for p in project.load().problems]


def errors(project: FixtureProject) -> list[str]:
    return [p.format() for p in project.load().errors]


def error(file: str, line: int, column: int, field: str, message: str) -> str:
    """One error line, as `pmo validate` prints it."""
    return f"{file}:{line}:{column}: erreur : {field or '(fichier)'} : {message}"


def write_bytes(project: FixtureProject, rel: str, data: bytes) -> None:
    path = project.path(rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def pmo_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment tests.support.pmo gives a command (this checkout's code, the tests' fixed day)."""
    return {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PROJECT), "NO_MKDOCS_2_WARNING": "1", "PMO_TODAY": TODAY.isoformat(),
            **(extra or {})}


def run_pmo(root: Path, *args: str, env: dict[str, str] | None = None, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    """`pmo` in a project folder, with a timeout: a hang fails the test with the command's name."""
    try:
        return subprocess.run([sys.executable, "-m", "macros.adapters.cli", *args], cwd=root, capture_output=True, text=True,
                              env=pmo_env(env), check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"« pmo {' '.join(args)} » ne s'est pas terminé en {timeout} s")


def start_pmo(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "macros.adapters.cli", *args], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=pmo_env(env))


def in_parallel(calls: Mapping[str, Callable[[], T]], workers: int = 4) -> dict[str, T]:
    """Run independent slow calls (each its own `pmo` process on its own copy) side by side; results by name."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {name: pool.submit(call) for name, call in calls.items()}
        return {name: future.result() for name, future in futures.items()}


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr


def line_col(text: str, needle: str) -> tuple[int, int]:
    """Line and column (from 1) of the first needle in a text, lines split on « \\n » only, as editors and the loader
    count them (a U+2028 is not a line end for them)."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


# =============================================================================================================
# 1. YAML: whatever YAML can do besides plain data is refused, with its place and a French reason
# =============================================================================================================

# (old text of the standard's file, new text, expected error: line, column, field, message). Lines of the file:
# 2 id, 4 title, 5 version, 7 effective_from, 10 review_every_months, 11 summary, 15 scope, 17 « - id: REV-01 »,
# 37 the RACI's A; 50 lines in all.
YAML_CASES = {
    "ancre": ("scope: Tous", "scope: &a Tous", (15, 8, "scope", "ancre « &a » interdite : recopiez la valeur")),
    "alias": ("scope: Tous les projets du projet d'essai.", "scope: *a", (15, 8, "scope", "alias « *a » interdit : recopiez la valeur")),
    "milliard-de-rires": ("scope: Tous les projets du projet d'essai.",
                          "scope: Tous.\nlol: &a [x, x, x, x, x, x, x, x, x]\nlol2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                          "lol3: [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
                          (16, 6, "lol", "ancre « &a » interdite : recopiez la valeur")),
    "etiquette-python": ("title: Revue de projet", 'title: !!python/object/apply:os.system ["echo pwned"]',
                         (4, 8, "title", "étiquette YAML « tag:yaml.org,2002:python/object/apply:os.system » interdite")),
    "etiquette-str": ("title: Revue de projet", "title: !!str Revue de projet",
                      (4, 8, "title", "étiquette YAML « tag:yaml.org,2002:str » interdite")),
    "etiquette-locale": ("title: Revue de projet", "title: !secret Revue de projet", (4, 8, "title", "étiquette YAML « !secret » interdite")),
    "cle-de-fusion": ("scope: Tous les projets du projet d'essai.", "scope: Tous.\n<<: {summary: Autre résumé.}",
                      (16, 1, "", "clé de fusion « << » interdite : recopiez les champs")),
    "cle-en-double": ("title: Revue de projet\n", "title: Revue de projet\ntitle: Revue piégée\n",
                      (5, 1, "title", "clé « title » en double (première occurrence ligne 4, colonne 1)")),
    "deux-documents": ("scope: Tous les projets du projet d'essai.", "scope: Tous.\n---\nid: PMO-STD-999",
                       (16, 1, "", "plusieurs documents YAML dans un fichier : un seul est permis")),
    "imbrication": ("scope: Tous les projets du projet d'essai.", "scope: " + "[" * 45 + "]" * 45,
                    (15, 47, "scope[0]", "imbrication trop profonde (plus de 40 niveaux)")),
    "cle-complexe": ("scope: Tous les projets du projet d'essai.", "scope: Tous.\n? [a, b]\n: valeur",
                     (16, 3, "", "une clé doit être un texte simple")),
    "booleen-yaml-1-1": ("scope: Tous les projets du projet d'essai.", "scope: no",
                         (15, 8, "scope", 'valeur ambiguë « no » : YAML 1.1 la lit comme un booléen ; mettez-la entre guillemets ("no")')),
    "octal": ("review_every_months: 60", "review_every_months: 012",
              (10, 22, "review_every_months", 'valeur ambiguë « 012 » : YAML 1.1 la lit comme un nombre octal ; mettez-la entre guillemets ("012")')),
    "sexagesimal": ("scope: Tous les projets du projet d'essai.", "scope: 12:30",
                    (15, 8, "scope", 'valeur ambiguë « 12:30 » : YAML 1.1 la lit comme un nombre sexagésimal (une heure) ; '
                                     'mettez-la entre guillemets ("12:30")')),
    "version-decimale": ('version: "1.0.0"', "version: 1.10",
                         (5, 10, "version", 'valeur ambiguë « 1.10 » : YAML la lit comme un nombre décimal ; mettez-la entre guillemets ("1.10")')),
    "date-avec-heure": ("effective_from: 2024-03-01", "effective_from: 2024-03-01 10:00",
                        (7, 17, "effective_from", "« 2024-03-01 10:00 » : une date seule est attendue (AAAA-MM-JJ), sans heure")),
    "date-impossible": ("effective_from: 2024-03-01", "effective_from: 2024-02-30",
                        (7, 17, "effective_from", "date impossible « 2024-02-30 » (format AAAA-MM-JJ)")),
    "tabulation": ("  - id: REV-01", "\t- id: REV-01", (17, 1, "checklist", "tabulation interdite pour l'indentation (utilisez des espaces)")),
    "guillemet-ouvert": ("scope: Tous les projets du projet d'essai.", 'scope: "Tous les projets',
                         (52, 1, "scope", "fin de fichier inattendue (guillemet ou crochet non fermé ?)")),
}


@pytest.mark.parametrize("case", YAML_CASES)
def test_yaml_construct_is_refused_with_its_place(tmp_path: Path, case: str) -> None:
    old, new, (line, column, field, message) = YAML_CASES[case]
    project = fresh(tmp_path).edit(STANDARD, old, new)
    started = time.monotonic()
    found = errors(project)
    assert time.monotonic() - started < 5, "un document YAML hostile doit être refusé sans être développé"
    assert error(STANDARD, line, column, field, message) in found, "\n".join(found)


@pytest.mark.parametrize(("case", "content", "expected"), [
    pytest.param("vide", b"", error(STANDARD, 1, 1, "", "fichier vide"), id="fichier-vide"),
    pytest.param("commentaires", b"# rien\n", error(STANDARD, 1, 1, "", "fichier vide"), id="commentaires-seuls"),
    pytest.param("liste", b"- a\n- b\n", error(STANDARD, 1, 1, "", "le fichier doit contenir un dictionnaire (clé: valeur) au premier niveau"),
                 id="liste-au-premier-niveau"),
    pytest.param("latin-1", "id: PMO-STD-802\ntitle: Revue \xe9t\xe9\n".encode("latin-1"),
                 error(STANDARD, 2, 14, "", "octet 0xe9 invalide : le fichier doit être encodé en UTF-8"), id="octet-latin-1"),
    pytest.param("utf-16", "id: PMO-STD-802\n".encode("utf-16"), error(STANDARD, 1, 1, "", "octet 0xff invalide : le fichier doit être encodé en UTF-8"),
                 id="utf-16"),
])
def test_yaml_file_that_is_not_a_mapping_in_utf8_is_refused(tmp_path: Path, case: str, content: bytes, expected: str) -> None:
    project = fresh(tmp_path)
    write_bytes(project, STANDARD, content)
    assert expected in errors(project)


# =============================================================================================================
# 2. Schema: every field has its type, its values, its format; an unknown field is a typo, never ignored
# =============================================================================================================

SCHEMA_CASES = {
    "champ-inconnu": ("scope: Tous", "titel: Revue\nscope: Tous", (15, 1, "titel", "champ inconnu (vérifiez l'orthographe)")),
    "champ-manquant": ("summary: Les revues qui jalonnent le projet, et leur compte rendu.\n", "",
                       (2, 1, "summary", "champ obligatoire manquant")),
    "texte-liste": ("title: Revue de projet", "title: [Revue, de, projet]",
                    (4, 8, "title", "un texte est attendu (ou un dictionnaire langue: texte, par exemple fr: …)")),
    "texte-booleen": ("scope: Tous les projets du projet d'essai.", "scope: true",
                      (15, 8, "scope", "un texte est attendu (ou un dictionnaire langue: texte, par exemple fr: …)")),
    "texte-vide": ("title: Revue de projet", 'title: "   "', (4, 8, "title", "le texte ne doit pas être vide")),
    "langue-inconnue": ("title: Revue de projet", "title: {fr: Revue, de: Überprüfung}",
                        (4, 8, "title", "langue inconnue « de » ; langues permises : fr, en")),
    "sans-francais": ("title: Revue de projet", "title: {en: Project review}", (4, 8, "title", "le texte français (fr) est obligatoire")),
    "statut-inconnu": ("status: active", "status: actif",
                       (6, 9, "status", "valeur « actif » non permise ; valeurs permises : 'draft', 'active', 'superseded', 'retired'")),
    "identifiant-mal-forme": ("id: PMO-STD-802", "id: PMO-STD-8O2",
                              (2, 5, "id", "format invalide « PMO-STD-8O2 » (attendu : PMO-STD- suivi de trois chiffres, par exemple PMO-STD-005)")),
    "nombre-hors-bornes": ("review_every_months: 60", "review_every_months: 99999999999999999999999",
                           (10, 22, "review_every_months", "doit être inférieur ou égal à 60")),
    "nombre-nul": ("review_every_months: 60", "review_every_months: 0", (10, 22, "review_every_months", "doit être supérieur ou égal à 1")),
    "date-entre-guillemets": ("effective_from: 2024-03-01", 'effective_from: "2024-03-01"',
                              (7, 17, "effective_from", "une date AAAA-MM-JJ est attendue, pas « 2024-03-01 » : retirez les guillemets")),
    "deux-approbateurs": ("    A: commanditaire", "    A: [commanditaire, pilote]",
                          (37, 8, "raci[0].A", "exactement un rôle « A » par activité (un seul responsable final)")),
    "liste-vide": ("  - Prendre chaque décision de jalon sur des faits.\n  - Garder la trace de chaque décision.\n", "  []\n",
                   (13, 3, "objectives", "au moins 1 élément attendu")),
}


@pytest.mark.parametrize("case", SCHEMA_CASES)
def test_schema_violation_is_refused_with_its_field(tmp_path: Path, case: str) -> None:
    old, new, (line, column, field, message) = SCHEMA_CASES[case]
    project = fresh(tmp_path).edit(STANDARD, old, new)
    found = errors(project)
    assert error(STANDARD, line, column, field, message) in found, "\n".join(found)


# =============================================================================================================
# 3. Characters: controls, bidirectional controls, zero-width and line separators are refused in every text,
#    raw or written as YAML escapes, with their file, line, column and field
# =============================================================================================================

# name -> (character, its kind in the message, its code point)
CHARACTERS = {
    "nul": ("\x00", "de contrôle", "0000"),
    "bel": ("\x07", "de contrôle", "0007"),
    "echap": ("\x1b", "de contrôle", "001B"),
    "suppr": ("\x7f", "de contrôle", "007F"),
    "nel": ("\x85", "de contrôle", "0085"),
    "rlo": ("\u202e", "de contrôle bidirectionnel", "202E"),
    "lri": ("\u2066", "de contrôle bidirectionnel", "2066"),
    "espace-nulle": ("\u200b", "invisible (largeur nulle)", "200B"),
    "bom-interne": ("\ufeff", "invisible (largeur nulle)", "FEFF"),
    "separateur-ligne": ("\u2028", "de séparation de ligne Unicode", "2028"),
    "separateur-paragraphe": ("\u2029", "de séparation de ligne Unicode", "2029"),
}
# name -> (file, the text the character goes right after, the field named in the message)
TEXT_FIELDS = {
    "titre-standard": (STANDARD, "title: Revue", "title"),
    "nom-role": (ROLE, "name: Pilote", "name"),
    "notes-edition": (EDITIONS, "notes: Première", "editions[0].notes"),
    "question-quiz": (QUIZ, "prompt: Que", "questions[1].prompt"),
    "commentaire-yaml": (STANDARD, "# Standard", "(commentaire)"),
    "corps-texte-accompagnement": (GUIDANCE, "Une action", "corps"),
    "corps-role": (ROLE, "Mission", "corps"),
}
# YAML escapes of a double-quoted text -> the character they stand for
ESCAPES = {"\\u202E": "rlo", "\\0": "nul", "\\x07": "bel", "\\e": "echap", "\\L": "separateur-ligne", "\\N": "nel", "\\u200B": "espace-nulle"}


def forbidden(name: str) -> str:
    _, kind, code = CHARACTERS[name]
    return f"caractère {kind} U+{code} interdit dans un texte"


@pytest.mark.parametrize("char", CHARACTERS)
@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_raw_character_is_refused_where_it_is(tmp_path: Path, field: str, char: str) -> None:
    rel, before, field_path = TEXT_FIELDS[field]
    character = CHARACTERS[char][0]
    project = fresh(tmp_path).edit(rel, before, before + character)
    line, column = line_col(project.read(rel), character)
    assert error(rel, line, column, field_path, forbidden(char)) in errors(project)


@pytest.mark.parametrize("escape", ESCAPES)
@pytest.mark.parametrize("field", [f for f in TEXT_FIELDS if not f.startswith(("corps", "commentaire"))])
def test_character_written_as_yaml_escape_is_refused(tmp_path: Path, field: str, escape: str) -> None:
    rel, before, field_path = TEXT_FIELDS[field]
    project = fresh(tmp_path)
    text = project.read(rel)
    start = text.index(before)
    # The whole value of the line becomes one double-quoted text ending with the escape.
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.index("\n", start)
    key_part, _, value_part = text[line_start:line_end].partition(": ")
    project.write(rel, text[:line_start] + f'{key_part}: "{value_part}{escape}"' + text[line_end:])
    line, column = line_col(project.read(rel), f'"{value_part}')
    expected = error(rel, line, column, field_path, forbidden(ESCAPES[escape]) + " (écrit comme séquence d'échappement)")
    assert expected in errors(project)


def test_windows_line_ends_are_read_like_unix_ones(tmp_path: Path) -> None:
    project = fresh(tmp_path)
    for rel in (STANDARD, ROLE, EDITIONS, GUIDANCE):
        write_bytes(project, rel, project.path(rel).read_bytes().replace(b"\n", b"\r\n"))
    write_bytes(project, QUIZ, project.path(QUIZ).read_bytes().replace(b"\n", b"\r\n"))
    project.relock()
    assert problems(project) == []


def test_line_separator_is_located_on_its_line_and_shifts_nothing_after_it(tmp_path: Path) -> None:
    project = fresh(tmp_path).edit(STANDARD, "title: Revue de projet", "title: Revue\u2028de projet")
    project.edit(STANDARD, "    level: obligatoire", "    level: obligatoir")
    write_bytes(project, STANDARD, project.path(STANDARD).read_bytes().replace(b"\n", b"\r\n"))
    found = errors(project)
    assert error(STANDARD, 4, 13, "title", forbidden("separateur-ligne")) in found
    assert error(STANDARD, 20, 12, "checklist[0].level", "valeur « obligatoir » non permise ; valeurs permises : "
                 "'obligatoire', 'recommandé', 'non applicable'") in found


# =============================================================================================================
# 4. Files: only regular files inside the project are read; links, FIFOs, devices, folders and huge files are
#    refused without being opened; the lock never names a path outside standards/
# =============================================================================================================


def _outside(project: FixtureProject, name: str, content: str) -> Path:
    """A file beside the project whose content would give away that it was read: a YAML syntax error."""
    target = project.root.parent / name
    target.write_text(content, encoding="utf-8")
    return target


def _link(project: FixtureProject, rel: str, target: Path | str) -> None:
    path = project.path(rel)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


# A file that, if ever read, would be reported as a syntax error: its message must never show.
BAIT = "title: [jamais lu\n"
BAIT_SEEN = "fin de fichier inattendue"


def _link_outside(rel: str) -> Callable[[FixtureProject], None]:
    def setup(project: FixtureProject) -> None:
        _link(project, rel, _outside(project, "appat" + Path(rel).suffix, BAIT))
    return setup


def _link_folder(rel: str) -> Callable[[FixtureProject], None]:
    def setup(project: FixtureProject) -> None:
        copy = project.root.parent / ("copie-" + Path(rel).name)
        shutil.copytree(project.path(rel), copy)
        _link(project, rel, copy)
    return setup


def _folder_as_version(project: FixtureProject) -> None:
    project.path("standards/revue-de-projet/9.0.0.yaml").mkdir()


HUGE = "standards/revue-de-projet/2.0.0.yaml"


def _huge(size: int) -> Callable[[FixtureProject], None]:
    def setup(project: FixtureProject) -> None:
        with open(project.path(HUGE), "wb") as handle:
            handle.truncate(size)  # sparse: the size is known from stat; reading it would take ages
    return setup


def _lock_line(path: str) -> Callable[[FixtureProject], None]:
    def setup(project: FixtureProject) -> None:
        project.path(LOCK).write_text(project.read(LOCK) + f"{'0' * 64}  {path}\n", encoding="utf-8")
    return setup


LOCK_LINE = 12  # the line a test appends to the lock of « complet » (2 comment lines, 7 files, 2 editions)

FILE_CASES: dict[str, tuple[Callable[[FixtureProject], None], list[str]]] = {
    "lien-version": (_link_outside(STANDARD), [error(STANDARD, 1, 1, "", SYMLINK)]),
    "lien-texte-accompagnement": (_link_outside(GUIDANCE), [error(GUIDANCE, 1, 1, "", SYMLINK)]),
    "lien-role": (_link_outside(ROLE), [error(ROLE, 1, 1, "", SYMLINK)]),
    "lien-editions": (_link_outside(EDITIONS), [error(EDITIONS, 1, 1, "", SYMLINK)]),
    "lien-cycle-de-vie": (_link_outside("standards/lifecycle.yaml"), [error("standards/lifecycle.yaml", 1, 1, "", SYMLINK)]),
    "lien-verrou": (_link_outside(LOCK), [error(LOCK, 1, 1, "", SYMLINK)]),
    "lien-dossier-de-standard": (_link_folder("standards/revue-de-projet"), [error("standards/revue-de-projet", 1, 1, "", SYMLINK)]),
    "lien-dossier-de-role": (_link_folder("standards/roles/pilote"), [error("standards/roles/pilote", 1, 1, "", SYMLINK)]),
    "lien-standards": (_link_folder("standards"), [error("standards", 1, 1, "", SYMLINK_FOLDER)]),
    "dossier-nomme-version": (_folder_as_version, [error("standards/revue-de-projet/9.0.0.yaml", 1, 1, "",
                                                         "dossier à la place d'un fichier : seuls les fichiers ordinaires du projet sont lus")]),
    "fichier-trop-gros": (_huge(1024 * 1024 + 1), [error(HUGE, 1, 1, "", "fichier trop volumineux (1048577 octets ; maximum 1048576)")]),
    "fichier-creux-de-8-gio": (_huge(8 << 30), [error(HUGE, 1, 1, "", "fichier trop volumineux (8589934592 octets ; maximum 1048576)")]),
    "verrou-remontee": (_lock_line("standards/../../../etc/passwd"),
                        [error(LOCK, LOCK_LINE, 67, "", "chemin « standards/../../../etc/passwd » hors de standards/ : refusé")]),
    "verrou-relatif": (_lock_line("../../../etc/passwd"), [error(LOCK, LOCK_LINE, 67, "", "chemin « ../../../etc/passwd » hors de standards/ : refusé")]),
    "verrou-absolu": (_lock_line("/etc/passwd"), [error(LOCK, LOCK_LINE, 67, "", "chemin « /etc/passwd » hors de standards/ : refusé")]),
    "verrou-autre-dossier": (_lock_line("quizzes/quiz-actions.yaml"),
                             [error(LOCK, LOCK_LINE, 67, "", "chemin « quizzes/quiz-actions.yaml » hors de standards/ : refusé")]),
    "verrou-ligne-invalide": (_lock_line("standards/a b"), [error(LOCK, LOCK_LINE, 1, "", "ligne invalide : « <sha256>  <chemin> » attendu")]),
}


@pytest.mark.parametrize("case", FILE_CASES)
def test_file_that_is_not_a_regular_project_file_is_refused(tmp_path: Path, case: str) -> None:
    setup, expected = FILE_CASES[case]
    project = fresh(tmp_path)
    setup(project)
    found = errors(project)
    if project.path(HUGE).is_file():
        project.path(HUGE).unlink()  # nothing that walks the temporary folders later may stumble on 8 Gio
    for line in expected:
        assert line in found, "\n".join(found)
        assert found.count(line) == 1, f"signalé plusieurs fois : {line}"
    assert not any(BAIT_SEEN in line for line in found), "un fichier hors du projet a été lu à travers un lien"


def test_link_to_a_system_folder_gives_one_error(tmp_path: Path) -> None:
    project = fresh(tmp_path)
    project.path("standards/etc").symlink_to("/etc")
    assert errors(project) == [error("standards/etc", 1, 1, "", SYMLINK)]


@pytest.mark.parametrize("rel", ["quizzes", QUIZ, "quizzes/parcours.yaml"])
def test_link_among_the_quizzes_is_refused_once(tmp_path: Path, rel: str) -> None:
    project = fresh(tmp_path)
    (_link_folder if rel == "quizzes" else _link_outside)(rel)(project)
    expected = error(rel, 1, 1, "", SYMLINK_FOLDER if rel == "quizzes" else SYMLINK)
    found = errors(project)
    assert found.count(expected) == 1, "\n".join(found)
    assert not any(BAIT_SEEN in line for line in found)


@pytest.mark.parametrize(("case", "rel"), [("tube-nomme", STANDARD), ("lien-vers-dev-zero", STANDARD), ("tube-verrouille", "standards/revue-de-projet/tube")])
def test_fifo_or_device_never_blocks_validation(tmp_path: Path, case: str, rel: str) -> None:
    project = fresh(tmp_path)
    path = project.path(rel)
    if case == "lien-vers-dev-zero":
        _link(project, rel, "/dev/zero")
        expected = [error(rel, 1, 1, "", SYMLINK)]
    elif case == "tube-nomme":
        path.unlink()
        os.mkfifo(path)
        expected = [error(rel, 1, 1, "", "tube nommé (FIFO) à la place d'un fichier : seuls les fichiers ordinaires du projet sont lus")]
    else:
        # A FIFO beside the versions, and named in the lock as a published file: neither listing it nor checking its
        # digest waits on it.
        os.mkfifo(path)
        _lock_line(rel)(project)
        expected = [error(rel, 1, 1, "", "fichier inattendu : une version s'écrit <version>.yaml (et <version>.md pour son texte)")]
    result = run_pmo(project.root, "validate", timeout=30)
    assert result.returncode == 1
    for line in expected:
        assert line in result.stdout.splitlines(), result.stdout
    no_traceback(result)


# =============================================================================================================
# 5. Immutability: what was published never changes, never disappears, and only `pmo publish` publishes
# =============================================================================================================


def _drop_lock_lines(project: FixtureProject, word: str) -> None:
    project.write(LOCK, "".join(line + "\n" for line in project.read(LOCK).splitlines() if word not in line))


def _unlocked_then_edited(project: FixtureProject) -> None:
    _drop_lock_lines(project, "revue-de-projet/1.0.0.yaml")
    project.edit(STANDARD, "title: Revue de projet", "title: Revue modifiée")


def _fingerprint_dropped_then_edited(project: FixtureProject) -> None:
    _drop_lock_lines(project, "edition:2024.1")
    project.edit(EDITIONS, "notes: Première édition", "notes: Autre édition")


def _new_version_hint(name: str) -> str:
    return f"pmo new-version {name} --patch, --minor ou --major"


PUBLISHED_MODIFIED = "fichier publié modifié : une version publiée ne change plus ; annulez la modification et créez une nouvelle version ({})"
EDITION_MODIFIED = ("édition publiée 2024.1 modifiée : une édition publiée ne change plus ; annulez la modification (ses versions, sa date "
                    "et ses notes) et préparez une nouvelle édition")
NOT_IN_LOCK = ("version publiée absente de standards/published.lock : ce fichier ne serait plus protégé ; restaurez standards/published.lock "
               "(git checkout standards/published.lock)")
BY_HAND = ("édition {} marquée publiée sans être passée par « pmo publish » (absente de standards/published.lock) : remettez status: draft "
           "puis publiez-la")

IMMUTABILITY_CASES: dict[str, tuple[Callable[[FixtureProject], Any], list[str]]] = {
    "version-publiee-modifiee": (lambda p: p.edit(STANDARD, "title: Revue de projet", "title: Revue de projet modifiée"),
                                 [error(STANDARD, 1, 1, "", PUBLISHED_MODIFIED.format(_new_version_hint("revue-de-projet")))]),
    "un-octet-change": (lambda p: write_bytes(p, STANDARD, p.path(STANDARD).read_bytes() + b" "),
                        [error(STANDARD, 1, 1, "", PUBLISHED_MODIFIED.format(_new_version_hint("revue-de-projet")))]),
    "role-publie-modifie": (lambda p: p.edit(ROLE, "Mission du rôle", "Mission revue du rôle"),
                            [error(ROLE, 1, 1, "", PUBLISHED_MODIFIED.format(_new_version_hint("pilote")))]),
    "texte-publie-modifie": (lambda p: p.edit(GUIDANCE, "## Contexte", "## Contexte revu"),
                             [error(GUIDANCE, 1, 1, "", PUBLISHED_MODIFIED.format(_new_version_hint("suivi-des-actions")))]),
    "texte-ajoute-a-une-version-publiee": (lambda p: p.write("standards/revue-de-projet/1.0.0.md", "## Ajout\n\nTexte ajouté après coup.\n"),
                                           [error("standards/revue-de-projet/1.0.0.md", 1, 1, "", "texte ajouté à une version publiée : écrivez-le "
                                                  f"dans une nouvelle version ({_new_version_hint('revue-de-projet')})")]),
    "fichier-publie-supprime": (lambda p: p.path(GUIDANCE).unlink(),
                                [error(GUIDANCE, 1, 1, "", "fichier publié supprimé : une version publiée reste en ligne ; restaurez-le")]),
    "ligne-du-verrou-supprimee-puis-fichier-modifie": (_unlocked_then_edited, [error(STANDARD, 1, 1, "", NOT_IN_LOCK)]),
    "verrou-supprime": (lambda p: p.path(LOCK).unlink(),
                        [error(LOCK, 1, 1, "", "verrou des publications absent alors que 2 éditions sont publiées : restaurez "
                                           "standards/published.lock (git checkout standards/published.lock)")]),
    "verrou-vide": (lambda p: p.write(LOCK, ""),
                    [error(EDITIONS, 4, 13, "editions[0].status", BY_HAND.format("2024.1")), error(STANDARD, 1, 1, "", NOT_IN_LOCK),
                     error(EDITIONS, 15, 13, "editions[1].status", BY_HAND.format("2024.2"))]),
    "edition-publiee-version-changee": (lambda p: p.edit(EDITIONS, 'suivi-des-actions: "1.0.0"', 'suivi-des-actions: "1.1.0"'),
                                        [error(EDITIONS, 3, 5, "editions[0]", EDITION_MODIFIED)]),
    "edition-publiee-date-changee": (lambda p: p.edit(EDITIONS, "date: 2024-03-01", "date: 2024-03-02"),
                                     [error(EDITIONS, 3, 5, "editions[0]", EDITION_MODIFIED)]),
    "edition-publiee-notes-changees": (lambda p: p.edit(EDITIONS, "notes: Première édition", "notes: Toute première édition"),
                                       [error(EDITIONS, 3, 5, "editions[0]", EDITION_MODIFIED)]),
    "edition-publiee-note-de-changement-ajoutee": (
        lambda p: p.edit(EDITIONS, '      bureau-pmo: "1.0.0"\n  - id: "2024.2"',
                         '      bureau-pmo: "1.0.0"\n    changes:\n      - standard: revue-de-projet\n        impact: rédactionnel\n'
                         '        note: Ajoutée après coup.\n  - id: "2024.2"'),
        [error(EDITIONS, 3, 5, "editions[0]", EDITION_MODIFIED)]),
    "edition-publiee-supprimee": (lambda p: p.write(EDITIONS, p.read(EDITIONS)[: p.read(EDITIONS).index('  - id: "2024.2"')]),
                                  [error(EDITIONS, 1, 1, "editions", "édition publiée 2024.2 supprimée : une édition publiée reste en ligne ; "
                                         "restaurez son bloc dans ce fichier")]),
    "edition-publiee-renommee": (lambda p: p.edit(EDITIONS, 'id: "2024.1"', 'id: "2024.9"'),
                                 [error(EDITIONS, 1, 1, "editions", "édition publiée 2024.1 supprimée : une édition publiée reste en ligne ; "
                                        "restaurez son bloc dans ce fichier"),
                                  error(EDITIONS, 4, 13, "editions[0].status", BY_HAND.format("2024.9"))]),
    "edition-publiee-redevenue-brouillon": (lambda p: p.edit(EDITIONS, "status: published\n    date: 2024-09-16", "status: draft\n    date: 2024-09-16"),
                                            [error(EDITIONS, 15, 13, "editions[1].status", "l'édition 2024.2 est publiée : elle ne redevient pas un brouillon")]),
    "edition-publiee-a-la-main": (lambda p: add_draft_edition(p).edit(EDITIONS, '  - id: "2024.3"\n    status: draft',
                                                                      '  - id: "2024.3"\n    status: published\n    date: 2024-12-01'),
                                  [error(EDITIONS, 31, 13, "editions[2].status", BY_HAND.format("2024.3"))]),
    "empreinte-d-edition-retiree-puis-edition-modifiee": (_fingerprint_dropped_then_edited,
                                                          [error(EDITIONS, 4, 13, "editions[0].status", BY_HAND.format("2024.1"))]),
}


@pytest.mark.parametrize("case", IMMUTABILITY_CASES)
def test_published_state_cannot_change(tmp_path: Path, case: str) -> None:
    setup, expected = IMMUTABILITY_CASES[case]
    project = fresh(tmp_path)
    setup(project)
    found = errors(project)
    for line in expected:
        assert line in found, "\n".join(found)


# =============================================================================================================
# 6. Builds: the site is written only where a site belongs, readable by a web server, never half replaced
# =============================================================================================================


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under root, links not followed: kind and content digest, to prove a command wrote nothing."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = "lien " + os.readlink(path)
            elif path.is_dir():
                found[rel] = "dossier"
            else:
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


SITE_DIR_REASONS = {
    ".": "c'est le dossier du projet",
    "..": "il contient le projet",
    "../..": "il contient le projet",
    "standards": "il est (ou se trouve dans) « standards », qui appartient aux sources du projet",
    "docs": "il est (ou se trouve dans) « docs », qui appartient aux sources du projet",
    "docs/sous-dossier": "il est (ou se trouve dans) « docs », qui appartient aux sources du projet",
    "quizzes": "il est (ou se trouve dans) « quizzes », qui appartient aux sources du projet",
    "macros": "il est (ou se trouve dans) « macros », qui appartient aux sources du projet",
    "site/../standards/roles": "il est (ou se trouve dans) « standards », qui appartient aux sources du projet",
    "lien-vers-standards": "il est (ou se trouve dans) « standards », qui appartient aux sources du projet",
    ".site-a1b2c3": "il est (ou se trouve dans) « .site-a1b2c3 », qui appartient aux sources du projet",
    "mkdocs.yml": "il est (ou se trouve dans) « mkdocs.yml », qui appartient aux sources du projet",
    "notes.txt": "c'est un fichier",
}


# A finished command and the project's entries before and after it.
Outcome = tuple[subprocess.CompletedProcess[str], dict[str, str], dict[str, str]]


def _watched_run(root: Path, around: Path, *args: str) -> Outcome:
    before = snapshot(around)
    result = run_pmo(root, *args)
    return result, before, snapshot(around)


@pytest.fixture(scope="module")
def site_dir_refusals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """`pmo build --site-dir X` for every refused X, each on its own copy, side by side; the folder around the
    project is watched too (« .. » must stay untouched)."""
    runs = {}
    for index, target in enumerate(SITE_DIR_REASONS):
        project = FixtureProject.named(COMPLET).copy(tmp_path_factory.mktemp(f"site-dir-{index}") / "projet")
        project.write("notes.txt", "Notes du PMO.\n")
        project.path("lien-vers-standards").symlink_to("standards")
        runs[target] = functools.partial(_watched_run, project.root, project.root.parent, "build", "--site-dir", target)
    return in_parallel(runs)


@pytest.mark.parametrize("target", SITE_DIR_REASONS)
def test_build_refuses_a_site_folder_among_the_sources(site_dir_refusals: dict[str, Outcome], target: str) -> None:
    result, before, after = site_dir_refusals[target]
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout.splitlines() == [f"Erreur : dossier du site « {target} » refusé : {SITE_DIR_REASONS[target]} ; choisissez un dossier "
                                          "réservé au site, par exemple site. Rien n'a été écrit."]
    assert after == before, "le refus a écrit ou supprimé des fichiers"
    no_traceback(result)


@contextlib.contextmanager
def held_lock(root: Path) -> Iterator[str]:
    """The project's lock held by this test process, as a running `pmo` would hold it; yields the refusal message."""
    with project_lock(root, "test"):
        yield (f"Erreur : une autre commande pmo travaille déjà dans ce projet (pmo test, processus {os.getpid()}) ; attendez qu'elle "
               "se termine, puis relancez.")


LOCKED_COMMANDS = {
    "build": ("build",),
    "publish": ("publish", "2024.3"),
    "publish-reprendre": ("publish", "--reprendre"),
    "new-version": ("new-version", "revue-de-projet", "--minor"),
    "edition-new": ("edition", "new", "2024.4", "--notes", "Essai."),
}


@pytest.fixture(scope="module")
def while_locked(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, subprocess.CompletedProcess[str]], dict[str, str], dict[str, str]]:
    """Every writing command run while another holds the project's lock (and `pmo validate`, which only reads)."""
    project = add_draft_edition(FixtureProject.named(COMPLET).copy(tmp_path_factory.mktemp("verrou")))
    with held_lock(project.root) as refusal:
        before = snapshot(project.root)
        calls = {name: functools.partial(run_pmo, project.root, *args) for name, args in (*LOCKED_COMMANDS.items(), ("validate", ("validate",)))}
        results = in_parallel(calls)
        after = snapshot(project.root)
    return refusal, results, before, after


@pytest.mark.parametrize("command", LOCKED_COMMANDS)
def test_second_command_is_refused_while_one_works(while_locked: tuple[str, dict[str, Any], dict[str, str], dict[str, str]], command: str) -> None:
    refusal, results, before, after = while_locked
    result = results[command]
    assert (result.returncode, result.stdout.splitlines()) == (1, [refusal]), result.stdout + result.stderr
    assert after == before
    no_traceback(result)


def test_validation_still_reads_while_a_command_works(while_locked: tuple[str, dict[str, Any], dict[str, str], dict[str, str]]) -> None:
    result = while_locked[1]["validate"]
    assert result.returncode == 0 and result.stdout.startswith("Référentiel valide ("), result.stdout


def _sh_pmo(root: Path, *args: str, umask: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`pmo` started from a shell with a strict umask: the site must still be readable by a web server."""
    command = f"umask {umask} && exec {sys.executable} -m macros.adapters.cli " + " ".join(args)
    return subprocess.run(["/bin/sh", "-c", command], cwd=root, capture_output=True, text=True, env=pmo_env(env), check=False, timeout=TIMEOUT)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[FixtureProject, subprocess.CompletedProcess[str]]:
    """« complet » built by `pmo build` under umask 077, over the leftovers of an interrupted build."""
    project = FixtureProject.named(COMPLET).copy(tmp_path_factory.mktemp("construit"))
    project.write(".site-x1y2z3/index.html", "<p>reste d'une construction interrompue</p>\n")
    project.write("site.ancien/index.html", "<p>ancien site mis de côté</p>\n")
    return project, _sh_pmo(project.root, "build", umask="077")


@pytest.mark.slow
def test_build_leaves_a_readable_site_and_no_leftovers(built: tuple[FixtureProject, subprocess.CompletedProcess[str]]) -> None:
    project, result = built
    assert (result.returncode, result.stdout.strip()) == (0, "Site construit et vérifié dans site/."), result.stdout + result.stderr
    assert not project.path(".site-x1y2z3").exists() and not project.path("site.ancien").exists()
    site = project.path("site")
    modes = {p.relative_to(site).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")]}
    wrong = {rel: oct(mode) for rel, mode in modes.items() if mode != (0o755 if (site / rel).is_dir() else 0o644)}
    assert wrong == {}, "dossiers 0755 et fichiers 0644 attendus"
    assert scan_html(site) == []


# (state before the killed build, N): the site/ that was there stays whole; with no site, none appears half built.
# The last N of each state lets the build finish: every earlier file operation is interrupted once.
BUILD_KILLS = [("site-existant", 1), ("site-existant", 2), ("site-existant", 3), ("sans-site", 1)]


@dataclass
class KilledBuild:
    killed: subprocess.CompletedProcess[str]
    site_after_kill: dict[str, bytes] | None  # None: no site/ at all
    final: subprocess.CompletedProcess[str]  # the next, normal build
    site: dict[str, bytes]
    leftovers: list[str]


def _killed_build(root: Path, n: int) -> KilledBuild:
    killed = run_pmo(root, "build", env={"PMO_TEST_KILL_AFTER": str(n)})
    site_after_kill = tree_bytes(root / "site") if (root / "site").exists() else None
    # A build that finished is its own next build.
    final = run_pmo(root, "build") if killed.returncode else killed
    leftovers = sorted(p.name for p in root.iterdir() if p.name.startswith(".site-") or p.name.endswith(".ancien"))
    return KilledBuild(killed, site_after_kill, final, tree_bytes(root / "site"), leftovers)


@pytest.fixture(scope="module")
def build_kills(built: tuple[FixtureProject, subprocess.CompletedProcess[str]],
                tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, KilledBuild]]:
    """The site of a normal build, and for each case a copy killed at its Nth file operation, then built normally."""
    project, _ = built
    runs = {}
    for state, n in BUILD_KILLS:
        root = tmp_path_factory.mktemp(f"tue-{state}-{n}") / "projet"
        shutil.copytree(project.root, root, symlinks=True, ignore=None if state != "sans-site" else shutil.ignore_patterns("site"))
        runs[f"{state}-{n}"] = functools.partial(_killed_build, root, n)
    return tree_bytes(project.path("site")), in_parallel(runs, workers=2)


@pytest.mark.slow
@pytest.mark.parametrize(("state", "n"), BUILD_KILLS)
def test_killed_build_never_leaves_a_half_site(build_kills: tuple[dict[str, bytes], dict[str, KilledBuild]], state: str, n: int) -> None:
    reference, runs = build_kills
    run = runs[f"{state}-{n}"]
    killed, site_after_kill, final, site, leftovers = run.killed, run.site_after_kill, run.final, run.site, run.leftovers
    assert killed.returncode in (-signal.SIGKILL, 0), killed.stdout + killed.stderr
    if n == 1:
        assert killed.returncode == -signal.SIGKILL, "PMO_TEST_KILL_AFTER=1 doit interrompre la construction"
    if state == "sans-site":
        assert site_after_kill is None or site_after_kill == reference, "site à moitié construit après une interruption"
    else:
        assert site_after_kill == reference, "le site en place doit rester entier après une interruption"
    assert (final.returncode, final.stdout.strip()) == (0, "Site construit et vérifié dans site/."), final.stdout + final.stderr
    assert site == reference
    assert leftovers == [], "restes d'une construction interrompue non supprimés"


@pytest.mark.slow
def test_build_kills_cover_every_file_operation(build_kills: tuple[dict[str, bytes], dict[str, KilledBuild]]) -> None:
    """The last N lets the build finish: every earlier operation was interrupted once."""
    assert build_kills[1]["site-existant-3"].killed.returncode == 0


# =============================================================================================================
# 7. Publication faults and concurrent runs: killed at any file operation, `pmo validate` explains the state and
#    running `pmo publish` again gives exactly the bytes of an uninterrupted publication
# =============================================================================================================

DRAFT = "2024.3"  # the edition add_draft_edition prepares in « complet »
JOURNAL = ".pmo-journal.json"
INTERRUPTED = error(JOURNAL, 1, 1, "", f"la commande « publish {DRAFT} » a été interrompue : des fichiers sont peut-être à moitié publiés ; "
                    "terminez-la avec « pmo publish --reprendre »")
PUBLISHED = f"Édition {DRAFT} publiée. Construisez le site : make build."
# Enough for every file operation of `pmo publish` on this project (the journal, four files, their renames, the
# journal's removal): the last N lets the publication finish (checked by test_publish_kills_cover_every_operation).
PUBLISH_KILLS = range(1, 13)


def _draft_project(root: Path) -> FixtureProject:
    return add_draft_edition(FixtureProject.named(COMPLET).copy(root))


def _stray(root: Path) -> list[str]:
    """Files a command left behind: staging copies, a journal (the project's own lock file is not one)."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and (p.name.endswith(".tmp") or p.name == JOURNAL))


@dataclass
class Interrupted:
    killed: subprocess.CompletedProcess[str]
    journal: bool  # the journal was in place after the kill
    validate: list[str]  # the errors `pmo validate` reports then
    rerun: subprocess.CompletedProcess[str]
    standards: dict[str, bytes]  # standards/ after the rerun
    stray: list[str]


# The N whose publication is finished by the `pmo` command itself; the others call what it calls, in this process
# (the same functions under the same project lock, without a second start of Python).
RERUN_BY_COMMAND = {5: ("publish", DRAFT), 6: ("publish", "--reprendre"), 11: ("publish", DRAFT)}


def _rerun_in_process(root: Path, resume_only: bool) -> subprocess.CompletedProcess[str]:
    """What `pmo publish 2024.3` (or `pmo publish --reprendre`) runs, as a finished process would report it."""
    project = Project.at(root)
    try:
        with project_lock(root, "publish"):
            written = resume(project) if resume_only else publish(project, DRAFT, TODAY)
    except WorkflowError as exc:
        return subprocess.CompletedProcess([], 1, f"Erreur : {exc}.\n", "")
    lines = [f"{item.path} : {item.action}" for item in written]
    lines.append("Reprise terminée. Vérifiez : pmo validate." if resume_only else PUBLISHED)
    return subprocess.CompletedProcess([], 0, "\n".join(lines) + "\n", "")


@pytest.fixture(scope="module")
def publications(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[int, Interrupted]]:
    """An uninterrupted publication of 2024.3 (its standards/ bytes), then one copy per N killed at its Nth file
    operation and published again: by `pmo publish 2024.3`, or, every other N, by `pmo publish --reprendre`."""
    reference = _draft_project(tmp_path_factory.mktemp("publication-de-reference") / "p")
    projects = {n: _draft_project(tmp_path_factory.mktemp(f"publication-tuee-{n}") / "p") for n in PUBLISH_KILLS}
    calls = {"reference": functools.partial(run_pmo, reference.root, "publish", DRAFT)}
    calls |= {str(n): functools.partial(run_pmo, projects[n].root, "publish", DRAFT, env={"PMO_TEST_KILL_AFTER": str(n)}) for n in PUBLISH_KILLS}
    killed = in_parallel(calls)
    assert killed["reference"].returncode == 0, killed["reference"].stdout + killed["reference"].stderr
    runs = {}
    for n, project in projects.items():
        journal = project.path(JOURNAL).exists()
        found = errors(project)
        resume_only = journal and n % 2 == 0
        if not killed[str(n)].returncode:
            rerun = killed[str(n)]
        elif n in RERUN_BY_COMMAND:
            rerun = run_pmo(project.root, *RERUN_BY_COMMAND[n])
        else:
            rerun = _rerun_in_process(project.root, resume_only)
        runs[n] = Interrupted(killed[str(n)], journal, found, rerun, tree_bytes(project.path("standards")), _stray(project.root))
    return tree_bytes(reference.path("standards")), runs


@pytest.mark.parametrize("n", PUBLISH_KILLS)
def test_killed_publication_is_explained_then_finished_identically(publications: tuple[dict[str, bytes], dict[int, Interrupted]], n: int) -> None:
    reference, runs = publications
    run = runs[n]
    assert run.killed.returncode in (-signal.SIGKILL, 0), run.killed.stdout + run.killed.stderr
    if run.killed.returncode == 0:
        assert run.killed.stdout.splitlines()[-1] == PUBLISHED
    elif run.journal:
        assert INTERRUPTED in run.validate, "\n".join(run.validate)
    else:
        assert run.validate == [], "une publication tuée avant son journal ne doit rien avoir changé"
    assert run.rerun.returncode == 0, run.rerun.stdout + run.rerun.stderr
    assert run.rerun.stdout.splitlines()[-1] in (PUBLISHED, "Reprise terminée. Vérifiez : pmo validate."), run.rerun.stdout
    assert run.standards.keys() == reference.keys()
    assert [rel for rel in reference if run.standards[rel] != reference[rel]] == [], "standards/ diffère d'une publication sans interruption"
    assert run.stray == [], "fichiers temporaires ou journal laissés"
    no_traceback(run.killed)
    no_traceback(run.rerun)


def test_publish_kills_cover_every_operation(publications: tuple[dict[str, bytes], dict[int, Interrupted]]) -> None:
    runs = publications[1]
    assert runs[1].killed.returncode == -signal.SIGKILL
    assert runs[max(PUBLISH_KILLS)].killed.returncode == 0, "élargissez PUBLISH_KILLS : la publication a plus d'opérations"
    assert any(r.journal for r in runs.values())


def test_killed_recovery_can_be_resumed_again(publications: tuple[dict[str, bytes], dict[int, Interrupted]], tmp_path: Path) -> None:
    project = _draft_project(tmp_path / "projet")
    assert run_pmo(project.root, "publish", DRAFT, env={"PMO_TEST_KILL_AFTER": "6"}).returncode == -signal.SIGKILL
    for n in (1, 2):
        assert run_pmo(project.root, "publish", "--reprendre", env={"PMO_TEST_KILL_AFTER": str(n)}).returncode == -signal.SIGKILL
        assert INTERRUPTED in errors(project)
    result = run_pmo(project.root, "publish", "--reprendre")
    assert result.returncode == 0 and result.stdout.splitlines()[-1] == "Reprise terminée. Vérifiez : pmo validate.", result.stdout
    assert tree_bytes(project.path("standards")) == publications[0]
    assert _stray(project.root) == []


def _journal(project: FixtureProject, files: list[dict[str, Any]], command: str = f"publish {DRAFT}") -> None:
    project.write(JOURNAL, json.dumps({"command": command, "files": files}, ensure_ascii=False))


def _entry(path: str, content: str) -> dict[str, Any]:
    return {"path": path, "before": None, "after": hashlib.sha256(content.encode()).hexdigest(), "content": content}


def test_unreadable_journal_stops_the_recovery(tmp_path: Path) -> None:
    project = _draft_project(tmp_path / "p")
    project.write(JOURNAL, "{ pas du json")
    before = snapshot(project.root)
    assert error(JOURNAL, 1, 1, "", "la commande « commande inconnue » a été interrompue : des fichiers sont peut-être à moitié publiés ; "
                 "terminez-la avec « pmo publish --reprendre »") in errors(project)
    result = run_pmo(project.root, "publish", "--reprendre")
    assert (result.returncode, result.stdout.splitlines()) == (1, [
        f"Erreur : journal {JOURNAL} illisible : restaurez les données (git checkout standards) puis supprimez {JOURNAL}."])
    assert {k: v for k, v in snapshot(project.root).items() if k != ".pmo.lock"} == before


def test_file_changed_by_hand_since_the_interruption_stops_the_recovery(tmp_path: Path) -> None:
    project = _draft_project(tmp_path / "p")
    assert run_pmo(project.root, "publish", DRAFT, env={"PMO_TEST_KILL_AFTER": "5"}).returncode == -signal.SIGKILL
    project.edit(EDITIONS, "notes: Édition en préparation", "notes: Édition retouchée à la main")
    edited = project.read(EDITIONS)
    result = run_pmo(project.root, "publish", "--reprendre")
    assert (result.returncode, result.stdout.splitlines()) == (1, [
        f"Erreur : {EDITIONS} a été modifié depuis l'interruption de « publish {DRAFT} » : restaurez-le, puis relancez la reprise."])
    assert project.read(EDITIONS) == edited, "la reprise a écrasé une modification du PMO"


@pytest.mark.parametrize("where", ["dossier-parent", "chemin-absolu", "lien-symbolique"])
def test_journal_never_writes_outside_the_project(tmp_path: Path, where: str) -> None:
    """A journal committed by someone else (it is a file of the project) must not make `pmo publish --reprendre` write
    outside the project, as the lock never makes the loader read outside standards/."""
    project = _draft_project(tmp_path / "p")
    outside = tmp_path / "dehors" / "piege.txt"
    outside.parent.mkdir()
    project.path("standards/lien").symlink_to(outside.parent)
    path = {"dossier-parent": "../dehors/piege.txt", "chemin-absolu": str(outside), "lien-symbolique": "standards/lien/piege.txt"}[where]
    _journal(project, [_entry(path, "écrit hors du projet\n")])
    result = run_pmo(project.root, "publish", "--reprendre")
    assert not outside.exists(), f"« pmo publish --reprendre » a écrit hors du projet : {outside}"
    assert (result.returncode, result.stdout.splitlines()) == (1, [
        f"Erreur : journal {JOURNAL} : chemin « {path} » hors des dossiers standards/, quizzes/ ou passant par un lien symbolique : "
        f"reprise refusée, rien n'a été écrit ; supprimez {JOURNAL} et vérifiez vos données (git status)."])
    no_traceback(result)


@pytest.mark.parametrize("command", [("publish", DRAFT), ("new-version", "suivi-des-actions", "--minor")])
def test_two_concurrent_commands_one_wins_the_other_is_refused(tmp_path: Path, command: tuple[str, ...]) -> None:
    project = _draft_project(tmp_path / "p")
    first, second = start_pmo(project.root, *command), start_pmo(project.root, *command)
    outputs = []
    for process in (first, second):
        out, err = process.communicate(timeout=TIMEOUT)
        outputs.append((process.returncode, out, err, process.pid))
    winners = [o for o in outputs if o[0] == 0]
    losers = [o for o in outputs if o[0] != 0]
    assert len(winners) == 1 and len(losers) == 1, outputs
    code, out, err, _ = losers[0]
    busy = (f"Erreur : une autre commande pmo travaille déjà dans ce projet (pmo {command[0]}, processus {winners[0][3]}) ; "
            "attendez qu'elle se termine, puis relancez.")
    done = (f"Erreur : l'édition {DRAFT} est déjà publiée : une édition ne se publie qu'une fois." if command[0] == "publish" else
            "Erreur : la version 1.2.0 de « suivi-des-actions » est encore un brouillon : modifiez-la, ou publiez-la avant d'en créer une autre.")
    assert code == 1 and out.splitlines()[-1] in (busy, done), out + err
    assert "Traceback" not in out + err
    assert errors(project) == []
    assert _stray(project.root) == []


# =============================================================================================================
# 8. Command-line arguments: a French message and an exit code for every mistake, never a Python traceback
# =============================================================================================================

ARGPARSE = 2  # argparse's exit code: the command line itself is wrong
NO_TRANSITION = ("Erreur : une version majeure demande une transition : ajoutez --transition AAAA-MM-JJ (jusqu'à quand les projets "
                 "démarrés avant peuvent garder la version actuelle) ou --sans-transition « raison ».")
BAD_EDITION_ID = "Erreur : identifiant d'édition invalide « {} » (attendu : année, point, numéro, par exemple 2027.1)."
UNKNOWN_STANDARD = ("Erreur : standard inconnu « {} » ; standards : revue-de-projet, suivi-des-actions ; rôles : bureau-pmo, commanditaire, "
                    "pilote.")

# name -> (arguments, extra environment, exit code, the stream that speaks, its last line). In arguments and messages,
# {racine} is the project's folder and {dehors} a folder beside it.
CLI_CASES: dict[str, tuple[list[str], dict[str, str], int, str, str]] = {
    "commande-inconnue": (["frobnicate"], {}, ARGPARSE, "stderr", "pmo : erreur : argument commande : choix invalide : 'frobnicate' (choix "
                          "possibles : 'validate', 'new-version', 'edition', 'publish', 'diff', 'build', 'generate', 'portefeuille', 'schema')"),
    "sans-commande": ([], {}, ARGPARSE, "stderr", "pmo : erreur : arguments obligatoires manquants : commande"),
    "option-inconnue": (["validate", "--verbeux"], {}, ARGPARSE, "stderr", "pmo : erreur : arguments non reconnus : --verbeux"),
    "format-inconnu": (["validate", "--format", "xml"], {}, ARGPARSE, "stderr",
                       "pmo validate : erreur : argument --format : choix invalide : 'xml' (choix possibles : 'text', 'json')"),
    "publish-sans-edition": (["publish"], {}, ARGPARSE, "stdout", "Erreur : indiquez l'édition à publier (pmo publish <édition>) ou --reprendre."),
    "publish-edition-inconnue": (["publish", "2099.1"], {}, 1, "stdout", "Erreur : édition inconnue « 2099.1 » ; éditions : 2024.1, 2024.2."),
    "publish-date-impossible": (["publish", "2024.3", "--date", "2026-02-30"], {}, ARGPARSE, "stderr",
                                "pmo publish : erreur : argument --date : date invalide « 2026-02-30 » : une date réelle au format AAAA-MM-JJ est attendue"),
    "date-a-la-francaise": (["new-version", "revue-de-projet", "--minor", "--date", "30/01/2026"], {}, ARGPARSE, "stderr",
                            "pmo new-version : erreur : argument --date : date invalide « 30/01/2026 » : une date réelle au format AAAA-MM-JJ est attendue"),
    "transition-impossible": (["new-version", "revue-de-projet", "--major", "--transition", "2027-13-01"], {}, ARGPARSE, "stderr",
                              "pmo new-version : erreur : argument --transition : date invalide « 2027-13-01 » : une date réelle au format "
                              "AAAA-MM-JJ est attendue"),
    "reprendre-sans-journal": (["publish", "--reprendre"], {}, 1, "stdout", "Erreur : aucune commande interrompue à reprendre."),
    "diff-standard-inconnu": (["diff", "inconnu"], {}, 1, "stdout", "Erreur : standard inconnu « inconnu » ; standards : revue-de-projet, suivi-des-actions."),
    "diff-version-inconnue": (["diff", "suivi-des-actions", "9.9.9"], {}, 1, "stdout",
                              "Erreur : version inconnue 9.9.9 de « suivi-des-actions » ; versions : 1.0.0, 1.1.0."),
    "diff-version-ancienne-inconnue": (["diff", "suivi-des-actions", "0.9.0", "1.1.0"], {}, 1, "stdout",
                                       "Erreur : version inconnue 0.9.0 de « suivi-des-actions » ; versions : 1.0.0, 1.1.0."),
    "diff-edition-inconnue": (["diff", "--edition", "2024.1", "2099.1"], {}, 1, "stdout",
                              "Erreur : édition inconnue « 2099.1 » ; éditions connues : 2024.1, 2024.2."),
    "diff-une-seule-edition": (["diff", "--edition", "2024.1"], {}, ARGPARSE, "stderr", "pmo diff : erreur : argument --edition : 2 valeurs attendues"),
    "diff-sans-argument": (["diff"], {}, ARGPARSE, "stdout", "Erreur : indiquez un standard (pmo diff <standard> [A] [B]) ou --edition X Y."),
    "nouvelle-version-standard-inconnu": (["new-version", "inconnu", "--minor"], {}, 1, "stdout", UNKNOWN_STANDARD.format("inconnu")),
    "nouvelle-version-chemin": (["new-version", "../../etc", "--minor"], {}, 1, "stdout", UNKNOWN_STANDARD.format("../../etc")),
    "majeure-sans-transition": (["new-version", "suivi-des-actions", "--major"], {}, 1, "stdout", NO_TRANSITION),
    "niveaux-incompatibles": (["new-version", "revue-de-projet", "--major", "--minor"], {}, ARGPARSE, "stderr",
                              "pmo new-version : erreur : argument --minor : incompatible avec l'argument --major"),
    "sans-niveau": (["new-version", "revue-de-projet"], {}, ARGPARSE, "stderr",
                    "pmo new-version : erreur : un des arguments --major --minor --patch est obligatoire"),
    "edition-identifiant-invalide": (["edition", "new", "27.1", "--notes", "Essai."], {}, 1, "stdout", BAD_EDITION_ID.format("27.1")),
    "edition-identifiant-commande": (["edition", "new", "2027.1; rm -rf ~", "--notes", "Essai."], {}, 1, "stdout",
                                     BAD_EDITION_ID.format("2027.1; rm -rf ~")),
    "edition-sans-notes": (["edition", "new", "2027.1"], {}, ARGPARSE, "stderr", "pmo edition new : erreur : arguments obligatoires manquants : --notes"),
    "edition-notes-vides": (["edition", "new", "2027.1", "--notes", "   "], {}, 1, "stdout",
                            "Erreur : les notes de l'édition sont obligatoires (--notes « … »)."),
    "edition-notes-sequence-terminal": (["edition", "new", "2027.1", "--notes", "\x1b[2J efface l'écran"], {}, 1, "stdout",
                                        "Erreur : nouvelle édition refusée : le résultat ne serait pas valide ; rien n'a été écrit."),
    "site-sans-valeur": (["build", "--site-dir"], {}, ARGPARSE, "stderr", "pmo build : erreur : argument --site-dir : une valeur est attendue"),
    "projet-inexistant": (["--project", "{dehors}/absent", "validate"], {}, ARGPARSE, "stdout",
                          "Erreur : dossier du projet introuvable « {dehors}/absent » (--project)."),
    "projet-fichier": (["--project", "{racine}/mkdocs.yml", "validate"], {}, ARGPARSE, "stdout",
                       "Erreur : dossier du projet introuvable « {racine}/mkdocs.yml » (--project)."),
    "projet-sans-standards": (["--project", "{dehors}", "validate"], {}, 1, "stdout", "Échec de la validation : 1 erreur, 0 avertissement."),
    "date-du-jour-invalide": (["validate"], {"PMO_TODAY": "2026-02-30"}, 1, "stderr", "PMO_TODAY invalide « 2026-02-30 » : une date AAAA-MM-JJ est attendue"),
    "generer-dans-un-fichier": (["generate", "mkdocs.yml"], {}, ARGPARSE, "stdout",
                                "Erreur : dossier « mkdocs.yml » refusé : il est (ou se trouve dans) « mkdocs.yml », qui appartient "
                                "aux sources du projet ; choisissez un dossier réservé aux fichiers générés. Rien n'a été écrit."),
    "aide": (["-h"], {"COLUMNS": "200"}, 0, "stdout", "  --project PROJECT  dossier du projet (contient standards/ et quizzes/) ; par défaut le dossier courant"),
}


@dataclass
class CliRun:
    result: subprocess.CompletedProcess[str]
    before: dict[str, str]
    after: dict[str, str]
    root: Path  # the project ({racine})
    outside: Path  # a folder beside it ({dehors})


def _cli_run(root: Path, outside: Path, args: list[str], env: dict[str, str]) -> CliRun:
    before = snapshot(root)
    result = run_pmo(root, *(a.format(racine=root, dehors=outside) for a in args), env=env)
    return CliRun(result, before, snapshot(root), root, outside)


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CliRun]:
    """Every case of CLI_CASES on its own copy of « complet », side by side."""
    calls = {}
    for name, (args, env, _, _, _) in CLI_CASES.items():
        base = tmp_path_factory.mktemp(f"cli-{name}")
        project = FixtureProject.named(COMPLET).copy(base / "projet")
        (base / "dehors").mkdir()
        calls[name] = functools.partial(_cli_run, project.root, base / "dehors", args, env)
    return in_parallel(calls)


@pytest.mark.parametrize("case", CLI_CASES)
def test_command_line_mistake_gets_a_french_message(cli_runs: dict[str, CliRun], case: str) -> None:
    _, _, code, stream, last = CLI_CASES[case]
    run = cli_runs[case]
    output = run.result.stdout if stream == "stdout" else run.result.stderr
    assert run.result.returncode == code, run.result.stdout + run.result.stderr
    assert output.splitlines()[-1] == last.format(racine=run.root, dehors=run.outside), output
    if stream == "stderr" and code == ARGPARSE:
        assert output.startswith("utilisation : pmo"), output
    no_traceback(run.result)
    unlocked = [{k: v for k, v in tree.items() if k != ".pmo.lock"} for tree in (run.before, run.after)]
    assert unlocked[1] == unlocked[0], "une commande refusée ne doit rien écrire"


def test_terminal_sequence_in_notes_is_named_with_its_place(cli_runs: dict[str, CliRun]) -> None:
    result = cli_runs["edition-notes-sequence-terminal"].result
    assert result.stdout.splitlines()[0] == error(EDITIONS, 32, 12, "editions[2].notes", forbidden("echap") + " (écrit comme séquence d'échappement)")


def test_help_is_in_french(cli_runs: dict[str, CliRun]) -> None:
    out = cli_runs["aide"].result.stdout
    assert out.startswith("utilisation : pmo [-h] [--project PROJECT] commande ...\n")
    assert "  -h, --help         afficher cette aide et quitter" in out.splitlines()


def test_project_without_standards_says_where_it_looked(cli_runs: dict[str, CliRun]) -> None:
    run = cli_runs["projet-sans-standards"]
    assert run.result.stdout.splitlines()[0] == error("standards", 1, 1, "", f"dossier des standards introuvable ({run.outside}/standards) : lancez la "
                                                  "commande depuis le dossier du projet, ou indiquez-le avec --project")


def test_argument_that_is_not_utf8_is_echoed_without_a_traceback(tmp_path: Path) -> None:
    project = fresh(tmp_path)
    result = subprocess.run([sys.executable.encode(), b"-m", b"macros.adapters.cli", b"diff", b"r\xe9vue"], cwd=project.root, capture_output=True,
                            env={**pmo_env(), "LC_ALL": "C.UTF-8"}, check=False, timeout=TIMEOUT)
    assert result.returncode == 1
    assert result.stdout == "Erreur : standard inconnu « r".encode() + b"\xe9" + "vue » ; standards : revue-de-projet, suivi-des-actions.\n".encode()
    assert result.stderr == b""


@pytest.mark.parametrize("args", [("validate", "--format", "json"), ("diff", "--edition", "2024.1", "2024.2"), ("-h",)])
def test_output_closed_early_ends_quietly(tmp_path: Path, args: tuple[str, ...]) -> None:
    """`pmo … | head -1`: the reader goes away; the command stops without a traceback (SIGPIPE, as any tool)."""
    project = fresh(tmp_path)
    process = start_pmo(project.root, *args)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before the command writes anything
    with process.stderr:
        err = process.stderr.read()
    process.wait(timeout=TIMEOUT)
    assert process.returncode in (0, -signal.SIGPIPE), err
    assert err == "", err


@pytest.mark.parametrize("folder", [".", "standards", "docs"])
def test_generate_writes_nothing_into_the_sources(tmp_path: Path, folder: str) -> None:
    """`pmo generate` writes pages where the PMO asks, but never into the data or the hand-written pages, as
    `pmo build --site-dir` never does: generated index.md files in standards/ would break the next validation."""
    project = fresh(tmp_path)
    before = {f"{name}/{rel}": digest for name in ("standards", "quizzes", "docs") for rel, digest in snapshot(project.path(name)).items()}
    result = run_pmo(project.root, "generate", folder)
    no_traceback(result)
    after = {f"{name}/{rel}": digest for name in ("standards", "quizzes", "docs") for rel, digest in snapshot(project.path(name)).items()}
    written = sorted(rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel))
    assert written == [], f"« pmo generate {folder} » a écrit {len(written)} fichiers et dossiers dans les sources, dont {written[:4]}"
    assert result.returncode != 0 and result.stdout.startswith("Erreur : "), result.stdout


# =============================================================================================================
# 9. Spreadsheets: a text that a spreadsheet would read as a formula stays text (Excel: a string cell; CSV: a
#    leading « ' »), wherever it comes from; sheet names are made valid
# =============================================================================================================

SHEET_VERSION = "standards/suivi-des-actions/1.1.0"
# name -> a text starting like a formula; {m} is a marker that finds the cell again.
FORMULAS = {
    "egal": '=HYPERLINK("https://exemple.invalid","{m}")',
    "plus": "+SUM(1;1)&\"{m}\"",
    "moins": "-1+1&\"{m}\"",
    "arobase": "@SUM(1+1)&\"{m}\"",
    "tabulation": "\t=1+1&\"{m}\"",
}
# where the text is written -> (the files that show it: xlsx, then csv or None)
FORMULA_PLACES = {
    "nom-de-colonne": (f"{SHEET_VERSION}/registre-des-actions.xlsx", f"{SHEET_VERSION}/registre-des-actions.csv"),
    "texte-d-exigence": (f"{SHEET_VERSION}/liste-de-controle.xlsx", f"{SHEET_VERSION}/liste-de-controle.csv"),
    "texte-d-exigence-au-jalon": ("listes-de-controle/bilan-final.xlsx", "listes-de-controle/bilan-final.csv"),
    "ligne-d-exemple": (f"{SHEET_VERSION}/registre-des-actions-exemple.xlsx", None),
}
# template title -> the sheet name Excel accepts (at most 31 characters, none of []:*?/\, no edge quote, unique)
SHEET_TITLES = {
    "Registre [actions]: 2024/25 *?": "Registre actions 2024 25",
    "'Registre cité'": "Registre cité",
    "History": "Modèle",
    "Registre des actions et des décisions du comité de pilotage": "Registre des actions et des déc",
    "À propos": "À propos (2)",
    "Listes": "Listes (2)",
    "=cmd|' /C calc'!A0": "=cmd|' C calc'!A0",
}


def formula(name: str, place: str) -> str:
    return FORMULAS[name].format(m=f"{place}-{name}".upper())


@pytest.fixture(scope="module")
def spreadsheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """« complet » with formula-like texts in column names, checklist texts and an example's rows, and templates whose
    titles are no valid sheet names; every download generated (as the build would, without MkDocs)."""
    project = FixtureProject.named(COMPLET).copy(tmp_path_factory.mktemp("tableurs") / "p")
    rel = f"{SHEET_VERSION}.yaml"
    # Items of the execution phase show in the standard's checklist; those of the closing phase in the gate's too.
    items = "".join(f"  - id: ACT-{60 + 10 * j + i}\n    phase: {phase}\n    text: {json.dumps(formula(name, place))}\n"
                    "    level: recommandé\n    responsible: pilote\n"
                    for j, (place, phase) in enumerate((("texte-d-exigence", "execution"), ("texte-d-exigence-au-jalon", "cloture")))
                    for i, name in enumerate(FORMULAS))
    project.edit(rel, "raci:\n", items + "raci:\n")
    columns = "".join(f"      - name: {json.dumps(formula(name, 'nom-de-colonne'))}\n" for name in FORMULAS)
    project.edit(rel, "      - name: Échéance\n        type: date\n", "      - name: Échéance\n        type: date\n" + columns)
    registers = "".join(f"  - id: registre-{i}\n    title: {json.dumps(title, ensure_ascii=False)}\n    kind: register\n    formats: [xlsx]\n"
                        "    description: Un registre au titre difficile.\n    columns:\n      - name: Action\n"
                        for i, title in enumerate(SHEET_TITLES))
    project.edit(rel, "kpis:\n", registers + "kpis:\n")
    rows = "".join(f"  - Action: {json.dumps(formula(name, 'ligne-d-exemple'))}\n    Statut: Ouverte\n" for name in FORMULAS)
    project.write("standards/suivi-des-actions/exemples/registre-des-actions.yaml",
                  f"template: registre-des-actions\ntitle: Registre des actions du projet Atlas\nrows:\n{rows}")
    project.relock()
    loaded = project.load()
    assert loaded.errors == [], "\n".join(p.format() for p in loaded.errors)
    files = {f.src: f.content for f in generate(loaded, DownloadCache(None))}
    return {src: content for src, content in files.items() if isinstance(content, bytes)}


def _xlsx_cells(data: bytes, marker: str) -> list[Any]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str) and marker in cell.value]


def _written_as(text: str) -> set[str]:
    """How a text may be written in a cell: as typed, or on one line (runs of white space made one space)."""
    return {text, " ".join(text.split())}


@pytest.mark.parametrize("name", FORMULAS)
@pytest.mark.parametrize("place", FORMULA_PLACES)
def test_formula_stays_text_in_excel(spreadsheets: dict[str, bytes], place: str, name: str) -> None:
    text = formula(name, place)
    cells = _xlsx_cells(spreadsheets[FORMULA_PLACES[place][0]], f"{place}-{name}".upper())
    assert cells, f"« {text} » absent de {FORMULA_PLACES[place][0]}"
    for cell in cells:
        assert (cell.data_type, cell.value in _written_as(text)) == ("s", True), f"{cell.coordinate} : {cell.data_type} {cell.value!r}"


@pytest.mark.parametrize("name", FORMULAS)
@pytest.mark.parametrize("place", [p for p, (_, csv_file) in FORMULA_PLACES.items() if csv_file])
def test_formula_is_prefixed_in_csv(spreadsheets: dict[str, bytes], place: str, name: str) -> None:
    text = formula(name, place)
    csv_file = FORMULA_PLACES[place][1]
    assert csv_file is not None
    rows = list(csv.reader(io.StringIO(spreadsheets[csv_file].decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row if f"{place}-{name}".upper() in cell]
    assert cells, f"« {text} » absent de {csv_file}"
    assert all(cell in {"'" + t for t in _written_as(text)} for cell in cells), cells


@pytest.mark.parametrize("title", SHEET_TITLES)
def test_sheet_name_is_made_valid(spreadsheets: dict[str, bytes], title: str) -> None:
    index = list(SHEET_TITLES).index(title)
    book = openpyxl.load_workbook(io.BytesIO(spreadsheets[f"{SHEET_VERSION}/registre-{index}.xlsx"]))
    assert book.sheetnames[0] == SHEET_TITLES[title]
    assert len(set(name.lower() for name in book.sheetnames)) == len(book.sheetnames)


# =============================================================================================================
# 10. Injection: one site where every text field of nine standards, roles, quizzes, gates, editions and glossary
#     terms holds one hostile payload; every sink shows it as text, escaped exactly once
# =============================================================================================================

# Payload k (1 to 9) goes into every text field of the k-th hostile standard, role, quiz, phase, gate, edition and term.
PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "fin-de-titre-script": "</title><script>alert(1)</script>",
    "fin-de-titre-image": '</title><img/src="x"/onerror=alert(1)>',
    "sortie-d-attribut": '" onmouseover="alert(1)',
    "expression-jinja": "{{ 7*7 }}",
    "bloc-jinja": "{% raw %}",
    "image": "<img src=x onerror=alert(1)>",
    "entite": "&amp;",
    "guillemets-et-esperluette": "« Sponsor & mécène »",
}
KS = range(1, len(PAYLOADS) + 1)
PAYLOAD_OF = dict(zip(KS, PAYLOADS.values(), strict=True))
NAME_OF = dict(zip(KS, PAYLOADS, strict=True))
# Each field's text is « K<k><FIELD> <payload> »: the tag says where a text came from, whatever the sink made of it.
# Field -> what it is. Those marked (modèle) only show in the downloads (Word, Excel, Markdown templates).
FIELDS = {
    "TITRE": "titre du standard", "RESUME": "résumé", "OBJECTIF": "objectif", "PERIMETRE": "périmètre",
    "EXIGENCE": "texte d'un élément de contrôle obligatoire", "EXIGENCEDEUX": "texte d'un élément recommandé", "PREUVE": "preuve attendue",
    "ACTIVITE": "activité RACI", "DOCUMENT": "titre d'un modèle Word", "DESCDOC": "description d'un modèle Word",
    "SECTION": "titre de section (modèle)", "CONSIGNE": "consigne de section (modèle)", "ENTETE": "en-tête de tableau (modèle)",
    "LIGNE": "ligne de tableau (modèle)", "REGISTRE": "titre d'un registre Excel", "DESCREG": "description d'un registre",
    "COLONNE": "nom de colonne (modèle)", "AIDE": "aide de colonne (modèle)", "VALEUR": "valeur de liste (modèle)",
    "INDICATEUR": "nom d'indicateur", "DEFINITION": "définition d'indicateur", "CIBLE": "cible d'indicateur", "PERIODE": "fréquence d'indicateur",
    "REFERENCE": "titre de référence", "ROLE": "nom de rôle", "COURT": "nom court de rôle", "ROLERESUME": "résumé de rôle",
    "QUIZ": "titre de quiz", "QUIZDESC": "description de quiz", "QUESTION": "énoncé de question", "CHOIX": "bonne réponse",
    "CHOIXDEUX": "mauvaise réponse", "RETOUR": "explication d'une mauvaise réponse", "EXPLICATION": "explication de la question",
    "PHASE": "nom de phase", "PHASEDESC": "description de phase", "JALON": "nom de jalon", "JALONDESC": "description de jalon",
    "NOTES": "notes d'édition", "NOTECHANGE": "note de changement", "TERME": "terme du glossaire", "TERMEDEF": "définition du glossaire",
}
TEMPLATE_ONLY = {"SECTION", "CONSIGNE", "ENTETE", "LIGNE", "COLONNE", "AIDE", "VALEUR"}
SHORT_NAME = 20  # a role's short name has at most 20 characters: its payload is cut to fit
# The url of each hostile standard's reference: only http(s) addresses become links, and exactly as written.
REFERENCE_URLS = {
    1: "javascript:alert(1)", 2: " JavaScript:alert(1)", 3: "data:text/html,<script>alert(1)</script>", 4: "vbscript:msgbox(1)",
    5: "java\tscript:alert(1)", 6: "//exemple.invalid/page", 7: 'https://exemple.invalid/" onmouseover="alert(1)',
    8: "https://exemple.invalid/?a=1&b=<2>", 9: "mailto:pmo@exemple.invalid",
}
SITE_NAME = "Projet complet d'essai"


def placed(k: int, field: str) -> str:
    """The text written after the tag of field in the k-th hostile files."""
    text = f"K{k}{field} {PAYLOAD_OF[k]}"
    return (text[:SHORT_NAME] if field == "COURT" else text).split(" ", 1)[1]


def _q(k: int, field: str) -> str:
    return json.dumps(f"K{k}{field} {placed(k, field)}", ensure_ascii=False)


def _hostile_standard(k: int) -> str:
    item = chr(64 + k) * 2 + "X"  # AAX-01, BBX-01…: ids follow their pattern
    return f"""# Standard hostile {k} : chaque texte porte la charge « {NAME_OF[k]} ».
id: PMO-STD-9{k:02d}
slug: attaque-{k}
title: {_q(k, 'TITRE')}
version: "1.0.0"
status: active
effective_from: 2025-0{k}-01
owner: attaque-{k}
last_reviewed: 2025-0{k}-01
review_every_months: 60
applies_to: pmo
summary: {_q(k, 'RESUME')}
objectives:
  - {_q(k, 'OBJECTIF')}
scope: {_q(k, 'PERIMETRE')}
checklist:
  - id: {item}-01
    phase: attaque-{k}
    text: {_q(k, 'EXIGENCE')}
    level: obligatoire
    responsible: attaque-{k}
    template: document-attaque-{k}
    evidence: {_q(k, 'PREUVE')}
  - id: {item}-02
    phase: attaque-{k}
    text: {_q(k, 'EXIGENCEDEUX')}
    level: recommandé
    responsible: pilote
    template: registre-attaque-{k}
raci:
  - activity: {_q(k, 'ACTIVITE')}
    R: [attaque-{k}]
    A: commanditaire
    covers: [{item}-01]
templates:
  - id: document-attaque-{k}
    title: {_q(k, 'DOCUMENT')}
    kind: document
    formats: [docx, md]
    description: {_q(k, 'DESCDOC')}
    sections:
      - title: {_q(k, 'SECTION')}
        guidance: {_q(k, 'CONSIGNE')}
        table: [{_q(k, 'ENTETE')}, Responsable]
        rows: [{_q(k, 'LIGNE')}]
  - id: registre-attaque-{k}
    title: {_q(k, 'REGISTRE')}
    kind: register
    formats: [xlsx, csv, md]
    description: {_q(k, 'DESCREG')}
    columns:
      - name: {_q(k, 'COLONNE')}
        help: {_q(k, 'AIDE')}
      - name: Statut
        type: choice
        values: [{_q(k, 'VALEUR')}, Close]
kpis:
  - name: {_q(k, 'INDICATEUR')}
    definition: {_q(k, 'DEFINITION')}
    target: {_q(k, 'CIBLE')}
    frequency: {_q(k, 'PERIODE')}
references:
  - title: {_q(k, 'REFERENCE')}
    url: {json.dumps(REFERENCE_URLS[k])}
"""


# The guidance of each hostile standard: template syntax and an entity in the PMO's own Markdown stay text.
HOSTILE_GUIDANCE = "## Contexte\n\nTexte K{k}GUIDE {{{{ 7*7 }}}} et {{% raw %}} et {{% include 'mkdocs.yml' %}} et &amp;amp; fin.\n"
GUIDANCE_SHOWN = "{{ 7*7 }} et {% raw %} et {% include 'mkdocs.yml' %} et &amp; fin."


def _hostile_role(k: int) -> str:
    return (f"---\nid: attaque-{k}\nname: {_q(k, 'ROLE')}\nshort_name: {_q(k, 'COURT')}\nversion: \"1.0.0\"\nreports_to: commanditaire\n"
            f"summary: {_q(k, 'ROLERESUME')}\n---\n\n## Mission\n\nMission du rôle K{k}CORPSROLE {{{{ 7*7 }}}}.\n\n"
            "## Responsabilités\n\n- Tenir son rôle dans les revues.\n\n## Compétences\n\n- Savoir décider.\n")


def _hostile_quiz(k: int) -> str:
    item = chr(64 + k) * 2 + "X"
    return f"""id: quiz-attaque-{k}
title: {_q(k, 'QUIZ')}
description: {_q(k, 'QUIZDESC')}
audience: [attaque-{k}]
pass_mark: 100
questions:
  - id: q-attaque
    type: single
    prompt: {_q(k, 'QUESTION')}
    choices:
      - id: bon
        text: {_q(k, 'CHOIX')}
        correct: true
      - id: mauvais
        text: {_q(k, 'CHOIXDEUX')}
        feedback: {_q(k, 'RETOUR')}
    explanation: {_q(k, 'EXPLICATION')}
    covers: [{item}-01]
  - id: q-seconde
    type: single
    prompt: Quelle réponse est juste ?
    choices:
      - id: un
        text: La première réponse, fausse.
        feedback: Elle est fausse.
      - id: deux
        text: La deuxième réponse, fausse aussi.
        feedback: Elle est fausse aussi.
      - id: trois
        text: La troisième réponse, juste.
        correct: true
    explanation: La troisième réponse est la bonne.
    covers: [{item}-02]
"""


def hostile_project(root: Path) -> FixtureProject:
    """« complet » plus, for each payload k: a phase and its gate, a standard (governing the PMO itself, so no weekly
    quiz must cover it), its guidance, a role, a quiz offered with week 1, a published edition and a glossary term."""
    project = FixtureProject.named(COMPLET).copy(root)
    lifecycle = project.read("standards/lifecycle.yaml")
    phases = "".join(f"  - id: attaque-{k}\n    name: {_q(k, 'PHASE')}\n    description: {_q(k, 'PHASEDESC')}\n" for k in KS)
    gates = "".join(f"  - id: jalon-attaque-{k}\n    name: {_q(k, 'JALON')}\n    after: attaque-{k}\n    description: {_q(k, 'JALONDESC')}\n"
                    for k in KS)
    project.write("standards/lifecycle.yaml", lifecycle.replace("gates:\n", phases + "gates:\n") + gates)
    editions = project.read(EDITIONS)
    standards = '      suivi-des-actions: "1.1.0"\n      revue-de-projet: "1.0.0"\n'
    roles = '      commanditaire: "1.0.0"\n      pilote: "1.0.0"\n      bureau-pmo: "1.0.0"\n'
    for k in KS:
        standards += f'      attaque-{k}: "1.0.0"\n'
        roles += f'      attaque-{k}: "1.0.0"\n'
        editions += (f'  - id: "2025.{k}"\n    status: published\n    date: 2025-0{k}-01\n    notes: {_q(k, "NOTES")}\n'
                     f"    standards:\n{standards}    roles:\n{roles}    changes:\n      - standard: attaque-{k}\n"
                     f"        impact: nouvelle exigence\n        note: {_q(k, 'NOTECHANGE')}\n")
        project.write(f"standards/attaque-{k}/1.0.0.yaml", _hostile_standard(k))
        project.write(f"standards/attaque-{k}/1.0.0.md", HOSTILE_GUIDANCE.format(k=k))
        project.write(f"standards/roles/attaque-{k}/1.0.0.md", _hostile_role(k))
        project.write(f"quizzes/quiz-attaque-{k}.yaml", _hostile_quiz(k))
    project.write(EDITIONS, editions)
    project.write("standards/terminology.yaml", "terms:\n" + "".join(
        f"  - term: {_q(k, 'TERME')}\n    definition: {_q(k, 'TERMEDEF')}\n" for k in KS))
    project.edit("quizzes/parcours.yaml", "    quiz: quiz-actions\n",
                 "    quiz: quiz-actions\n    extra_quizzes: [" + ", ".join(f"quiz-attaque-{k}" for k in KS) + "]\n")
    return project.relock()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    """The hostile project, valid (the seven non-http reference urls are warned about), built once, strictly."""
    project = hostile_project(tmp_path_factory.mktemp("injection") / "p")
    found = problems(project)
    assert len([p for p in found if p.endswith("references[0].url : adresse ignorée : seules les adresses http(s) sont publiées")]) == 7
    assert project.load().errors == [], "\n".join(found)
    project.build()
    return project


# --- reading every sink ----------------------------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TAG = re.compile(r"K[1-9][A-Z]+")


class _Sinks(html.parser.HTMLParser):
    """Every place of one page where data can land: text by context (title, navigation, page, SVG), each attribute,
    each script's content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self.attributes: list[tuple[str, str, str]] = []  # (tag, name, value)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self._script: tuple[dict[str, str | None], list[str]] | None = None
        self.titles = 0  # <title> elements of the page (an SVG's own titles are its accessible names)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "title" and "svg" not in self.stack:
            self.titles += 1
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))
        if tag == "script":
            self._script = (dict(attrs), [])
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)
            return
        if "style" in self.stack:
            return
        context = ("titre" if "title" in self.stack else "navigation" if "nav" in self.stack else "svg" if "svg" in self.stack
                   else "page")
        self.texts.setdefault(context, []).append(data)


def html_text(fragment: str) -> str:
    parser = _Sinks()
    parser.feed(fragment)
    parser.close()
    return " ".join(chunk for chunks in parser.texts.values() for chunk in chunks)


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_RAW_HTML = re.compile(r"</?[A-Za-z]|<!--|<\?|<!\[CDATA\[")
RAW_HTML = "⟦HTML brut⟧"


def commonmark_text(line: str) -> str:
    """The text a CommonMark reader shows for one line of a Markdown download: backslash escapes and entities
    decoded; a « < » that opens a tag is marked, since a Markdown viewer would read it as HTML."""
    out, i = [], 0
    while i < len(line):
        char = line[i]
        if char == "\\" and i + 1 < len(line) and line[i + 1] in string.punctuation:
            out.append(line[i + 1])
            i += 2
        elif char == "&" and (entity := _ENTITY.match(line, i)):
            out.append(html.unescape(entity.group()))
            i = entity.end()
        else:
            out.append(RAW_HTML + char if char == "<" and _RAW_HTML.match(line, i) else char)
            i += 1
    return "".join(out)


def squash(text: str) -> str:
    """A text without its white space (typography adds no-break spaces, pages wrap lines) and with French nested
    quotes made plain: what remains are the characters a reader sees."""
    return re.sub(r"\s+", "", text).replace("“", "«").replace("”", "»").replace("’", "'")


@dataclass(frozen=True)
class Seen:
    """One place a tagged text landed: the sink, where, and the text from its tag on."""

    sink: str
    where: str
    tag: str
    rest: str

    def shows(self, expected: str) -> bool:
        return squash(self.rest).startswith(squash(expected))


def _record(found: dict[str, list[Seen]], sink: str, where: str, text: str) -> None:
    for match in _TAG.finditer(text):
        found.setdefault(match.group(), []).append(Seen(sink, where, match.group(), text[match.end(): match.end() + 200]))


def _strings(value: Any) -> Iterator[str]:
    """Every text of a JSON document."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _page_sinks(found: dict[str, list[Seen]], site: Path) -> dict[str, _Sinks]:
    """Text by context, attributes (URLs percent-decoded, as a browser reads them) and scripts of every page."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        parser = _Sinks()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        pages[page] = parser
        for context, chunks in parser.texts.items():
            _record(found, context, page, " ".join(chunks))
        for tag, name, value in parser.attributes:
            _record(found, f"attribut {name}", f"{page} <{tag}>", unquote(value) if name in ("href", "src") else value)
        for attrs, content in parser.scripts:
            _record(found, f"script {attrs.get('id') or attrs.get('src') or 'en ligne'}", page, content)
    return pages


def _data_sinks(found: dict[str, list[Seen]], site: Path) -> None:
    """The search index (its titles and texts are HTML that Material's search writes into the page) and the JSON
    the gate file reads (its texts are plain, escaped by JSON alone)."""
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            _record(found, "index de recherche", f"{doc['location']} {key}", html_text(doc[key]))
    dossier = site / "listes-de-controle/dossier-referentiel.json"
    for text in _strings(json.loads(dossier.read_text(encoding="utf-8"))):
        _record(found, "json du dossier de jalon", dossier.relative_to(site).as_posix(), text)


def _download_sinks(found: dict[str, list[Seen]], site: Path) -> None:
    """The hostile standards' templates: Markdown as a CommonMark viewer shows it, Excel cells, Word text."""
    for path in sorted(site.glob("standards/attaque-*/1.0.0/*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            _record(found, "modèle markdown", path.relative_to(site).as_posix(), commonmark_text(line))
    for path in sorted(site.glob("standards/attaque-*/1.0.0/*.xlsx")):
        for sheet in openpyxl.load_workbook(path).worksheets:
            for cell in (c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)):
                _record(found, "excel", f"{path.relative_to(site).as_posix()} {sheet.title}!{cell.coordinate}", str(cell.value))
    for path in sorted(site.glob("standards/attaque-*/1.0.0/*.docx")):
        document = docx.Document(str(path))
        for text in [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]:
            _record(found, "word", path.relative_to(site).as_posix(), text)


def collect_sinks(site: Path) -> tuple[dict[str, list[Seen]], dict[str, _Sinks]]:
    """Every tagged text of the built site by tag, and every page parsed."""
    found: dict[str, list[Seen]] = {}
    pages = _page_sinks(found, site)
    _data_sinks(found, site)
    _download_sinks(found, site)
    return found, pages


@pytest.fixture(scope="module")
def sinks(hostile: FixtureProject) -> tuple[dict[str, list[Seen]], dict[str, _Sinks]]:
    assert hostile.site is not None
    return collect_sinks(hostile.site)


def _wrong(seen: list[Seen], expected: str) -> list[str]:
    return [f"{s.sink} — {s.where} : {s.tag}{s.rest[:len(expected) + 40]!r}" for s in seen if not s.shows(expected)]


# --- the HTML, the search index, the JSON files, the downloads ------------------------------------------------


@pytest.mark.slow
def test_html_gate_finds_nothing_from_data(hostile: FixtureProject) -> None:
    assert hostile.site is not None
    assert scan_html(hostile.site) == []


WEB_SINKS = ("titre", "navigation", "page", "svg", "attribut aria-label", "attribut href", "index de recherche", "json du dossier de jalon")


@pytest.mark.slow
@pytest.mark.parametrize("k", KS, ids=NAME_OF.values())
@pytest.mark.parametrize("field", FIELDS)
def test_field_shows_its_payload_as_text_in_every_sink(sinks: tuple[dict[str, list[Seen]], dict[str, Any]], field: str, k: int) -> None:
    seen = [s for s in sinks[0].get(f"K{k}{field}", []) if field in TEMPLATE_ONLY or s.sink in WEB_SINKS or s.sink.startswith("attribut")]
    if field in TEMPLATE_ONLY:
        seen = [s for s in seen if s.sink in ("excel", "word")]
    assert seen, f"le champ « {FIELDS[field]} » n'apparaît nulle part"
    assert _wrong(seen, placed(k, field)) == [], f"« {placed(k, field)} » mal échappé"


SINK_KINDS = ("titre", "navigation", "page", "svg", "attribut aria-label", "attribut href", "index de recherche", "json du dossier de jalon",
              "modèle markdown", "excel", "word")


@pytest.mark.slow
@pytest.mark.parametrize("k", KS, ids=NAME_OF.values())
@pytest.mark.parametrize("sink", SINK_KINDS)
def test_sink_shows_each_payload_escaped_exactly_once(sinks: tuple[dict[str, list[Seen]], dict[str, Any]], sink: str, k: int) -> None:
    seen = {tag: [s for s in found if s.sink == sink] for tag, found in sinks[0].items() if tag.startswith(f"K{k}") and tag[2:] in FIELDS}
    seen = {tag: found for tag, found in seen.items() if found}
    assert seen, f"aucun texte de la charge {k} dans : {sink}"
    wrong = [line for tag, found in seen.items() for line in _wrong(found, placed(k, tag[2:]))]
    assert wrong == [], f"{sink} : « {PAYLOAD_OF[k]} » mal échappé"


@pytest.mark.slow
@pytest.mark.parametrize("sink", ["navigation", "attribut aria-label", "titre", "page", "index de recherche"])
def test_typography_is_applied_once(sinks: tuple[dict[str, list[Seen]], dict[str, Any]], sink: str) -> None:
    """« Sponsor & mécène » in guillemets gets one no-break space inside each guillemet, never two."""
    k = list(PAYLOADS).index("guillemets-et-esperluette") + 1
    seen = [s for tag, found in sinks[0].items() if tag.startswith(f"K{k}") for s in found if s.sink == sink]
    assert seen
    inside = re.compile("«([\\s]*)Sponsor & mécène([\\s]*)»")
    doubled = [f"{s.where} : {s.tag}{s.rest[:30]!r}" for s in seen
               if (m := inside.search(s.rest)) and (len(m.group(1)) > 1 or len(m.group(2)) > 1)]
    assert doubled == [], "espaces insécables doublés (typographie appliquée deux fois)"


# The hostile pages of payload k: kind -> (page, its <title> with {p} the payload, or None when no payload is in it).
HOSTILE_PAGES = {
    "standard": ("standards/attaque-{k}/", "PMO-STD-90{k} — K{k}TITRE {p} - " + SITE_NAME),
    "role": ("roles/attaque-{k}/", "K{k}ROLE {p} - " + SITE_NAME),
    "quiz": ("parcours/quiz/quiz-attaque-{k}/", "K{k}QUIZ {p} - " + SITE_NAME),
    "jalon": ("listes-de-controle/jalon-attaque-{k}/", "Liste de contrôle : K{k}JALON {p} - " + SITE_NAME),
    "notes-d-edition": ("editions/2025.{k}/", None),
}
PAGE_TITLES = {kind: title for kind, (_, title) in HOSTILE_PAGES.items() if title is not None}


@pytest.mark.slow
@pytest.mark.parametrize("k", KS, ids=NAME_OF.values())
@pytest.mark.parametrize("page", PAGE_TITLES)
def test_page_title_holds_the_payload_as_text(sinks: tuple[dict[str, list[Seen]], dict[str, _Sinks]], page: str, k: int) -> None:
    parsed = sinks[1][HOSTILE_PAGES[page][0].format(k=k) + "index.html"]
    assert parsed.titles == 1, "un seul élément <title> par page"
    title = " ".join(parsed.texts["titre"])
    assert squash(title) == squash(PAGE_TITLES[page].format(k=k, p=PAYLOAD_OF[k])), title


def _markup_from_data(parsed: _Sinks) -> list[str]:
    """What a payload would have made had it been read as HTML: an image of source « x », an event handler, a script
    that calls alert, a second title."""
    found = [f"<img src={attrs.get('src')}>" for tag, attrs in parsed.elements if tag == "img" and attrs.get("src") == "x"]
    found += [f"<{tag} {name}>" for tag, name, _ in parsed.attributes if name.startswith("on")]
    found += ["<script> alert" for _, content in parsed.scripts if "alert(" in content]
    found += ["second <title>"] * (parsed.titles - 1)
    return found


@pytest.mark.slow
def test_no_page_holds_markup_from_data(sinks: tuple[dict[str, list[Seen]], dict[str, _Sinks]]) -> None:
    found = {page: bad for page, parsed in sinks[1].items() if (bad := _markup_from_data(parsed))}
    assert found == {}


@pytest.mark.slow
def test_no_script_of_any_page_holds_data_text(sinks: tuple[dict[str, list[Seen]], dict[str, _Sinks]]) -> None:
    """Data reaches scripts only as JSON files or JSON data blocks of ids, never inside a script's code."""
    inside = sorted({f"{s.sink} — {s.where} : {s.tag}" for found in sinks[0].values() for s in found if s.sink.startswith("script")})
    assert inside == []


@pytest.mark.slow
@pytest.mark.parametrize("k", KS, ids=NAME_OF.values())
def test_quiz_data_script_holds_ids_only(sinks: tuple[dict[str, list[Seen]], dict[str, _Sinks]], k: int) -> None:
    parsed = sinks[1][f"parcours/quiz/quiz-attaque-{k}/index.html"]
    scripts = [content for attrs, content in parsed.scripts if attrs.get("id") == "pmo-quiz-data"]
    assert len(scripts) == 1
    assert "</" not in scripts[0] and "<!--" not in scripts[0]
    data = json.loads(scripts[0])
    assert data["quiz"] == f"quiz-attaque-{k}" and [q["id"] for q in data["questions"]] == ["q-attaque", "q-seconde"]
    assert not _TAG.search(scripts[0]), "le texte des questions reste dans le HTML, échappé"


@pytest.mark.slow
@pytest.mark.parametrize("k", KS, ids=[f"{k}-{url!r}" for k, url in REFERENCE_URLS.items()])
def test_reference_url_is_a_link_only_when_http(sinks: tuple[dict[str, list[Seen]], dict[str, _Sinks]], k: int) -> None:
    parsed = sinks[1][f"standards/attaque-{k}/index.html"]
    links = [attrs.get("href") for tag, attrs in parsed.elements if tag == "a" and attrs.get("href") == REFERENCE_URLS[k]]
    hrefs = [attrs.get("href") or "" for tag, attrs in parsed.elements if tag == "a"]
    assert not any(re.sub(r"[\x00-\x20]", "", h).lower().startswith(("javascript:", "vbscript:", "data:")) for h in hrefs)
    shown = [s for s in sinks[0][f"K{k}REFERENCE"] if s.where == f"standards/attaque-{k}/index.html"]
    assert shown, "le titre de la référence doit rester affiché"
    if REFERENCE_URLS[k].startswith(("https://", "http://")):
        assert links == [REFERENCE_URLS[k]], "une adresse http(s) devient un lien, telle qu'écrite"
    else:
        assert links == [], f"« {REFERENCE_URLS[k]} » ne doit pas devenir un lien"


@pytest.mark.slow
@pytest.mark.parametrize("k", KS, ids=NAME_OF.values())
def test_template_syntax_in_the_pmo_markdown_stays_text(sinks: tuple[dict[str, list[Seen]], dict[str, _Sinks]], k: int) -> None:
    guidance = [s for s in sinks[0][f"K{k}GUIDE"] if s.sink == "page"]
    assert guidance and all(s.shows(GUIDANCE_SHOWN) for s in guidance), _wrong(guidance, GUIDANCE_SHOWN)
    role = [s for s in sinks[0][f"K{k}CORPSROLE"] if s.sink == "page"]
    assert role and all(s.shows("{{ 7*7 }}.") for s in role)


# --- the PMO's own Markdown: raw HTML is refused at validation, and whatever slips through is sanitised -------

UNSAFE_MARKDOWN = {
    "script": ("<script>alert(1)</script>", "<script"),
    "gestionnaire": ('<img src=x onerror="alert(1)">', "onerror="),
    "lien-javascript": ("[clic](javascript:alert(1))", "javascript:"),
    "lien-html-javascript": ('<a href="JaVaScRiPt:alert(1)">clic</a>', "JaVaScRiPt:"),
    "cadre": ('<iframe src="https://exemple.invalid"></iframe>', "<iframe"),
    "formulaire": ('<form action="https://exemple.invalid"><input name="x"></form>', "<form"),
    "style": ("<style>body{display:none}</style>", "<style"),
    "objet": ('<object data="x.swf"></object>', "<object"),
    "svg-onload": ("<svg><animate onbegin=alert(1) attributeName=x></svg>", "onbegin="),
}


@pytest.mark.parametrize("case", UNSAFE_MARKDOWN)
@pytest.mark.parametrize("rel", [GUIDANCE, ROLE])
def test_unsafe_html_in_the_pmo_markdown_is_refused(tmp_path: Path, rel: str, case: str) -> None:
    snippet, flagged = UNSAFE_MARKDOWN[case]
    anchor = "Le registre des actions" if rel == GUIDANCE else "Mission du rôle"
    project = fresh(tmp_path).edit(rel, anchor, f"{snippet} {anchor}")
    line, column = line_col(project.read(rel), flagged)
    assert error(rel, line, column, "corps", f"HTML non permis « {flagged} » : scripts, formulaires, cadres, attributs on… et adresses "
                 "javascript: sont retirés à la publication ; supprimez-les") in errors(project)


# HTML the validation lets through (no space before « on », an entity in the scheme, a tab inside it, a fenced block):
# the sanitiser must still leave nothing that runs.
EVASIONS = {
    "svg-barre-oblique": "<svg/onload=alert(1)>",
    "image-barres-obliques": "<img/src=x/onerror=alert(1)>",
    "schema-en-entite": '<a href="jav&#x61;script:alert(1)">clic</a>',
    "schema-en-entite-decimale": '<a href="&#106;avascript:alert(1)">clic</a>',
    "deux-points-en-entite": '<a href="javascript&colon;alert(1)">clic</a>',
    "tabulation-dans-le-schema": '<a href="java\tscript:alert(1)">clic</a>',
    "bloc-de-code-non-reconnu": "```\n<script>alert(1)</script>\n```",
    "details-ontoggle": "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "math-mglyph": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "base": '<base href="https://exemple.invalid/">',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://exemple.invalid">',
}


@pytest.mark.parametrize("case", EVASIONS)
def test_sanitiser_leaves_nothing_that_runs(tmp_path: Path, case: str) -> None:
    from macros.render.pmo_markdown import to_html  # noqa: PLC0415 - the renderer alone, as the build calls it

    parser = _Sinks()
    parser.feed(f"<html><head><title>x</title></head><body>{to_html('## Titre' + chr(10) * 2 + EVASIONS[case] + chr(10))}</body></html>")
    parser.close()
    assert _markup_from_data(parser) == []
    assert not [tag for tag, _ in parser.elements if tag in ("script", "svg", "math", "base", "meta", "iframe", "style", "object", "embed")]
    assert [url for url in _urls(parser) if not _inert(url)] == []


def _urls(parser: _Sinks) -> list[str]:
    return [value for _, name, value in parser.attributes if name in ("href", "src", "action", "formaction", "data", "xlink:href")]


def _inert(url: str) -> bool:
    """Whether a browser would not run this URL: it strips tabs and line ends anywhere, and C0 and spaces at the ends,
    before reading the scheme."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15"
                                                      "\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    return not re.match(r"(?i)(?:javascript|vbscript|data):", cleaned)


# --- in Chromium: no dialog opens, no handler or script from data exists, the payload reads as text ---------

# Run in the page once it is loaded: what a payload would have become had a script or the page read it as HTML.
_DOM_MARKUP = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const name of el.getAttributeNames()) { if (name.toLowerCase().startsWith('on')) { bad.push(`<${el.localName} ${name}>`); } }
    if (el.localName === 'img' && el.getAttribute('src') === 'x') { bad.push('<img src=x>'); }
    if (el.localName === 'script' && (el.textContent || '').includes('alert(')) { bad.push('<script> alert'); }
    for (const name of ['href', 'src', 'action', 'formaction']) {
      const value = (el.getAttribute(name) || '').replace(/[\\t\\n\\r]/g, '').replace(/^[\\x00-\\x20]+/, '').toLowerCase();
      if (/^(javascript|vbscript|data):/.test(value)) { bad.push(`<${el.localName} ${name}=${value}>`); }
    }
  }
  const titles = document.querySelectorAll('title').length - document.querySelectorAll('svg title').length;
  if (titles !== 1) { bad.push(`${titles} <title>`); }
  return bad;
}"""

# Page -> the fields whose text a reader sees on it (the quiz's feedback once a wrong answer is submitted).
BROWSER_PAGES = {
    "standard": ("TITRE", "RESUME", "OBJECTIF", "PERIMETRE", "EXIGENCE", "EXIGENCEDEUX", "PREUVE", "ACTIVITE", "DOCUMENT",
                               "DESCDOC", "REGISTRE", "DESCREG", "INDICATEUR", "DEFINITION", "CIBLE", "PERIODE", "REFERENCE", "ROLE", "PHASE"),
    "role": ("ROLE", "ROLERESUME"),
    "quiz": ("QUIZ", "QUIZDESC", "QUESTION", "CHOIX", "CHOIXDEUX", "RETOUR", "EXPLICATION"),
    # A gate's list holds the projects' items only: the hostile standards govern the PMO (see pmo/feuille-de-route).
    "jalon": ("JALON", "JALONDESC"),
    "notes-d-edition": ("NOTES", "NOTECHANGE", "TITRE"),
}


class Watched:
    """A fresh browser context and page with every dialog, script error and request leaving 127.0.0.1 recorded."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.context, self.outside, self.page = new_visit(browser, base)
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, path: str) -> Any:
        """Go to a page (goto waits for its load event); what an earlier page recorded is forgotten."""
        self.dialogs.clear()
        self.errors.clear()
        self.page.goto(self.base + path)
        return self.page

    def settle(self) -> None:
        """Hover the heading and every link (an injected onmouseover would fire), then let late handlers run."""
        self.page.locator("h1").first.hover()
        self.page.wait_for_timeout(100)

    def close(self) -> tuple[list[str], list[str], list[str]]:
        self.context.close()
        return self.dialogs, self.errors, self.outside.urls


@pytest.fixture(scope="module")
def hostile_url(hostile: FixtureProject) -> Iterator[str]:
    assert hostile.site is not None
    with serve(hostile.site) as url:
        yield url


@pytest.fixture(scope="module")
def tab(browser: Any, hostile_url: str) -> Iterator[Watched]:
    """One browser tab for the pages of the hostile site, one after the other (a new context per page costs more
    than the page); every test reads what its own page recorded."""
    visit = Watched(browser, hostile_url)
    yield visit
    assert visit.close()[2] == [], "requêtes hors de 127.0.0.1"


def _missing(text: str, k: int, fields: tuple[str, ...]) -> list[str]:
    shown = squash(text)
    return [field for field in fields if squash(f"K{k}{field} {placed(k, field)}") not in shown]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("k", KS, ids=NAME_OF.values())
@pytest.mark.parametrize("kind", BROWSER_PAGES)
def test_hostile_page_runs_nothing_and_shows_the_payload(tab: Watched, kind: str, k: int) -> None:
    visit = tab
    path, title = HOSTILE_PAGES[kind]
    page = visit.open(path.format(k=k))
    if kind == "quiz":
        answer_quiz(page, right=False)  # the feedback and explanations appear: written by quiz.js from the page
    visit.settle()
    assert page.evaluate(_DOM_MARKUP) == []
    assert _missing(page.locator("body").inner_text(), k, BROWSER_PAGES[kind]) == [], "texte de la charge absent ou altéré"
    if title is not None:
        assert squash(page.title()) == squash(title.format(k=k, p=PAYLOAD_OF[k]))
    assert (visit.dialogs, visit.errors) == ([], [])


@pytest.mark.browser
@pytest.mark.slow
def test_search_results_show_every_payload_as_text(browser: Any, hostile_url: str) -> None:
    """Material's search worker writes the index's titles and texts into the page as HTML: they must stay text.
    One page for the nine searches: the worker builds its index once."""
    visit = Watched(browser, hostile_url)
    page = visit.open("standards/")
    shown = {}
    for k in KS:
        page.locator("input.md-search__input").fill("")
        results = open_search(page, f"K{k}RESUME")
        page.wait_for_function("tag => document.querySelector('.md-search-result').textContent.includes(tag)", arg=f"K{k}RESUME")
        shown[k] = squash(f"K{k}RESUME {PAYLOAD_OF[k]}") in squash(results.first.inner_text())
        assert page.evaluate(_DOM_MARKUP) == [], NAME_OF[k]
    assert shown == dict.fromkeys(KS, True)
    assert visit.close() == ([], [], [])


SHARED_PAGES = {
    "reference/glossaire/": ("TERME", "TERMEDEF"),
    "standards/cycle-de-vie/": ("PHASE", "PHASEDESC", "JALON"),
    "roles/matrice-raci/": ("ACTIVITE", "COURT"),
    "listes-de-controle/": ("JALON", "PHASE"),
    "standards/": ("TITRE", "ROLE"),
    "pmo/feuille-de-route/": ("EXIGENCE", "ROLE"),
}


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("path", SHARED_PAGES)
def test_page_gathering_every_payload_runs_nothing(tab: Watched, path: str) -> None:
    page = tab.open(path)
    tab.settle()
    assert page.evaluate(_DOM_MARKUP) == []
    text = page.locator("body").inner_text()
    assert {k: missing for k in KS if (missing := _missing(text, k, SHARED_PAGES[path]))} == {}
    assert (tab.dialogs, tab.errors) == ([], [])


@pytest.mark.browser
@pytest.mark.slow
def test_gate_file_lists_hostile_names_as_text(browser: Any, hostile_url: str) -> None:
    """« Mon dossier de jalon » builds its forms from dossier-referentiel.json with its own script."""
    visit = Watched(browser, hostile_url)
    page = visit.open("listes-de-controle/mon-dossier-de-jalon/")
    page.locator(".pmo-dossier.is-ready").wait_for()
    phases = page.get_by_label("Phase en cours")
    assert [squash(o) for o in phases.locator("option").all_inner_texts()][-len(KS):] == [
        squash(f"K{k}PHASE {PAYLOAD_OF[k]}") for k in KS]
    name = '<img src=x onerror=alert(1)>" onmouseover="alert(2)'
    page.get_by_label("Nom du projet (obligatoire)").fill(name)
    phases.select_option(label=f"K1PHASE {PAYLOAD_OF[1]}")
    page.get_by_role("button", name="Créer le projet", exact=True).click()
    page.wait_for_timeout(300)
    visit.settle()
    assert page.evaluate(_DOM_MARKUP) == []
    body = squash(page.locator("body").inner_text())
    assert squash(name) in body and squash(f"K1JALON {PAYLOAD_OF[1]}") in body
    assert visit.close() == ([], [], [])


@pytest.mark.browser
def test_sanitised_markdown_runs_nothing_when_clicked(browser: Any) -> None:
    """The evasions the validation lets through, rendered by the PMO's Markdown renderer: clicking every link and
    hovering every element opens no dialog."""
    from macros.render.pmo_markdown import to_html  # noqa: PLC0415

    body = "".join(to_html(snippet + "\n") for snippet in EVASIONS.values())
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []

    def record(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()
    page.on("dialog", record)
    page.route("**/*", lambda route: route.abort())
    page.set_content(f"<!doctype html><html><head><title>x</title></head><body>{body}</body></html>")
    for link in page.locator("a").all():
        link.click(modifiers=["Control"], no_wait_after=True)  # a new tab for a real address, a dialog for javascript:
    for element in page.locator("body *").all():
        if element.is_visible():
            element.hover()
    page.wait_for_timeout(200)
    assert page.evaluate(_DOM_MARKUP) == []
    context.close()
    assert dialogs == []
