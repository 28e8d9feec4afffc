"""The tool deletes or overwrites only what it owns: an output folder (`pmo build --site-dir`, `pmo generate`) is absent,
empty or marked by pmo itself; a symbolic link to a folder is built through, never replaced; leftovers are removed only
when they carry pmo's mark; the lock, the journal and every temporary file are opened without following a link; a
killed command's temporary copy is removed by the next command."""
from __future__ import annotations

import functools
import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from macros.commands import output
from macros.core import fsutil, owned
from tests.code.attacks.support import COMPLET, DRAFT, draft_project, fresh, in_parallel, no_traceback, run_pmo, snapshot
from tests.support import FixtureProject, tree_bytes

MARKER = ".pmo-genere"
MARKER_TEXT = ("Dossier écrit par pmo : la prochaine commande pmo le remplace en entier. N'y rangez rien d'autre ; "
               "pmo ne remplace jamais un dossier sans ce fichier.\n")
USER_FILES = {"a-garder.txt": "Mes notes.\n", "photos/jalon.txt": "Une photo.\n"}
NOT_OURS = ("il contient 2 éléments que pmo n'a pas écrits (« a-garder.txt », « photos/ ») : pmo ne remplace qu'un dossier vide ou "
            f"un dossier qu'il a rempli lui-même (marqué par son fichier {MARKER}) ; s'il ne contient rien à garder, videz-le vous-même")
BUILT = "Site construit et vérifié dans site/."
# A process id no system gives (above the largest pid_max): the command that made a folder so named is gone.
GONE = 99999999


def _user_folder(folder: Path) -> Path:
    """A folder holding the user's own files (no mark of pmo)."""
    for rel, text in USER_FILES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def _pmo_folder(folder: Path, stale: str = "perime.html") -> Path:
    """A folder an earlier pmo command filled: its mark, and a file the next output no longer holds."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    (folder / stale).write_text("<p>ancienne page</p>\n", encoding="utf-8")
    return folder


# --- output folders the tool did not make are refused, whatever they hold -----------------------------------------

# name -> (command, the folder's content before: "utilisateur" / "fichier", the reason printed)
REFUSED = {
    "build-dossier-non-vide-hors-du-projet": (("build", "--site-dir", "../notes"), "utilisateur", NOT_OURS),
    "build-fichier-existant-hors-du-projet": (("build", "--site-dir", "../rapport.txt"), "fichier", "c'est un fichier"),
    "build-site-non-vide-sans-marque": (("build",), "utilisateur", NOT_OURS),
    "build-lien-vers-dossier-non-vide": (("build",), "lien-utilisateur", NOT_OURS),
    "build-liens-en-boucle": (("build",), "boucle", "ses liens symboliques tournent en boucle"),
    "generate-dossier-non-vide": (("generate", "../notes"), "utilisateur", NOT_OURS),
    "generate-fichier-existant": (("generate", "../rapport.txt"), "fichier", "c'est un fichier"),
}


def _refused_run(root: Path, case: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str], dict[str, str]]:
    args, content, _ = REFUSED[case]
    around = root.parent
    if content == "fichier":
        (around / "rapport.txt").write_text("Rapport du trimestre.\n", encoding="utf-8")
    elif content == "boucle":
        (root / "site").symlink_to("site-bis")
        (root / "site-bis").symlink_to("site")
    elif content == "lien-utilisateur":
        _user_folder(around / "www")
        (root / "site").symlink_to(around / "www")
    elif args == ("build",):
        _user_folder(root / "site")
    else:
        _user_folder(around / "notes")
    before = snapshot(around)
    result = run_pmo(root, *args)
    return result, before, snapshot(around)


@pytest.fixture(scope="module")
def refusals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[subprocess.CompletedProcess[str], dict[str, str], dict[str, str]]]:
    calls = {}
    for case in REFUSED:
        project = FixtureProject.named(COMPLET).copy(tmp_path_factory.mktemp(f"refus-{case}") / "projet")
        calls[case] = functools.partial(_refused_run, project.root, case)
    return in_parallel(calls)


@pytest.mark.parametrize("case", REFUSED)
def test_output_folder_the_tool_did_not_make_is_refused(refusals: dict[str, tuple[subprocess.CompletedProcess[str], dict[str, str], dict[str, str]]],
                                                        case: str) -> None:
    args, _, reason = REFUSED[case]
    result, before, after = refusals[case]
    shown = "site" if args == ("build",) else args[-1]
    if args[0] == "build":
        expected = f"Erreur : dossier du site « {shown} » refusé : {reason} ; choisissez un dossier réservé au site, par exemple site. Rien n'a été écrit."
    else:
        expected = f"Erreur : dossier « {shown} » refusé : {reason} ; choisissez un dossier réservé aux fichiers générés. Rien n'a été écrit."
    assert (result.returncode, result.stdout.splitlines()) == (2, [expected]), result.stdout + result.stderr
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k) and not k.endswith("/.pmo.lock"))
    assert changed == [], "le refus a écrit ou supprimé des fichiers"
    no_traceback(result)


# --- what the tool made is replaced whole; a link is built through and kept ------------------------------------------


@dataclass
class Built:
    result: subprocess.CompletedProcess[str]
    root: Path


def _built_run(root: Path, case: str) -> Built:
    around = root.parent
    if case == "site-dir-lien-vers-dossier-vide":
        (around / "www").mkdir()
        (around / "publie").symlink_to(around / "www")
        result = run_pmo(root, "build", "--site-dir", "../publie")
    elif case == "site-lien-vers-site-precedent":
        _pmo_folder(around / "www" / "referentiel")
        (root / "site").symlink_to(around / "www" / "referentiel")
        result = run_pmo(root, "build")
    else:  # a site pmo built, leftovers of killed builds (marked) and folders of the user's that look like them
        _pmo_folder(root / "site")
        _pmo_folder(root / f".site-{GONE}-1-tue1234")
        _user_folder(root / ".site-perso")
        _user_folder(root / "site.ancien")
        _pmo_folder(root / ".site-sauvegarde")  # the PMO's own copy of a site: marked, but not named as pmo names its folders
        result = run_pmo(root, "build")
    return Built(result, root)


BUILT_CASES = ("site-dir-lien-vers-dossier-vide", "site-lien-vers-site-precedent", "site-marque-et-restes")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    calls = {}
    for case in BUILT_CASES:
        project = FixtureProject.named(COMPLET).copy(tmp_path_factory.mktemp(f"construit-{case}") / "projet")
        calls[case] = functools.partial(_built_run, project.root, case)
    return in_parallel(calls, workers=2)


@pytest.mark.slow
def test_link_given_as_site_dir_is_built_through_and_kept(builds: dict[str, Built]) -> None:
    run = builds["site-dir-lien-vers-dossier-vide"]
    around = run.root.parent
    assert (run.result.returncode, run.result.stdout.splitlines()) == (
        0, [f"Site construit et vérifié dans publie/ (lien vers {around / 'www'})."]), run.result.stdout + run.result.stderr
    assert (around / "publie").is_symlink() and os.readlink(around / "publie") == str(around / "www")
    assert (around / "www" / "index.html").is_file() and (around / "www" / MARKER).read_text(encoding="utf-8") == MARKER_TEXT
    assert sorted(p.name for p in around.iterdir()) == ["projet", "publie", "www"], "dossier provisoire laissé à côté du site"


@pytest.mark.slow
def test_site_that_is_a_link_to_the_web_server_folder_is_replaced_inside_it(builds: dict[str, Built]) -> None:
    """A common deployment: site/ is a link to the folder the web server serves. The link stays; the folder it names
    holds the new site (and nothing of the previous one)."""
    run = builds["site-lien-vers-site-precedent"]
    around = run.root.parent
    served = around / "www" / "referentiel"
    assert (run.result.returncode, run.result.stdout.splitlines()) == (
        0, [f"Site construit et vérifié dans site/ (lien vers {served})."]), run.result.stdout + run.result.stderr
    assert (run.root / "site").is_symlink() and os.readlink(run.root / "site") == str(served)
    assert (served / "index.html").is_file() and not (served / "perime.html").exists()
    assert sorted(p.name for p in (around / "www").iterdir()) == ["referentiel"]


@pytest.mark.slow
def test_only_leftovers_marked_by_pmo_are_removed(builds: dict[str, Built]) -> None:
    run = builds["site-marque-et-restes"]
    assert (run.result.returncode, run.result.stdout.strip()) == (0, BUILT), run.result.stdout + run.result.stderr
    assert not (run.root / f".site-{GONE}-1-tue1234").exists(), "reste marqué d'une construction tuée non supprimé"
    assert not (run.root / "site" / "perime.html").exists()
    for folder in (".site-perso", "site.ancien"):
        assert tree_bytes(run.root / folder) == {rel: text.encode() for rel, text in USER_FILES.items()}, f"{folder} n'appartient pas à pmo"
    assert (run.root / ".site-sauvegarde" / "perime.html").is_file(), "copie d'un site faite par le PMO supprimée"


def test_generate_replaces_its_own_folder_whole(tmp_path: Path) -> None:
    """`pmo generate` into an empty folder, then again: the second output replaces the first entirely (a page the data
    no longer makes does not linger among the new ones)."""
    project = fresh(tmp_path)
    out = tmp_path / "sortie"
    out.mkdir()
    first = run_pmo(project.root, "generate", str(out))
    assert first.returncode == 0, first.stdout + first.stderr
    count = int(first.stdout.split(" ")[0])
    assert (out / MARKER).read_text(encoding="utf-8") == MARKER_TEXT
    generated = sorted(rel for rel in tree_bytes(out) if rel != MARKER)
    assert len(generated) == count
    (out / "standards" / "page-d-une-ancienne-generation.md").write_text("périmée\n", encoding="utf-8")
    second = run_pmo(project.root, "generate", str(out))
    assert second.returncode == 0, second.stdout + second.stderr
    assert sorted(rel for rel in tree_bytes(out) if rel != MARKER) == generated
    assert sorted(p.name for p in tmp_path.iterdir()) == ["projet", "sortie"]


@pytest.mark.parametrize("before", ["absent", "vide", "marque"])
def test_swap_without_atomic_exchange_keeps_a_whole_folder_and_leaves_nothing(tmp_path: Path, before: str,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the system has no atomic exchange (renameat2), the old folder is set aside under a marked name of pmo's,
    the new one renamed in, the old one removed."""
    monkeypatch.setattr(output, "exchange", lambda a, b: False)
    target = tmp_path / "sortie"
    if before == "vide":
        target.mkdir()
    elif before == "marque":
        _pmo_folder(target)

    def fill(folder: Path) -> list[str]:
        (folder / "index.html").write_text("<p>nouveau</p>\n", encoding="utf-8")
        return []
    assert output.replace_folder(target, fill, lambda reason: reason) == []
    assert sorted(tree_bytes(target)) == [MARKER, "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sortie"]


def test_folder_whose_parent_pmo_cannot_write_in_is_refused_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new folder is prepared beside the old one, then swapped in: where pmo may not write beside it (a web server's
    folder in a folder of root's), it says so and changes nothing (simulated: the tests run as root)."""
    def denied(parent: Path, prefix: str) -> Path:
        raise PermissionError(13, "Permission denied", str(parent / prefix))
    monkeypatch.setattr(output, "owned_folder", denied)
    target = _pmo_folder(tmp_path / "www" / "referentiel")
    before = tree_bytes(target)
    assert output.replace_folder(target, lambda folder: [], lambda reason: f"refusé : {reason}") == [
        f"refusé : pmo ne peut pas écrire à côté de lui, dans {tmp_path / 'www'} (permission refusée), où il prépare le nouveau dossier "
        "avant de l'échanger d'un coup"]
    assert tree_bytes(target) == before


# --- files opened for writing: never through a link, never anything but a regular file ----------------------------

LOCK_REFUSED = {
    "lien-symbolique": "Erreur : .pmo.lock est un lien symbolique : pmo n'écrit jamais à travers un lien ; supprimez-le, pmo le recréera.",
    "lien-physique": ("Erreur : .pmo.lock est un fichier à plusieurs noms (lien physique) : pmo écrirait aussi dans l'autre ; "
                      "supprimez-le, pmo le recréera."),
    "dossier": "Erreur : .pmo.lock est un dossier, pas un fichier ordinaire ; supprimez-le, pmo le recréera.",
    "tube-nomme": "Erreur : .pmo.lock est un tube nommé (FIFO), pas un fichier ordinaire ; supprimez-le, pmo le recréera.",
}
WRITING_COMMANDS = {
    "build": ("build",),
    "publish": ("publish", DRAFT),
    "publish-reprendre": ("publish", "--reprendre"),
    "new-version": ("new-version", "revue-de-projet", "--minor"),
    "edition-new": ("edition", "new", "2024.4", "--notes", "Essai."),
    "generate": ("generate", "../sortie"),
}
PRECIOUS = "Contenu précieux, hors du projet.\n"


def _locked_out_run(root: Path, kind: str, args: tuple[str, ...]) -> tuple[subprocess.CompletedProcess[str], dict[str, str], dict[str, str]]:
    precious = root.parent / "precieux.txt"
    precious.write_text(PRECIOUS, encoding="utf-8")
    lock = root / ".pmo.lock"
    if kind == "lien-symbolique":
        lock.symlink_to("../precieux.txt")  # as a link committed to the repository would be
    elif kind == "lien-physique":
        os.link(precious, lock)
    elif kind == "dossier":
        lock.mkdir()
    else:
        os.mkfifo(lock)
    before = snapshot(root.parent)
    result = run_pmo(root, *args)
    return result, before, snapshot(root.parent)


# A link committed to the repository under the lock's name, against every writing command; the other kinds against two.
LOCK_CASES = [("lien-symbolique", command) for command in WRITING_COMMANDS] + [
    (kind, command) for kind in LOCK_REFUSED if kind != "lien-symbolique" for command in ("build", "publish")]


@pytest.fixture(scope="module")
def locked_out(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[subprocess.CompletedProcess[str], dict[str, str], dict[str, str]]]:
    calls = {}
    for kind, name in LOCK_CASES:
        project = draft_project(tmp_path_factory.mktemp(f"verrou-{kind}-{name}") / "projet")
        calls[f"{kind}/{name}"] = functools.partial(_locked_out_run, project.root, kind, WRITING_COMMANDS[name])
    return in_parallel(calls)


@pytest.mark.parametrize(("kind", "command"), LOCK_CASES)
def test_lock_that_is_not_a_regular_file_is_refused(locked_out: dict[str, tuple[subprocess.CompletedProcess[str], dict[str, str], dict[str, str]]],
                                                     kind: str, command: str) -> None:
    result, before, after = locked_out[f"{kind}/{command}"]
    assert (result.returncode, result.stdout.splitlines()) == (1, [LOCK_REFUSED[kind]]), result.stdout + result.stderr
    assert after == before, "la commande a écrit malgré le verrou refusé"
    no_traceback(result)


def test_temporary_file_planted_as_a_link_is_never_written_through(tmp_path: Path) -> None:
    """The staging file of an atomic write has a predictable name (« .nom.<processus>.tmp »): a link planted there is
    replaced, never followed."""
    outside = tmp_path / "precieux.txt"
    outside.write_text(PRECIOUS, encoding="utf-8")
    folder = tmp_path / "projet"
    folder.mkdir()
    for write in (lambda target: fsutil.atomic_write(target, b"nouveau\n"), lambda target: fsutil.write_all({target: b"nouveau\n"})):
        target = folder / "journal.json"
        fsutil.staging_path(target).symlink_to(outside)
        write(target)
        assert outside.read_text(encoding="utf-8") == PRECIOUS
        assert target.read_bytes() == b"nouveau\n" and not target.is_symlink()
        assert sorted(p.name for p in folder.iterdir()) == ["journal.json"]
        target.unlink()


def test_journal_planted_as_a_link_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    """The journal is the first file a command writes: a link committed under its name is refused before any change."""
    project = fresh(tmp_path)
    precious = tmp_path / "precieux.txt"
    precious.write_text(PRECIOUS, encoding="utf-8")
    project.path(".pmo-journal.json").symlink_to("../precieux.txt")
    before = snapshot(tmp_path)
    result = run_pmo(project.root, "edition", "new", "2024.4", "--notes", "Essai.")
    assert (result.returncode, result.stdout.splitlines()) == (1, [
        "Erreur : .pmo-journal.json est un lien symbolique : pmo n'écrit jamais à travers un lien ; supprimez-le, pmo le recréera."])
    assert {k: v for k, v in snapshot(tmp_path).items() if not k.endswith(".pmo.lock")} == \
        {k: v for k, v in before.items() if not k.endswith(".pmo.lock")}
    no_traceback(result)


@pytest.mark.parametrize("kind", ["lien-symbolique", "dossier"])
def test_file_replaced_by_pmo_that_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    """`pmo schema` rewrites standards/schema/*.json: a link committed there is refused, not replaced nor followed."""
    project = fresh(tmp_path)
    outside = tmp_path / "precieux.txt"
    outside.write_text(PRECIOUS, encoding="utf-8")
    schema = project.path("standards/schema/standard.schema.json")
    schema.parent.mkdir(parents=True, exist_ok=True)
    if kind == "lien-symbolique":
        schema.symlink_to(outside)
        what = "est un lien symbolique : pmo n'écrit jamais à travers un lien"
    else:
        schema.mkdir()
        what = "est un dossier, pas un fichier ordinaire"
    result = run_pmo(project.root, "schema")
    assert (result.returncode, result.stdout.splitlines()) == (1, [f"Erreur : standards/schema/standard.schema.json {what} ; supprimez-le, "
                                                                   "pmo le recréera."]), result.stdout + result.stderr
    assert outside.read_text(encoding="utf-8") == PRECIOUS
    assert schema.is_symlink() == (kind == "lien-symbolique")
    no_traceback(result)


# --- a killed command's temporary copy is removed by the next command --------------------------------------------


def test_killed_publication_leaves_no_verification_copy_behind(tmp_path: Path) -> None:
    """`pmo publish` checks its result on a copy of the data in the system's temporary folder; killed while the copy is
    there, the next command removes it, and only copies of pmo's own whose process is gone."""
    project = draft_project(tmp_path / "projet")
    temp = tmp_path / "tmp"
    temp.mkdir()
    foreign = _user_folder(temp / "pmo-verification-d-un-autre-outil")
    live = owned.temp_folder("verification", temp)  # this test process is alive: its copy stays
    env = {"TMPDIR": str(temp)}
    killed = run_pmo(project.root, "publish", DRAFT, env={**env, "PMO_TEST_KILL_AFTER": "1"})
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    left = sorted(p.name for p in temp.iterdir() if p.name.startswith("pmo-verification-") and p not in (foreign, live))
    assert len(left) == 1, "la copie de vérification de la publication tuée devrait être restée"
    result = run_pmo(project.root, "validate", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in temp.iterdir()) == sorted([foreign.name, live.name])
    assert tree_bytes(foreign) == {rel: text.encode() for rel, text in USER_FILES.items()}
    fsutil.remove(live)
