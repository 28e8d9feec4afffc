"""Attacks on builds: the site is written only where a site belongs, readable by a web server, never half replaced;
one command at a time per project."""
from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from macros.commands.build import scan_html
from macros.core.fsutil import project_lock
from tests.code.attacks.support import COMPLET, TIMEOUT, in_parallel, no_traceback, pmo_env, run_pmo, snapshot
from tests.support import FixtureProject, add_draft_edition, tree_bytes

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
        # `pmo validate` keeps what it parsed in its own cache (.cache/lecture, each file written whole and keyed by the
        # text it was read from): the only thing written while the lock is held, and not by a refused command.
        after = {rel: kind for rel, kind in snapshot(project.root).items() if not rel.startswith(".cache")}
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
    """« complet » built by `pmo build` under umask 077, over the leftover of an interrupted build (marked as pmo's, named
    after a process that no longer runs)."""
    project = FixtureProject.named(COMPLET).copy(tmp_path_factory.mktemp("construit"))
    project.write(".site-99999999-1-x1y2z3/index.html", "<p>reste d'une construction interrompue</p>\n")
    project.write(".site-99999999-1-x1y2z3/.pmo-genere", "Dossier écrit par pmo.\n")
    return project, _sh_pmo(project.root, "build", umask="077")


@pytest.mark.slow
def test_build_leaves_a_readable_site_and_no_leftovers(built: tuple[FixtureProject, subprocess.CompletedProcess[str]]) -> None:
    project, result = built
    assert (result.returncode, result.stdout.strip()) == (0, "Site construit et vérifié dans site/."), result.stdout + result.stderr
    assert not project.path(".site-99999999-1-x1y2z3").exists()
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
