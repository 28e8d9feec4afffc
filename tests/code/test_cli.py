"""The `pmo` command as the PMO runs it: exact French messages and exit codes."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from macros.commands.schema import SCHEMAS, schema_text
from tests.support import FIXTURES, FixtureProject, locked_copy
from tests.support import pmo as run_pmo

MINI = FIXTURES / "mini"
# What the CLI adds when a published file (here demo 1.0.0) is edited in place.
EDITED = ("fichier publié modifié : une version publiée ne change plus ; annulez la modification et créez une nouvelle version "
          "(pmo new-version demo --patch, --minor ou --major)")
# The mini référentiel's reviews are all due after this day.
EARLY = {"PMO_TODAY": "2025-06-01"}


def pmo(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_pmo(project, "--project", str(project), *args, env=EARLY)


def test_validate_complet_is_valid_without_warning(complet_copy: FixtureProject) -> None:
    result = complet_copy.pmo("validate")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ("Référentiel valide (2 standards, 3 versions, 3 rôles, 2 éditions, 8 éléments de contrôle en vigueur, "
                             "4 quiz, 13 questions) ; 0 avertissement.\n")


def test_validate_mini_is_valid(tmp_path: Path) -> None:
    locked_copy(MINI, tmp_path / "p")
    result = pmo(tmp_path / "p", "validate")
    assert result.returncode == 0
    assert result.stdout == "Référentiel valide (1 standard, 1 version, 3 rôles, 1 édition, 2 éléments de contrôle en vigueur, 0 quiz, 0 question) ; 0 avertissement.\n"


def test_validate_reports_typo_duplicate_and_unquoted_version_at_once(tmp_path: Path) -> None:
    locked_copy(MINI, tmp_path / "p")
    path = tmp_path / "p/standards/demo/1.0.0.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    level: recommandé", "    level: recomandé").replace('version: "1.0.0"', "version: 1.10")
    text = text.replace("scope: Tous les projets de test.\n", "scope: Tous les projets de test.\nscope: Doublon.\n")
    path.write_text(text, encoding="utf-8")
    result = pmo(tmp_path / "p", "validate")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"standards/demo/1.0.0.yaml:1:1: erreur : (fichier) : {EDITED}",
        'standards/demo/1.0.0.yaml:5:10: erreur : version : valeur ambiguë « 1.10 » : YAML la lit comme un nombre décimal ; mettez-la entre guillemets ("1.10")',
        "standards/demo/1.0.0.yaml:15:1: erreur : scope : clé « scope » en double (première occurrence ligne 14, colonne 1)",
        "standards/demo/1.0.0.yaml:26:12: erreur : checklist[1].level : valeur « recomandé » non permise (vouliez-vous dire « recommandé » ?) ; "
        "valeurs permises : 'obligatoire', 'recommandé', 'non applicable'",
        "Échec de la validation : 4 erreurs, 0 avertissement.",
    ]


def test_validate_json(tmp_path: Path) -> None:
    locked_copy(MINI, tmp_path / "p")
    path = tmp_path / "p/standards/demo/1.0.0.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: active", "status: actif"), encoding="utf-8")
    result = pmo(tmp_path / "p", "validate", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert report["errors"] == [{"file": "standards/demo/1.0.0.yaml", "line": 1, "column": 1, "field": "", "message": EDITED,
                                 "severity": "erreur", "blocks_publication": False},
                                {"file": "standards/demo/1.0.0.yaml", "line": 6, "column": 9, "field": "status",
                                 "message": "valeur « actif » non permise ; valeurs permises : 'draft', 'active', 'superseded', 'retired'",
                                 "severity": "erreur", "blocks_publication": False}]


def test_argument_errors_are_french(tmp_path: Path) -> None:
    result = pmo(tmp_path, "new-version", "revue-de-projet", "--minor", "--patch")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "pmo new-version : erreur : argument --patch : incompatible avec l'argument --minor"
    missing = pmo(tmp_path, "edition", "new", "2030.1")
    assert missing.stderr.splitlines()[-1] == "pmo edition new : erreur : arguments obligatoires manquants : --notes"


def test_schema_writes_one_json_schema_per_model(complet_copy: FixtureProject) -> None:
    result = complet_copy.pmo("schema")
    assert result.returncode == 0, result.stdout + result.stderr
    folder = complet_copy.path("standards/schema")
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{name}.schema.json" for name in SCHEMAS)
    for name, model in SCHEMAS.items():
        assert (folder / f"{name}.schema.json").read_text(encoding="utf-8") == schema_text(model), name
    # The schemas are for editors: the data stays valid with them beside it.
    assert complet_copy.pmo("validate").returncode == 0
