"""Attacks with files: only regular files inside the project are read; links, FIFOs, devices, folders and huge files
are refused without being opened; the lock never names a path outside standards/."""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.code.attacks.support import EDITIONS, GUIDANCE, LOCK, QUIZ, ROLE, STANDARD, SYMLINK, SYMLINK_FOLDER, error, errors, fresh, no_traceback, run_pmo
from tests.support import FixtureProject


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
