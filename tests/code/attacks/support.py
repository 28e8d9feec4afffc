"""Shared helpers of the attack suite (tests/code/attacks/): fresh copies of « complet », the exact lines `pmo validate`
prints, `pmo` run as a real process with a timeout, snapshots proving a command wrote nothing."""
from __future__ import annotations

import concurrent.futures
import hashlib
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

import pytest

from tests.support import PROJECT, TODAY, FixtureProject, add_draft_edition, shared_cache

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
            **shared_cache(), **(extra or {})}


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


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under root, links not followed: kind and content digest, to prove a command wrote nothing."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                found[rel] = "lien " + os.readlink(path)
            elif stat.S_ISDIR(mode):
                found[rel] = "dossier"
            elif not stat.S_ISREG(mode):
                found[rel] = f"fichier spécial {stat.S_IFMT(mode):o}"  # a FIFO is never opened: reading it would wait
            else:
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


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
def forbidden(name: str) -> str:
    _, kind, code = CHARACTERS[name]
    return f"caractère {kind} U+{code} interdit dans un texte"


DRAFT = "2024.3"  # the edition add_draft_edition prepares in « complet »
JOURNAL = ".pmo-journal.json"


def draft_project(root: Path) -> FixtureProject:
    return add_draft_edition(FixtureProject.named(COMPLET).copy(root))


def stray(root: Path) -> list[str]:
    """Files a command left behind: staging copies, a journal (the project's own lock file is not one)."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and (p.name.endswith(".tmp") or p.name == JOURNAL))
