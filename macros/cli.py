"""The `pmo` command: validate the référentiel, export schemas, build the site; French output."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from macros.problems import Problem


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count <= 1 else (plural or word + 's')}"


COUNT_LABELS = {
    "standards": ("standard", "standards"),
    "versions": ("version", "versions"),
    "roles": ("rôle", "rôles"),
    "editions": ("édition", "éditions"),
    "checklist_items": ("élément de contrôle en vigueur", "éléments de contrôle en vigueur"),
    "quizzes": ("quiz", "quiz"),
    "questions": ("question", "questions"),
}


def report(problems: list[Problem], out: object = sys.stdout) -> tuple[int, int]:
    """Print problems, errors first, then a summary line; returns (errors, warnings)."""
    errors = sorted(p for p in problems if p.severity == "erreur")
    warnings = sorted(p for p in problems if p.severity != "erreur")
    for problem in errors + warnings:
        print(problem.format(), file=out)
    return len(errors), len(warnings)


def cmd_validate(args: argparse.Namespace) -> int:
    from macros.validate import validate_all

    problems, counts = validate_all(Path(args.project))
    if args.format == "json":
        errors = [p.as_dict() for p in sorted(problems) if p.severity == "erreur"]
        warnings = [p.as_dict() for p in sorted(problems) if p.severity != "erreur"]
        json.dump({"valid": not errors, "errors": errors, "warnings": warnings, "counts": counts},
                  sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 1 if errors else 0
    n_errors, n_warnings = report(problems)
    summary = ", ".join(_plural(n, *COUNT_LABELS[key]) for key, n in counts.items())
    if n_errors:
        print(f"Échec de la validation : {_plural(n_errors, 'erreur')}, {_plural(n_warnings, 'avertissement')}.")
        return 1
    print(f"Référentiel valide ({summary}) ; {_plural(n_warnings, 'avertissement')}.")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from macros.schema import write_schemas

    written = write_schemas(Path(args.project) / "standards" / "schema")
    for path in written:
        print(f"Schéma écrit : {path}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from macros.build import build

    project = Path(args.project).resolve()
    target = (project / args.site_dir).resolve()
    problems = build(project, target)
    if problems:
        for line in problems:
            print(line)
        print(f"Échec : le site précédent ({target.name}/) est conservé tel quel.")
        return 1
    print(f"Site construit et vérifié dans {target.name}/.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pmo", description="Outils du Référentiel PMO : valider, exporter, construire.")
    parser.add_argument("--project", default=".", help="dossier du projet (contient standards/ et quizzes/) ; par défaut le dossier courant")
    commands = parser.add_subparsers(dest="command", required=True, metavar="commande")
    validate = commands.add_parser("validate", help="valider toutes les données (standards, rôles, éditions, quiz)")
    validate.add_argument("--format", choices=("text", "json"), default="text", help="format du rapport")
    validate.set_defaults(func=cmd_validate)
    build = commands.add_parser("build", help="construire le site dans un dossier neuf, le vérifier, puis remplacer site/")
    build.add_argument("--site-dir", default="site", help="dossier du site publié (par défaut site)")
    build.set_defaults(func=cmd_build)
    schema = commands.add_parser("schema", help="exporter les schémas JSON pour les éditeurs dans standards/schema/")
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `pmo` console script."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
