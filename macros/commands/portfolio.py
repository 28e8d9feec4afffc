"""`pmo portefeuille`: read the project files PMs saved from their gate file, write the PMO's portfolio report."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from macros.commands.build import site_dir_problem
from macros.core.fsutil import atomic_write
from macros.loading.project_files import read_project_files
from macros.pages.dossier import dossier_data
from macros.pages.portfolio import PortfolioReport, portfolio_report
from macros.project import Loaded
from macros.render.files.portfolio import portfolio_csv, portfolio_xlsx
from macros.render.portfolio_page import render_portfolio_page

DEFAULT_OUTPUT = "portefeuille"
# Written in every report folder: the command replaces its own report there, never a folder it did not make.
MARKER = ".pmo-portefeuille"
REPORT_FILES = ("portefeuille.html", "portefeuille.xlsx", "portefeuille-projets.csv")
# The published site is rebuilt from the sources: a report written there would be published, or lost at the next build.
_SITE_FOLDERS = ("site",)


class PortfolioError(Exception):
    """The report cannot be made: the message says why and what to do, in French."""


@dataclass(frozen=True)
class PortfolioResult:
    report: PortfolioReport
    folder: Path
    written: list[str]


def output_problem(loaded: Loaded, target: Path) -> str | None:
    """Why the report may not be written in target (None when it may): never among the sources, in the published site,
    through a link, or in a folder holding files of someone else."""
    if target.is_symlink():
        return "c'est un lien symbolique ; indiquez le dossier lui-même"
    reason = site_dir_problem(loaded.project, target)
    if reason is not None:
        return reason
    root = loaded.project.root
    resolved = target.resolve()
    if resolved.is_relative_to(root) and resolved.relative_to(root).parts[:1] in {(name,) for name in _SITE_FOLDERS}:
        return "il se trouve dans le site publié, reconstruit à chaque « make build » (et publié avec lui)"
    if target.exists():
        if not target.is_dir():
            return "c'est un fichier"
        content = [p.name for p in target.iterdir()]
        if content and MARKER not in content:
            shown = ", ".join(sorted(content)[:5]) + (" …" if len(content) > 5 else "")
            return (f"il contient déjà des fichiers qui ne viennent pas de « pmo portefeuille » ({shown}) ; "
                    "choisissez un dossier vide ou neuf")
    return None


def make_report(loaded: Loaded, folder: Path, target: Path, today: dt.date) -> PortfolioResult:
    """Read every project file of `folder`, write the report into `target`; PortfolioError when it cannot."""
    cat = loaded.catalog
    if not folder.is_dir() or folder.is_symlink():
        raise PortfolioError(f"aucun fichier de projet : le dossier « {folder} » n'existe pas ; indiquez le dossier où vous avez "
                             "rassemblé les fichiers projet-….json enregistrés depuis « Mon dossier de jalon »")
    reason = output_problem(loaded, target)
    if reason is not None:
        raise PortfolioError(f"dossier de sortie « {target} » refusé : {reason}. Rien n'a été écrit")
    data = dossier_data(cat)
    categories = [c["id"] for c in data["categories"]]  # type: ignore[attr-defined]
    phases = [p["id"] for p in data["phases"]]  # type: ignore[attr-defined]
    files = read_project_files(folder, categories, phases)
    if not files:
        raise PortfolioError(f"aucun fichier de projet (*.json) dans « {folder} » : rassemblez-y les fichiers projet-….json que "
                             "les chefs de projet enregistrent depuis « Mon dossier de jalon » (bouton « Enregistrer dans un fichier »)")
    editions = [e.id for e in cat.published_editions()]
    # Read back through JSON: the report sees exactly the data the browser's gate file reads.
    report = portfolio_report(json.loads(json.dumps(data)), editions, files, today)
    target.mkdir(parents=True, exist_ok=True)
    atomic_write(target / MARKER, b"Rapport de portefeuille ecrit par pmo portefeuille.\n")
    outputs = {REPORT_FILES[0]: render_portfolio_page(report).encode("utf-8"), REPORT_FILES[1]: portfolio_xlsx(report),
               REPORT_FILES[2]: portfolio_csv(report)}
    for name, content in outputs.items():
        atomic_write(target / name, content)
    return PortfolioResult(report, target, list(outputs))
