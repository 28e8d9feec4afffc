"""The `pmo` command as the PMO runs it: exact French messages and exit codes."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

MINI = Path(__file__).parent / "fixtures" / "mini"


def pmo(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PMO_TODAY": "2025-06-01", "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "macros.cli", "--project", str(project), *args],
                          capture_output=True, text=True, check=False, env=env, cwd=project)


def test_validate_real_repository(project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "macros.cli", "validate"], capture_output=True, text=True, cwd=project, check=False)
    assert result.returncode == 0, result.stdout
    from tests.support import load_catalog

    cat = load_catalog(project / "standards")
    versions = sum(len(v) for v in cat.standards.values())
    assert result.stdout.splitlines()[-1].startswith(
        f"Référentiel valide ({len(cat.standards)} standards, {versions} versions, {len(cat.roles)} rôles, {len(cat.editions)} éditions, ")


def test_validate_mini_is_valid(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "p")
    result = pmo(tmp_path / "p", "validate")
    assert result.returncode == 0
    assert result.stdout == "Référentiel valide (1 standard, 1 version, 3 rôles, 1 édition, 2 éléments de contrôle en vigueur, 0 quiz, 0 question) ; 0 avertissement.\n"


def test_validate_reports_typo_duplicate_and_unquoted_version_at_once(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "p")
    path = tmp_path / "p/standards/demo/1.0.0.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    level: recommandé", "    level: recomandé").replace('version: "1.0.0"', "version: 1.10")
    text = text.replace("scope: Tous les projets de test.\n", "scope: Tous les projets de test.\nscope: Doublon.\n")
    path.write_text(text, encoding="utf-8")
    result = pmo(tmp_path / "p", "validate")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'standards/demo/1.0.0.yaml:5:10: erreur : version : valeur ambiguë « 1.10 » : YAML la lit comme un nombre décimal ; mettez-la entre guillemets ("1.10")',
        "standards/demo/1.0.0.yaml:15:1: erreur : scope : clé « scope » en double (première occurrence ligne 14, colonne 1)",
        "standards/demo/1.0.0.yaml:26:12: erreur : checklist[1].level : valeur « recomandé » non permise ; valeurs permises : 'obligatoire', 'recommandé'",
        "Échec de la validation : 3 erreurs, 0 avertissement.",
    ]


def test_validate_json(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "p")
    path = tmp_path / "p/standards/demo/1.0.0.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: active", "status: actif"), encoding="utf-8")
    result = pmo(tmp_path / "p", "validate", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert report["errors"] == [{"file": "standards/demo/1.0.0.yaml", "line": 6, "column": 9, "field": "status",
                                 "message": "valeur « actif » non permise ; valeurs permises : 'draft', 'active', 'superseded', 'retired'",
                                 "severity": "erreur"}]


def test_argument_errors_are_french(tmp_path: Path) -> None:
    result = pmo(tmp_path, "new-version", "planification", "--minor", "--patch")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "pmo new-version : erreur : argument --patch : incompatible avec l'argument --minor"
    missing = pmo(tmp_path, "edition", "new", "2027.1")
    assert missing.stderr.splitlines()[-1] == "pmo edition new : erreur : arguments obligatoires manquants : --notes"
