"""The `pmo` command: validate the référentiel, export schemas, build the site; French output."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from macros.adapters import settings
from macros.checks.publication import blocking_count
from macros.checks.quizzes import coverage
from macros.commands.build import build, output_refusal
from macros.commands.editions import new_edition
from macros.commands.output import replace_folder
from macros.commands.plan import WorkflowError, Written, resume
from macros.commands.portfolio import DEFAULT_OUTPUT, PortfolioError, make_report
from macros.commands.publish import publication_preview, publish
from macros.commands.schema import write_schemas
from macros.commands.versions import add_to_edition, new_version
from macros.core import fsutil
from macros.core.fsutil import BusyError, UnsafePathError, project_lock
from macros.core.owned import remove_temp_folders_left_behind
from macros.core.problems import Problem
from macros.core.text import did_you_mean, plural
from macros.core.vocabulary import Bump, Severity
from macros.diff.editions import diff_editions, diff_versions
from macros.loading.yaml_reader import os_reason
from macros.model import version_key
from macros.project import Loaded, Project, load
from macros.render.diff_text import format_markdown, format_terminal
from macros.site import plan as site
from macros.site.documents import DocumentError
from macros.site.download_cache import DownloadCache

COUNT_LABELS = {
    "standards": ("standard", "standards"),
    "versions": ("version", "versions"),
    "roles": ("rôle", "rôles"),
    "editions": ("édition", "éditions"),
    "checklist_items": ("élément de contrôle en vigueur", "éléments de contrôle en vigueur"),
    "quizzes": ("quiz", "quiz"),
    "questions": ("question", "questions"),
}


def report(problems: list[Problem], out: TextIO = sys.stdout) -> tuple[int, int]:
    """Print problems, errors first, then a summary line; returns (errors, warnings)."""
    errors = sorted(p for p in problems if p.severity == Severity.ERROR)
    warnings = sorted(p for p in problems if p.severity != Severity.ERROR)
    for problem in errors + warnings:
        print(problem.format(), file=out)
    return len(errors), len(warnings)


def _project(args: argparse.Namespace) -> Project:
    return Project.at(args.project)


def _load(args: argparse.Namespace, *, update_cache: bool = False) -> Loaded:
    # A command's process ends with it: what the load made is never scanned by the cycle collector (settled).
    return load(_project(args), preview=settings.preview(), today=settings.today(), cached=True, update_cache=update_cache,
                settled=True)


def cmd_validate(args: argparse.Namespace) -> int:
    loaded = _load(args, update_cache=True)
    # What `pmo publish` would refuse for the edition in preparation, found by publishing it on a copy.
    problems = loaded.problems + publication_preview(loaded, settings.today())
    counts = loaded.counts()
    draft = loaded.catalog.draft_edition()
    blocking = sum(p.blocks_publication for p in problems)
    if args.format == "json":
        errors = [p.as_dict() for p in sorted(problems) if p.severity == Severity.ERROR]
        warnings = [p.as_dict() for p in sorted(problems) if p.severity != Severity.ERROR]
        report_data: dict[str, object] = {"valid": not errors, "errors": errors, "warnings": warnings, "counts": counts}
        # The edition in preparation: whether `pmo publish` would take it as it is (every data error blocks it too).
        report_data["publication"] = None if draft is None else {"edition": draft.id, "ready": not errors and not blocking,
                                                                 "blocking": blocking}
        if loaded.quizzes is not None:
            # The required path's coverage: questions per project standard in each weekly quiz, and per reading.
            report_data["coverage"] = coverage(loaded.quizzes, loaded.catalog)
        json.dump(report_data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 1 if errors else 0
    n_errors, n_warnings = report(problems)
    summary = ", ".join(plural(n, *COUNT_LABELS[key]) for key, n in counts.items())
    if n_errors:
        print(f"Échec de la validation : {plural(n_errors, 'erreur')}, {plural(n_warnings, 'avertissement')}.")
        return 1
    publication = f" ; la publication de l'édition {draft.id} serait refusée : {blocking_count(blocking)}" if draft is not None and blocking else ""
    print(f"Référentiel valide ({summary}) ; {plural(n_warnings, 'avertissement')}{publication}.")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    written = write_schemas(_project(args).standards / "schema")
    for path in written:
        print(f"Schéma écrit : {path}")
    return 0


def _where(target: Path) -> str:
    """Where the output went, as the success line says it: the folder's name, and where a link leads."""
    return f"{target.name}/" + (f" (lien vers {target.resolve()})" if target.is_symlink() else "")


def cmd_build(args: argparse.Namespace) -> int:
    project = _project(args)
    target = (project.root / args.site_dir).absolute()
    reason = output_refusal(project, target)
    if reason is not None:
        print(f"Erreur : dossier du site « {args.site_dir} » refusé : {reason} ; choisissez un dossier réservé au site, "
              "par exemple site. Rien n'a été écrit.")
        return 2
    with project_lock(project.root, "build"):
        problems = build(project, target, dict(os.environ), settings.pages_cache_dir(project.root) / "verifiees")
    if problems:
        for line in problems:
            print(line)
        print(f"Échec : le site précédent ({target.name}/) est conservé tel quel.")
        return 1
    print(f"Site construit et vérifié dans {_where(target)}.")
    return 0


def _day(args: argparse.Namespace) -> dt.date:
    return args.date if getattr(args, "date", None) else settings.today()


def _run_workflow(args: argparse.Namespace, action: Callable[[], list[Written]], command: str) -> int:
    try:
        with project_lock(_project(args).root, command):
            written = action()
    except WorkflowError as exc:
        for problem in sorted(exc.problems):
            print(problem.format())
        print(f"Erreur : {exc}.")
        return 1
    for item in written:
        print(f"{item.path} : {item.action}")
    return 0


def cmd_new_version(args: argparse.Namespace) -> int:
    part = Bump.MAJOR if args.major else Bump.MINOR if args.minor else Bump.PATCH
    code = _run_workflow(args, lambda: new_version(_project(args), args.slug, part, _day(args), args.transition, args.sans_transition),
                         "new-version")
    if code == 0:
        print("Modifiez ce brouillon, puis vérifiez-le : pmo validate, et pmo diff " + args.slug
              + " (ou pmo diff --edition <publiée> <en préparation> pour un rôle).")
    return code


def cmd_edition_new(args: argparse.Namespace) -> int:
    code = _run_workflow(args, lambda: new_edition(_project(args), args.edition, args.notes, settings.today()), "edition new")
    if code == 0:
        print(f"Créez les nouvelles versions (pmo new-version <standard> --minor…), puis publiez : pmo publish {args.edition}.")
    return code


def cmd_edition_add(args: argparse.Namespace) -> int:
    code = _run_workflow(args, lambda: add_to_edition(_project(args), args.name, settings.today()), "edition add")
    if code == 0:
        print("Vérifiez : pmo validate.")
    return code


def cmd_publish(args: argparse.Namespace) -> int:
    if args.reprendre:
        code = _run_workflow(args, lambda: resume(_project(args)), "publish --reprendre")
        if code == 0:
            print("Reprise terminée. Vérifiez : pmo validate.")
        return code
    if not args.edition:
        print("Erreur : indiquez l'édition à publier (pmo publish <édition>) ou --reprendre.")
        return 2
    code = _run_workflow(args, lambda: publish(_project(args), args.edition, _day(args)), "publish")
    if code == 0:
        print(f"Édition {args.edition} publiée. Construisez le site : make build.")
    return code


def cmd_generate(args: argparse.Namespace) -> int:
    loaded = _load(args)
    if loaded.errors:
        report(loaded.errors)
        print("Échec : les données contiennent des erreurs ; rien n'a été écrit.")
        return 1
    folder = Path(args.folder).absolute()

    def refused(reason: str) -> str:
        return (f"Erreur : dossier « {args.folder} » refusé : {reason} ; choisissez un dossier réservé aux fichiers générés. "
                "Rien n'a été écrit.")

    # The same rules as `pmo build --site-dir`: never among the sources, and only into a folder pmo may replace.
    reason = output_refusal(_project(args), folder)
    if reason is not None:
        print(refused(reason))
        return 2
    try:
        # The build's own cache: an edition's PDF already made for the same data and code is not made again.
        files = site.generate(loaded, DownloadCache(settings.cache_dir(_project(args).root)), documents=settings.documents())
    except DocumentError as exc:
        print(f"Erreur : document PDF des éditions : {exc}. Rien n'a été écrit.")
        return 1

    def fill(staging: Path) -> list[str]:
        site.write(files, staging)
        return []

    with project_lock(_project(args).root, "generate"):
        problems = replace_folder(folder, fill, refused)
    if problems:
        print("\n".join(problems))
        return 2
    print(f"{plural(len(files), 'fichier généré', 'fichiers générés')} dans {folder.resolve()}.")
    return 0


def cmd_portfolio(args: argparse.Namespace) -> int:
    loaded = _load(args)
    if loaded.errors:
        report(loaded.errors)
        print("Échec : les données du référentiel contiennent des erreurs ; rien n'a été écrit.")
        return 1
    target = Path(args.sortie) if Path(args.sortie).is_absolute() else _project(args).root / args.sortie
    try:
        result = make_report(loaded, Path(args.folder), target, settings.today())
    except PortfolioError as exc:
        print(f"Erreur : {exc}.")
        return 1
    for refused in result.report.refused:
        print(f"Fichier refusé : {refused.file} : {' ; '.join(refused.reasons)}.")
    projects = result.report.projects
    ready = sum(p.view.ready for p in projects)
    print(f"{plural(len(projects), 'projet lu', 'projets lus')}, dont {ready} prêt{'s' if ready > 1 else ''} pour le passage du jalon préparé ; "
          f"{plural(len(result.report.refused), 'fichier refusé', 'fichiers refusés')}. Rapport écrit dans {result.folder} : "
          f"{', '.join(result.written)}.")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    cat = _load(args).catalog

    def render(diff: object) -> str:
        return format_markdown(diff, plain=True) if args.format == "markdown" else format_terminal(diff)  # type: ignore[arg-type]

    try:
        if args.edition:
            old_id, new_id = args.edition
            print(render(diff_editions(cat, old_id, new_id)).rstrip("\n"))
            return 0
        if not args.slug:
            print("Erreur : indiquez un standard (pmo diff <standard> [A] [B]) ou --edition X Y.")
            return 2
        versions = sorted(cat.standards.get(args.slug, {}), key=version_key)
        if not versions:
            print(f"Erreur : standard inconnu « {args.slug} »{did_you_mean(args.slug, cat.standards)} ; "
                  f"standards : {', '.join(sorted(cat.standards))}.")
            return 1
        new = args.versions[1] if len(args.versions) > 1 else versions[-1]
        if args.versions:
            old = args.versions[0]
        else:
            older = [v for v in versions if version_key(v) < version_key(new)]
            old = older[-1] if older else None
        if old is None and not args.versions:
            print(f"Le standard « {args.slug} » n'a qu'une version ({new}) : tout son contenu est nouveau.")
        for v in (old, new):
            if v is not None and v not in cat.standards[args.slug]:
                print(f"Erreur : version inconnue {v} de « {args.slug} »{did_you_mean(v, versions)} ; versions : {', '.join(versions)}.")
                return 1
        print(render(diff_versions(cat, args.slug, old, new)).rstrip("\n"))
        return 0
    except ValueError as exc:
        print(f"Erreur : {exc}.")
        return 1


# argparse writes its own texts in English through gettext; the PMO reads French everywhere.
_ARGPARSE_FR = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "un des arguments %s est obligatoire",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "au plus une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choix possibles : %(choices)s)",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "invalid %(type)s value: %(value)r": "valeur %(type)s invalide : %(value)r",
}


def _french_argparse() -> None:
    argparse._ = lambda text: _ARGPARSE_FR.get(text, text)  # type: ignore[attr-defined]
    # argparse imports ngettext from gettext under that name: setattr keeps the type checker out of it.
    setattr(argparse, "ngettext", lambda one, many, n: ("%s valeur attendue" if n == 1 else "%s valeurs attendues") \
        if one == "expected %s argument" else (one if n == 1 else many))  # noqa: B010


def _date_argument(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {text} » : une date réelle au format AAAA-MM-JJ est attendue") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pmo", description="Outils du Référentiel PMO : valider, versionner, publier, construire.")
    parser.add_argument("--project", default=".", help="dossier du projet (contient standards/ et quizzes/) ; par défaut le dossier courant")
    commands = parser.add_subparsers(dest="command", required=True, metavar="commande")
    validate = commands.add_parser("validate", help="valider toutes les données (standards, rôles, éditions, quiz)")
    validate.add_argument("--format", choices=("text", "json"), default="text", help="format du rapport")
    validate.set_defaults(func=cmd_validate)
    new = commands.add_parser("new-version", help="créer la version suivante d'un standard, en brouillon")
    new.add_argument("slug", help="le standard, par exemple gestion-des-risques")
    level = new.add_mutually_exclusive_group(required=True)
    level.add_argument("--major", action="store_true", help="changement incompatible (exigences ajoutées ou retirées)")
    level.add_argument("--minor", action="store_true", help="ajout compatible ou clarification")
    level.add_argument("--patch", action="store_true", help="correction rédactionnelle")
    new.add_argument("--date", type=_date_argument, help="date du jour AAAA-MM-JJ (par défaut aujourd'hui)")
    new.add_argument("--transition", type=_date_argument, metavar="AAAA-MM-JJ",
                     help="version majeure : jusqu'à quand les projets démarrés avant peuvent garder la version actuelle")
    new.add_argument("--sans-transition", metavar="RAISON", help="version majeure sans transition : pourquoi elle s'applique aussitôt")
    new.set_defaults(func=cmd_new_version)
    edition = commands.add_parser("edition", help="gérer les éditions")
    edition_commands = edition.add_subparsers(dest="edition_command", required=True, metavar="action")
    edition_new = edition_commands.add_parser("new", help="ouvrir une nouvelle édition en brouillon")
    edition_new.add_argument("edition", help="identifiant, par exemple 2027.1")
    edition_new.add_argument("--notes", required=True, help="notes de l'édition (ce qui change et pourquoi)")
    edition_new.set_defaults(func=cmd_edition_new)
    edition_add = edition_commands.add_parser("add", help="inscrire dans l'édition en préparation la dernière version d'un standard ou d'un rôle")
    edition_add.add_argument("name", metavar="nom", help="le standard ou le rôle, par exemple gestion-des-risques")
    edition_add.set_defaults(func=cmd_edition_add)
    publish = commands.add_parser("publish", help="publier une édition en brouillon (valide tout, date, statuts, empreintes)")
    publish.add_argument("edition", nargs="?", help="identifiant de l'édition, par exemple 2027.1")
    publish.add_argument("--reprendre", action="store_true", help="terminer une commande interrompue (publication, nouvelle version…)")
    publish.add_argument("--date", type=_date_argument, help="date de publication AAAA-MM-JJ (par défaut aujourd'hui)")
    publish.set_defaults(func=cmd_publish)
    diff = commands.add_parser("diff", help="différences entre deux versions d'un standard ou deux éditions")
    diff.add_argument("slug", nargs="?", help="le standard")
    diff.add_argument("versions", nargs="*", help="version A puis version B (par défaut : la précédente et la dernière)")
    diff.add_argument("--edition", nargs=2, metavar=("X", "Y"), help="comparer deux éditions")
    diff.add_argument("--format", choices=("text", "markdown"), default="text", help="format de sortie")
    diff.set_defaults(func=cmd_diff)
    build = commands.add_parser("build", help="construire le site dans un dossier neuf, le vérifier, puis remplacer site/")
    build.add_argument("--site-dir", default="site", help="dossier du site publié (par défaut site)")
    build.set_defaults(func=cmd_build)
    generate = commands.add_parser("generate", help="écrire toutes les pages et tous les fichiers générés dans un dossier, sans MkDocs")
    generate.add_argument("folder", help="dossier de destination")
    generate.set_defaults(func=cmd_generate)
    portfolio = commands.add_parser("portefeuille", help="lire les fichiers projet des chefs de projet et écrire le rapport du portefeuille")
    portfolio.add_argument("folder", help="dossier des fichiers projet-….json enregistrés depuis « Mon dossier de jalon »")
    portfolio.add_argument("--sortie", default=DEFAULT_OUTPUT, help=f"dossier du rapport (par défaut {DEFAULT_OUTPUT}/, ignoré par git)")
    portfolio.set_defaults(func=cmd_portfolio)
    schema = commands.add_parser("schema", help="exporter les schémas JSON pour les éditeurs dans standards/schema/")
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `pmo` console script: French messages only, never a Python traceback."""
    _french_argparse()
    # Piped into « head », the output just stops, as for any command-line tool.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    fsutil.FAULT_AFTER = settings.fault_after()
    args = build_parser().parse_args(argv)
    project = Path(args.project)
    if not project.is_dir():
        print(f"Erreur : dossier du projet introuvable « {project} » (--project).")
        return 2
    try:
        # A command killed earlier (kill -9, a power cut) may have left its temporary copy: the next one removes it.
        remove_temp_folders_left_behind()
        return int(args.func(args))
    except (BusyError, UnsafePathError) as exc:
        print(f"Erreur : {exc}.")
        return 1
    except OSError as exc:
        print(f"Erreur : {exc.filename or 'fichier'} : {os_reason(exc)}.")
        return 1
    except KeyboardInterrupt:
        print("Interrompu : rien n'a été écrit à moitié (les fichiers sont remplacés d'un seul coup).")
        return 130


if __name__ == "__main__":
    sys.exit(main())
