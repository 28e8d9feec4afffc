"""Attacks through the command line: a French message and an exit code for every mistake, never a Python traceback,
and nothing written by a refused command."""
from __future__ import annotations

import functools
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.code.attacks.support import COMPLET, EDITIONS, TIMEOUT, error, forbidden, fresh, in_parallel, no_traceback, pmo_env, run_pmo, snapshot, start_pmo
from tests.support import FixtureProject

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
