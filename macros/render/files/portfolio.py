"""The portfolio report as a workbook (« Projets », « Éléments », « Justifications ») and the projects as CSV."""
from __future__ import annotations

from collections.abc import Sequence

from openpyxl.worksheet.worksheet import Worksheet

from macros.core.vocabulary import ANSWER_LABELS
from macros.pages.portfolio import STALE_AFTER_DAYS, PortfolioReport, ProjectRow
from macros.render.files.common import Stamp
from macros.render.files.csv_text import csv_bytes
from macros.render.files.workbook import WRAP, header, new_workbook, put, save, sheet_title

# The projects' columns; after « Catégorie », one per characteristic of the référentiel (its answer: Oui, Non, Non précisée).
PROJECT_HEADERS = ("Projet", "Code", "Catégorie", "Phase", "Jalon préparé", "Verdict", "Critères non atteints",
                   "Obligatoires manquants", "Éléments manquants", "Justifiés non applicables (jalon)",
                   "Non applicables déclarés (projet)", "Dernière mise à jour", f"Pas mis à jour depuis {STALE_AFTER_DAYS} jours",
                   "Édition", "Éléments retirés du référentiel", "Fichier")
PROJECT_WIDTHS = (30, 14, 14, 16, 26, 22, 40, 14, 30, 16, 16, 16, 16, 10, 26, 30)
_TRAITS_AT = PROJECT_HEADERS.index("Catégorie") + 1
TRAIT_WIDTH = 16


def _project_headers(report: PortfolioReport) -> list[str]:
    names = [name for _, name in report.characteristics]
    return [*PROJECT_HEADERS[:_TRAITS_AT], *names, *PROJECT_HEADERS[_TRAITS_AT:]]


def _project_widths(report: PortfolioReport) -> list[float]:
    return [*PROJECT_WIDTHS[:_TRAITS_AT], *([TRAIT_WIDTH] * len(report.characteristics)), *PROJECT_WIDTHS[_TRAITS_AT:]]


def _project_values(row: ProjectRow) -> list[object]:
    return [row.name, row.code, row.category, *(ANSWER_LABELS[answer] for _, answer in row.traits), row.phase, row.view.gate_name,
            "Prêt pour le passage" if row.view.ready else "Pas encore prêt", " ; ".join(row.view.unmet),
            row.view.counts["missing"], ", ".join(k.split("#", 1)[1] for k in row.view.missing), row.view.counts["na"],
            row.declared_na, row.updated, "Oui" if row.stale else "Non", row.edition,
            ", ".join(k.split("#", 1)[1] for k in row.withdrawn), row.file]


def _table(ws: Worksheet, headers: Sequence[str], widths: Sequence[float], rows: Sequence[Sequence[object]]) -> None:
    """A sheet of one table: header frozen, filters on every column, text wrapped; text that looks like a formula stays text."""
    header(ws, headers, widths)
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value).alignment = WRAP
    ws.freeze_panes = "A2"
    last = ws.cell(row=1, column=len(headers)).column_letter
    ws.auto_filter.ref = f"A1:{last}{max(2, len(rows) + 1)}"


def portfolio_xlsx(report: PortfolioReport) -> bytes:
    """Three sheets: one row per readable project; one per item waived or missing, by category; one per justification."""
    stamp = Stamp(standard_id="", standard_title="Portefeuille de projets", version="", edition=report.edition, date=report.today,
                  content_hash="")
    wb = new_workbook(stamp, f"Portefeuille de projets au {report.today.isoformat()}")
    projects = wb.active
    projects.title = sheet_title("Projets")
    _table(projects, _project_headers(report), _project_widths(report), [_project_values(r) for r in report.projects])
    names = [name.lower() for _, name in report.categories]
    item_headers = ["Élément", "Standard", "Exigence", "Jalon", *(f"Non applicable : {n}" for n in names),
                    *(f"Manquant : {n}" for n in names)]
    item_rows = [[s.item_id, s.standard, s.text, s.gate, *(s.not_applicable.get(c, 0) for c, _ in report.categories),
                  *(s.missing.get(c, 0) for c, _ in report.categories)] for s in report.items]
    _table(wb.create_sheet(sheet_title("Éléments", [projects.title])), item_headers,
           [12, 14, 60, 24, *([16] * (2 * len(names)))], item_rows)
    reasons = [[s.item_id, s.standard, s.text, project, category, reason] for s in report.items for project, category, reason in s.reasons]
    _table(wb.create_sheet(sheet_title("Justifications", [projects.title, "Éléments"])),
           ["Élément", "Standard", "Exigence", "Projet", "Catégorie", "Justification"], [12, 14, 50, 30, 14, 60], reasons)
    return save(wb, report.today)


def portfolio_csv(report: PortfolioReport) -> bytes:
    """The projects' table as CSV for a French Excel (the first sheet of the workbook)."""
    return csv_bytes([_project_headers(report), *([str(v) for v in _project_values(r)] for r in report.projects)])
