"""Publication faults and concurrent runs: killed at any file operation, `pmo validate` explains the state and
running `pmo publish` again gives exactly the bytes of an uninterrupted publication; a journal edited by someone
else never writes outside the data."""
from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import signal
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from macros.commands.plan import WorkflowError, resume
from macros.commands.publish import publish
from macros.core.fsutil import BusyError, project_lock
from macros.project import Project
from tests.code.attacks.support import DRAFT, EDITIONS, JOURNAL, TIMEOUT, draft_project, error, errors, in_parallel, no_traceback, run_pmo, snapshot, start_pmo, stray
from tests.support import TODAY, FixtureProject, tree_bytes

INTERRUPTED = error(JOURNAL, 1, 1, "", f"la commande « publish {DRAFT} » a été interrompue : des fichiers sont peut-être à moitié publiés ; "
                    "terminez-la avec « pmo publish --reprendre »")
PUBLISHED = f"Édition {DRAFT} publiée. Construisez le site : make build."
# Enough for every file operation of `pmo publish` on this project (its two verification copies, the journal, four files,
# their renames, the journal's removal): the last N lets the publication finish (checked by
# test_publish_kills_cover_every_operation).
PUBLISH_KILLS = range(1, 15)


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
RERUN_BY_COMMAND = {7: ("publish", DRAFT), 8: ("publish", "--reprendre"), 13: ("publish", DRAFT)}


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
    reference = draft_project(tmp_path_factory.mktemp("publication-de-reference") / "p")
    projects = {n: draft_project(tmp_path_factory.mktemp(f"publication-tuee-{n}") / "p") for n in PUBLISH_KILLS}
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
        runs[n] = Interrupted(killed[str(n)], journal, found, rerun, tree_bytes(project.path("standards")), stray(project.root))
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
    project = draft_project(tmp_path / "projet")
    assert run_pmo(project.root, "publish", DRAFT, env={"PMO_TEST_KILL_AFTER": "8"}).returncode == -signal.SIGKILL
    for n in (1, 2):
        assert run_pmo(project.root, "publish", "--reprendre", env={"PMO_TEST_KILL_AFTER": str(n)}).returncode == -signal.SIGKILL
        assert INTERRUPTED in errors(project)
    result = run_pmo(project.root, "publish", "--reprendre")
    assert result.returncode == 0 and result.stdout.splitlines()[-1] == "Reprise terminée. Vérifiez : pmo validate.", result.stdout
    assert tree_bytes(project.path("standards")) == publications[0]
    assert stray(project.root) == []


def _journal(project: FixtureProject, files: list[dict[str, Any]], command: str = f"publish {DRAFT}") -> None:
    project.write(JOURNAL, json.dumps({"command": command, "files": files}, ensure_ascii=False))


def _entry(path: str, content: str) -> dict[str, Any]:
    return {"path": path, "before": None, "after": hashlib.sha256(content.encode()).hexdigest(), "content": content}


def test_unreadable_journal_stops_the_recovery(tmp_path: Path) -> None:
    project = draft_project(tmp_path / "p")
    project.write(JOURNAL, "{ pas du json")
    before = snapshot(project.root)
    assert error(JOURNAL, 1, 1, "", "la commande « commande inconnue » a été interrompue : des fichiers sont peut-être à moitié publiés ; "
                 "terminez-la avec « pmo publish --reprendre »") in errors(project)
    result = run_pmo(project.root, "publish", "--reprendre")
    assert (result.returncode, result.stdout.splitlines()) == (1, [
        f"Erreur : journal {JOURNAL} illisible : restaurez les données (git checkout standards) puis supprimez {JOURNAL}."])
    assert {k: v for k, v in snapshot(project.root).items() if k != ".pmo.lock"} == before


_SHA = "0" * 64
# A journal pmo did not write (edited by hand, committed by someone else): its fields of the wrong type or shape.
WRONG_JOURNALS: dict[str, Any] = {
    "chemin-nombre": {"command": f"publish {DRAFT}", "files": [{"path": 5, "before": None, "after": _SHA, "content": "x\n"}]},
    "contenu-nombre": {"command": f"publish {DRAFT}", "files": [{"path": EDITIONS, "before": None, "after": _SHA, "content": 123}]},
    "empreinte-liste": {"command": f"publish {DRAFT}", "files": [{"path": EDITIONS, "before": [], "after": _SHA, "content": "x\n"}]},
    "commande-nombre": {"command": 5, "files": []},
    "fichiers-texte": {"command": f"publish {DRAFT}", "files": "standards/editions.yaml"},
    "entree-liste": {"command": f"publish {DRAFT}", "files": [[EDITIONS, None, _SHA, "x\n"]]},
    "champ-en-trop": {"command": f"publish {DRAFT}", "files": [{"path": EDITIONS, "before": None, "after": _SHA, "content": "x\n", "mode": 0}]},
    "champ-manquant": {"command": f"publish {DRAFT}", "files": [{"path": EDITIONS, "after": _SHA, "content": "x\n"}]},
    "liste": [f"publish {DRAFT}"],
    "sequence-terminal": {"command": "publish \x1b[2J", "files": []},
    "imbrication-profonde": "[" * 100_000 + "]" * 100_000,  # written as is: JSON of brackets nested 100,000 deep
}
UNREADABLE = f"Erreur : journal {JOURNAL} illisible : restaurez les données (git checkout standards) puis supprimez {JOURNAL}."
FINISH_FIRST = "Erreur : la commande « commande inconnue » a été interrompue : terminez-la d'abord avec « pmo publish --reprendre »."


def _wrong_journal_runs(root: Path) -> tuple[dict[str, subprocess.CompletedProcess[str]], list[str], dict[str, str], dict[str, str]]:
    before = snapshot(root)
    results = {name: run_pmo(root, *args) for name, args in (("reprendre", ("publish", "--reprendre")), ("publier", ("publish", DRAFT)))}
    return results, errors(FixtureProject(root)), before, snapshot(root)


@pytest.fixture(scope="module")
def wrong_journals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, subprocess.CompletedProcess[str]], list[str], dict[str, str],
                                                                              dict[str, str]]]:
    calls = {}
    for name, journal in WRONG_JOURNALS.items():
        project = draft_project(tmp_path_factory.mktemp(f"journal-{name}") / "p")
        project.write(JOURNAL, journal if isinstance(journal, str) else json.dumps(journal))
        calls[name] = functools.partial(_wrong_journal_runs, project.root)
    return in_parallel(calls)


@pytest.mark.parametrize("case", WRONG_JOURNALS)
def test_journal_with_wrong_types_is_refused_like_a_garbage_one(wrong_journals: dict[str, Any], case: str) -> None:
    """`pmo publish --reprendre` and `pmo publish` give the French refusal of an unreadable journal, with what to do;
    `pmo validate` names the interruption; nothing is written."""
    results, found, before, after = wrong_journals[case]
    assert (results["reprendre"].returncode, results["reprendre"].stdout.splitlines()) == (1, [UNREADABLE]), results["reprendre"].stderr
    assert (results["publier"].returncode, results["publier"].stdout.splitlines()) == (1, [FINISH_FIRST]), results["publier"].stderr
    for result in results.values():
        no_traceback(result)
    assert error(JOURNAL, 1, 1, "", "la commande « commande inconnue » a été interrompue : des fichiers sont peut-être à moitié publiés ; "
                 "terminez-la avec « pmo publish --reprendre »") in found
    assert {k: v for k, v in after.items() if k != ".pmo.lock"} == {k: v for k, v in before.items() if k != ".pmo.lock"}


def test_file_changed_by_hand_since_the_interruption_stops_the_recovery(tmp_path: Path) -> None:
    project = draft_project(tmp_path / "p")
    assert run_pmo(project.root, "publish", DRAFT, env={"PMO_TEST_KILL_AFTER": "7"}).returncode == -signal.SIGKILL
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
    project = draft_project(tmp_path / "p")
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
    project = draft_project(tmp_path / "p")
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
            "Erreur : la version 1.2.0 de « suivi-des-actions » est déjà un brouillon de version mineure après 1.1.0 : modifiez-la, ou "
            "publiez-la avant d'en créer une autre.")
    assert code == 1 and out.splitlines()[-1] in (busy, done), out + err
    assert "Traceback" not in out + err
    assert errors(project) == []
    assert stray(project.root) == []


def test_a_command_refused_in_the_instant_the_holder_takes_the_lock_names_it(tmp_path: Path) -> None:
    """The holder writes its name just after taking the lock: a command refused in between waits for it rather than
    saying « une autre commande » (what CI saw once with two `pmo publish` started together)."""
    root = tmp_path
    lock = root / ".pmo.lock"
    lock.write_text("")
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # taken, its name not yet written
        later = threading.Timer(0.2, os.pwrite, (fd, b"pmo publish, processus 4242", 0))
        later.start()
        with pytest.raises(BusyError) as refused, project_lock(root, "new-version"):
            pass
        later.join()
    finally:
        os.close(fd)
    assert str(refused.value) == ("une autre commande pmo travaille déjà dans ce projet (pmo publish, processus 4242) ; "
                                  "attendez qu'elle se termine, puis relancez")


def test_a_finished_command_leaves_no_name_in_the_lock(tmp_path: Path) -> None:
    """Emptied before it is released: the next holder's first instant never shows a command that has ended."""
    with project_lock(tmp_path, "publish"):
        assert (tmp_path / ".pmo.lock").read_text() == f"pmo publish, processus {os.getpid()}"
    assert (tmp_path / ".pmo.lock").read_text() == ""
