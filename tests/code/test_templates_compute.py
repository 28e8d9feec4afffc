"""Templates that compute and read as prose: column types drive formats and formulas (never the data's text), examples
unwrap the YAML's folding, carry their revision history and approval, and are checked against their template."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from macros.catalog.queries import template_hash
from macros.core.vocabulary import Status
from macros.model import Entry, Example, Standard, Template, tr
from macros.pages.checklist import checklist_line
from macros.render.files.common import Stamp
from macros.render.files.excel import TOTALS_LABEL, template_xlsx
from macros.render.files.markdown_text import template_md
from macros.render.files.word import template_docx
from macros.render.files.workbook import sheet_title
from macros.site.plan import generate
from tests.support import FixtureProject

EURO = '#,##0.00\\ "€"'
PERCENT = "0.0\\ %"

BUDGET: dict[str, Any] = {
    "id": "suivi-budgetaire", "title": "Suivi budgétaire du projet et de tous ses lots", "kind": "register",
    "formats": ["xlsx", "csv", "md"], "description": "Le budget du projet, poste par poste.",
    "columns": [
        {"name": "Poste"},
        {"name": "Budget de référence (€)", "type": "amount"},
        {"name": "Consommé (€)", "type": "amount"},
        {"name": "Reste à dépenser (€)", "type": "amount"},
        {"name": "Estimation à terminaison (€)", "type": "amount",
         "compute": {"operation": "sum", "columns": ["Consommé (€)", "Reste à dépenser (€)"]}},
        {"name": "Écart (€)", "type": "amount",
         "compute": {"operation": "difference", "columns": ["Estimation à terminaison (€)", "Budget de référence (€)"]}},
        {"name": "Écart (%)", "type": "percentage", "compute": {"operation": "ratio", "columns": ["Écart (€)", "Budget de référence (€)"]}},
        {"name": "Avancement (%)", "type": "percentage"},
        {"name": "Durée (jours)", "type": "integer"},
        {"name": "Mise à jour", "type": "date"},
    ],
}

CHARTER: dict[str, Any] = {
    "id": "charte", "title": "Charte", "kind": "document", "formats": ["docx", "md"], "description": "La charte du projet.",
    "sections": [{"title": "Contexte", "guidance": "Décrire le contexte."},
                 {"title": "Validation", "guidance": "Qui valide.", "table": ["Rôle", "Nom"]}],
}

# A paragraph folded by YAML at 95 characters, as the examples' files are written, a second paragraph, and a list.
WRAPPED = ("Chez Groupe Hélio, une demande d'achat est saisie sur un formulaire joint à un courriel,\n"
           "validée par le manager du demandeur, puis ressaisie par un acheteur dans l'ERP.\n\n"
           "Options étudiées :\n- ne rien faire ;\n- acquérir le module achats de l'ERP,\n  plus coûteux ;\n- déployer une solution du marché.")


def _standard(*templates: dict[str, Any]) -> Standard:
    return Standard.model_validate({
        "id": "PMO-STD-001", "slug": "demo", "title": "Démonstration", "version": "2.1.0", "status": "active",
        "effective_from": dt.date(2027, 1, 4), "owner": "pmo", "last_reviewed": dt.date(2026, 12, 1), "review_every_months": 12,
        "summary": "Un standard d'essai.", "objectives": ["Essayer."], "scope": "Les essais.",
        "checklist": [{"id": "DEM-01", "phase": "cadrage", "text": "Faire.", "level": "obligatoire", "responsible": "pmo"}],
        "raci": [{"activity": "Faire", "R": ["pmo"], "A": "pmo", "covers": ["DEM-01"]}],
        "templates": list(templates)})


def _stamp(standard: Standard, template: Template) -> Stamp:
    return Stamp(standard.id, tr(standard.title), standard.version, "2027.2", dt.date(2026, 12, 7), template_hash(standard, template),
                 "À venir — entre en vigueur le 4 janvier 2027")


BUDGET_ROWS = [
    {"Poste": "Intégration", "Budget de référence (€)": 245000, "Consommé (€)": 120000, "Reste à dépenser (€)": 140000,
     "Avancement (%)": 45, "Durée (jours)": 60, "Mise à jour": dt.date(2027, 6, 30)},
    {"Poste": '=HYPERLINK("http://exemple.invalid","clic")', "Budget de référence (€)": 55000, "Consommé (€)": 55000,
     "Reste à dépenser (€)": 0},
]


@pytest.fixture(scope="module")
def budget() -> tuple[Standard, Template]:
    standard = _standard(BUDGET)
    return standard, standard.templates[0]


def test_register_writes_formulas_from_column_types_and_totals_above_the_header(budget: tuple[Standard, Template]) -> None:
    standard, template = budget
    ws = load_workbook(io.BytesIO(template_xlsx(standard, template, _stamp(standard, template)))).worksheets[0]
    # Row 1: the totals of the rows shown, money columns only, and the ratio of the totals; the header in row 2.
    assert [c.value for c in ws[1]] == [
        TOTALS_LABEL, "=SUBTOTAL(109,B3:B500)", "=SUBTOTAL(109,C3:C500)", "=SUBTOTAL(109,D3:D500)", "=SUBTOTAL(109,E3:E500)",
        "=SUBTOTAL(109,F3:F500)", '=IF(OR(COUNT(F1,B1)<2,B1=0),"",F1/B1)', None, None, None]
    assert [c.value for c in ws[2]] == [tr(c["name"]) for c in BUDGET["columns"]]
    assert (ws.freeze_panes, ws.auto_filter.ref, ws.print_title_rows) == ("A3", "A2:J500", "$1:$2")
    # Each computed cell reads its row's columns by their letters, and stays blank until they hold numbers.
    for row in (3, 500):
        assert ws[f"E{row}"].value == f'=IF(COUNT(C{row},D{row})=0,"",SUM(C{row},D{row}))'
        assert ws[f"F{row}"].value == f'=IF(COUNT(E{row},B{row})<2,"",E{row}-B{row})'
        assert ws[f"G{row}"].value == f'=IF(OR(COUNT(F{row},B{row})<2,B{row}=0),"",F{row}/B{row})'
        assert (ws[f"E{row}"].number_format, ws[f"G{row}"].number_format) == (EURO, PERCENT)
    assert ws["A501"].value is None and ws["E501"].value is None
    assert (ws["B1"].number_format, ws["G1"].number_format) == (EURO, PERCENT)
    # The typed columns keep their format for every cell a user types in.
    formats = {letter: ws.column_dimensions[letter].number_format for letter in "BCDHIJ"}
    assert formats == {"B": EURO, "C": EURO, "D": EURO, "H": PERCENT, "I": "#,##0", "J": "DD/MM/YYYY"}
    kinds = {str(dv.sqref).split(":")[0]: dv.type for dv in ws.data_validations.dataValidation}
    assert (kinds["I3"], kinds["H3"], kinds["J3"], kinds["E3"]) == ("whole", "decimal", "date", None)
    about = load_workbook(io.BytesIO(template_xlsx(standard, template, _stamp(standard, template)))).worksheets[1]
    rows = {row[0].value: [c.value for c in row] for row in about.iter_rows()}
    assert rows["Écart (%)"][1:3] == ["pourcentage", "calculée : Écart (€) / Budget de référence (€)"]
    assert rows["Statut"][1] == "À venir — entre en vigueur le 4 janvier 2027"


def test_register_without_money_has_its_header_in_row_1(budget: tuple[Standard, Template]) -> None:
    plain = dict(BUDGET, columns=[{"name": "Poste"}, {"name": "Jours", "type": "integer"}])
    standard = _standard(plain)
    ws = load_workbook(io.BytesIO(template_xlsx(standard, standard.templates[0], _stamp(standard, standard.templates[0])))).worksheets[0]
    assert [c.value for c in ws[1]] == ["Poste", "Jours"]
    assert (ws.freeze_panes, ws.auto_filter.ref) == ("A2", "A1:B500")


def test_example_cells_take_their_column_format_and_computed_cells_keep_their_formula(budget: tuple[Standard, Template]) -> None:
    standard, template = budget
    example = Example.model_validate({"template": "suivi-budgetaire", "title": "Exemple : suivi budgétaire d'Atlas, juin 2027",
                                      "rows": BUDGET_ROWS})
    ws = load_workbook(io.BytesIO(template_xlsx(standard, template, _stamp(standard, template), example))).worksheets[0]
    # The sheet is named after the template, cut on a whole word within Excel's 31 characters.
    assert ws.title == "Suivi budgétaire du projet et"[:-3].rstrip() == "Suivi budgétaire du projet"
    assert (ws["B3"].value, ws["B3"].number_format) == (245000, EURO)
    assert (ws["H3"].value, ws["H3"].number_format) == (0.45, PERCENT)  # written 45 in the data: 45 %
    assert (ws["I3"].value, ws["I3"].number_format) == (60, "#,##0")
    assert (ws["J3"].value, ws["J3"].number_format) == (dt.datetime(2027, 6, 30), "DD/MM/YYYY")
    assert ws["E3"].value == '=IF(COUNT(C3,D3)=0,"",SUM(C3,D3))'
    # Text of the data that a spreadsheet could take for a formula stays text.
    assert (ws["A4"].value, ws["A4"].data_type) == ('=HYPERLINK("http://exemple.invalid","clic")', "s")
    # Printed, the example is its two rows, not 500 rows of empty formulas.
    assert ws.print_area == "'Suivi budgétaire du projet'!$A$1:$J$4"


def test_markdown_example_shows_computed_values_and_totals(budget: tuple[Standard, Template]) -> None:
    standard, template = budget
    example = Example.model_validate({"template": "suivi-budgetaire", "title": "Exemple", "rows": BUDGET_ROWS})
    text = template_md(standard, template, _stamp(standard, template), example).decode()
    nnbsp, nbsp = "\u202f", "\u00a0"
    assert (f"| Intégration | 245{nnbsp}000,00{nbsp}€ | 120{nnbsp}000,00{nbsp}€ | 140{nnbsp}000,00{nbsp}€ | 260{nnbsp}000,00{nbsp}€ "
            f"| 15{nnbsp}000,00{nbsp}€ | 6,1{nnbsp}% | 45,0{nnbsp}% | 60 | 30 juin 2027 |") in text
    assert (f"| Total | 300{nnbsp}000,00{nbsp}€ | 175{nnbsp}000,00{nbsp}€ | 140{nnbsp}000,00{nbsp}€ | 315{nnbsp}000,00{nbsp}€ "
            f"| 15{nnbsp}000,00{nbsp}€ | 5,0{nnbsp}% |  |  |  |") in text
    assert "- **Estimation à terminaison (€)** : montant en euros, calculée : Consommé (€) + Reste à dépenser (€)" in text


@pytest.mark.parametrize(("title", "expected"), [
    ("Registre des problèmes et des actions", "Registre des problèmes"),
    ("Grille d'évaluation des demandes de projet", "Grille d'évaluation"),
    ("Grille de préparation à la mise en service", "Grille de préparation à la mise"),
    ("Registre des risques", "Registre des risques"),
    ("Exemple : registre des risques du projet Atlas (revue du 29 juin 2027)", "Exemple registre des risques"),
])
def test_sheet_names_are_cut_on_a_whole_word(title: str, expected: str) -> None:
    assert sheet_title(title) == expected
    assert len(expected) <= 31


def _charter_docx(example: Example | None) -> Any:
    standard = _standard(CHARTER)
    template = standard.templates[0]
    return Document(io.BytesIO(template_docx(standard, template, _stamp(standard, template), example)))


CHARTER_EXAMPLE = {
    "template": "charte", "title": "Exemple : charte", "project": {"name": "Atlas", "code": "ATL-2027"},
    "revisions": [{"version": "0.9", "date": dt.date(2027, 2, 5), "author": "Julien Moreau", "changes": "Version de travail."},
                  {"version": "1.0", "date": dt.date(2027, 2, 19), "author": "Julien Moreau", "changes": "Version validée."}],
    "approval": {"written_by": {"name": "Julien Moreau", "date": dt.date(2027, 2, 19)},
                 "approved_by": {"name": "Claire Martin", "date": dt.date(2027, 2, 25)}},
    "sections": [{"title": "Contexte", "text": WRAPPED}, {"title": "Validation", "rows": [["Sponsor", "Claire Martin"]]}],
}


def test_word_example_is_prose_without_a_line_break_inside_a_paragraph() -> None:
    doc = _charter_docx(Example.model_validate(CHARTER_EXAMPLE))
    body = doc.element.body.xml
    # The only breaks are the page breaks around the table of contents: none inside a paragraph of text.
    assert re.findall(r"<w:br\b[^>]*/>", body) == ['<w:br w:type="page"/>'] * 2
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("Contexte") + 2  # the heading, then its guidance
    assert texts[start:start + 5] == [
        "Chez Groupe Hélio, une demande d’achat est saisie sur un formulaire joint à un courriel, validée par le manager du "
        "demandeur, puis ressaisie par un acheteur dans l’ERP.",
        "Options étudiées\u00a0:", "- ne rien faire\u202f;", "- acquérir le module achats de l’ERP, plus coûteux\u202f;",
        "- déployer une solution du marché."]


def _table(doc: Any, caption: str) -> list[list[str]]:
    for table in doc.tables:
        found = table._tbl.tblPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblCaption")
        if found is not None and found.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == caption:
            return [[c.text for c in row.cells] for row in table.rows]
    raise AssertionError(caption)


def test_word_example_fills_its_revision_history_approval_and_cover() -> None:
    doc = _charter_docx(Example.model_validate(CHARTER_EXAMPLE))
    assert _table(doc, "Historique des révisions") == [["Version", "Date", "Auteur", "Modifications"],
                                                       ["0.9", "5 février 2027", "Julien Moreau", "Version de travail."],
                                                       ["1.0", "19 février 2027", "Julien Moreau", "Version validée."]]
    assert _table(doc, "Approbation") == [["Rôle", "Nom", "Date", "Visa"], ["Rédigé par", "Julien Moreau", "19 février 2027", "Signé"],
                                          ["Vérifié par", "", "", ""], ["Approuvé par", "Claire Martin", "25 février 2027", "Signé"]]
    # The cover takes the last revision's version and date: written once.
    assert _table(doc, "Identification du document")[3:] == [["Version du document", "1.0"], ["Date", "19 février 2027"]]
    blank = _charter_docx(None)
    assert _table(blank, "Approbation")[1] == ["Rédigé par", "", "", ""]
    assert _table(blank, "Identification du document")[3] == ["Version du document", "[0.1]"]


# --- the rules, on the fixture project ------------------------------------------------------------------------------

REGISTER = "standards/suivi-des-actions/1.1.0.yaml"
COLUMNS = """      - name: Échéance
        type: date
"""


def _with_columns(project: FixtureProject, extra: str) -> FixtureProject:
    return project.edit(REGISTER, COLUMNS, COLUMNS + extra).relock()


def _errors(project: FixtureProject) -> list[str]:
    return [p.format() for p in project.load().errors]


def _line_of(project: FixtureProject, rel: str, text: str) -> int:
    return project.read(rel).splitlines().index(text) + 1


def test_a_computed_column_names_numeric_columns_of_its_template(complet_copy: FixtureProject) -> None:
    _with_columns(complet_copy, """      - name: Coût (€)
        type: amount
      - name: Total (€)
        type: amount
        compute: {operation: sum, columns: [Coût (€), Coût prévu (€), Échéance]}
      - name: Part
        type: integer
        compute: {operation: ratio, columns: [Coût (€), Total (€)]}
      - name: Boucle (€)
        type: amount
        compute: {operation: difference, columns: [Boucle (€), Coût (€)]}
      - name: Aller (€)
        type: amount
        compute: {operation: sum, columns: [Retour (€), Coût (€)]}
      - name: Retour (€)
        type: amount
        compute: {operation: sum, columns: [Aller (€), Coût (€)]}
""")
    where = "standards/suivi-des-actions/1.1.0.yaml"

    def line(text: str) -> int:
        return _line_of(complet_copy, REGISTER, text)

    total = line("        compute: {operation: sum, columns: [Coût (€), Coût prévu (€), Échéance]}")
    assert _errors(complet_copy) == [
        f"{where}:{total}:55: erreur : templates[1].columns[4].compute.columns[1] : colonne « Coût prévu (€) » absente du modèle ; "
        "colonnes : Action, Statut, Échéance, Coût (€), Total (€), Part, Boucle (€), Aller (€), Retour (€)",
        f"{where}:{total}:71: erreur : templates[1].columns[4].compute.columns[2] : colonne « Échéance » de type « date (JJ/MM/AAAA) » : "
        "une colonne calculée ne lit que des colonnes numériques",
        f"{where}:{line('        compute: {operation: ratio, columns: [Coût (€), Total (€)]}')}:30: erreur : "
        "templates[1].columns[5].compute.operation : un rapport (ratio) est de type « percentage » ou « number », pas « integer »",
        f"{where}:{line('        compute: {operation: difference, columns: [Boucle (€), Coût (€)]}')}:52: erreur : "
        "templates[1].columns[6].compute.columns[0] : la colonne « Boucle (€) » ne peut pas se calculer à partir d'elle-même",
        f"{where}:{line('        compute: {operation: sum, columns: [Retour (€), Coût (€)]}')}:18: erreur : "
        "templates[1].columns[7].compute : la colonne « Aller (€) » dépend d'elle-même par ses colonnes calculées",
        f"{where}:{line('        compute: {operation: sum, columns: [Aller (€), Coût (€)]}')}:18: erreur : "
        "templates[1].columns[8].compute : la colonne « Retour (€) » dépend d'elle-même par ses colonnes calculées",
    ]


def test_only_a_numeric_column_is_computed(complet_copy: FixtureProject) -> None:
    _with_columns(complet_copy, """      - name: Coût (€)
        type: amount
      - name: Libellé
        compute: {operation: sum, columns: [Coût (€), Coût (€)]}
""")
    label = _line_of(complet_copy, REGISTER, "      - name: Libellé")
    assert _errors(complet_copy) == [
        f"standards/suivi-des-actions/1.1.0.yaml:{label}:9: erreur : templates[1].columns[4] : une colonne calculée (compute) est "
        "numérique : type amount, number, integer ou percentage"]


def test_example_cells_must_match_their_column(complet_copy: FixtureProject) -> None:
    _with_columns(complet_copy, """      - name: Coût (€)
        type: amount
      - name: Reste (€)
        type: amount
        compute: {operation: difference, columns: [Coût (€), Coût (€)]}
""")
    complet_copy.write("standards/suivi-des-actions/exemples/registre-des-actions.yaml", """template: registre-des-actions
title: Exemple
rows:
  - Action: Commander les licences
    Statut: Ouverte
    Échéance: 15/01/2027
    Coût (€): 12 000 €
    Reste (€): 3
""")
    complet_copy.write("standards/suivi-des-actions/exemples/fiche-action.yaml", """template: fiche-action
title: Exemple
project:
  document_version: "1.1"
revisions:
  - {version: "1.0", date: 2024-10-01, author: Pilote, changes: Première version.}
""")
    assert _errors(complet_copy) == [
        "standards/suivi-des-actions/exemples/fiche-action.yaml:4:21: erreur : project.document_version : « 1.1 » diffère de la "
        "dernière révision (« 1.0 ») : retirez document_version, la page de garde reprend la dernière révision",
        "standards/suivi-des-actions/exemples/registre-des-actions.yaml:6:15: erreur : rows[0].Échéance : valeur « 15/01/2027 » : "
        "la colonne attend une valeur de type « date (JJ/MM/AAAA) », par exemple 2027-01-15",
        "standards/suivi-des-actions/exemples/registre-des-actions.yaml:7:15: erreur : rows[0].Coût (€) : valeur « 12 000 € » : "
        "la colonne attend une valeur de type « montant en euros », par exemple 12000.50",
        "standards/suivi-des-actions/exemples/registre-des-actions.yaml:8:16: erreur : rows[0].Reste (€) : colonne calculée : "
        "ne la remplissez pas, le modèle la calcule",
    ]


def test_the_built_site_offers_the_registers_that_compute(variante: FixtureProject) -> None:
    """Through the whole chain (YAML, checks, plan, MkDocs): the downloaded register has its formulas and formats."""
    site = variante.site
    assert site is not None
    ws = load_workbook(site / "standards/suivi-des-actions/1.1.0/registre-des-actions.xlsx").worksheets[0]
    assert (ws["A1"].value, ws["D1"].value, ws["F1"].value) == (TOTALS_LABEL, "=SUBTOTAL(109,D3:D500)", "=SUBTOTAL(109,F3:F500)")
    assert (ws["F3"].value, ws["F3"].number_format) == ('=IF(COUNT(D3,E3)<2,"",D3-E3)', EURO)
    with zipfile.ZipFile(site / "modeles/kit-modeles-2024.2.zip") as kit:
        assert kit.read("1-cadrage/registre-des-actions-v1.1.0.xlsx") == (site / "standards/suivi-des-actions/1.1.0/registre-des-actions.xlsx").read_bytes()


# --- status before its date --------------------------------------------------------------------------------------------

UPCOMING = "À venir — entre en vigueur le 14 octobre 2024"


@pytest.fixture
def upcoming(complet_copy: FixtureProject) -> dict[str, str | bytes]:
    """« complet » where edition 2024.2 (16 September 2024) publishes suivi-des-actions 1.1.0 for 14 October 2024."""
    complet_copy.edit("standards/suivi-des-actions/1.1.0.yaml", "effective_from: 2024-09-16", "effective_from: 2024-10-14").relock()
    loaded = complet_copy.load()
    assert loaded.errors == []
    return {f.src: f.content for f in generate(loaded)}


def test_a_version_published_ahead_of_its_date_is_upcoming_on_every_page(upcoming: dict[str, str | bytes]) -> None:
    current = str(upcoming["standards/suivi-des-actions/index.md"])
    assert f'<dt>Statut</dt><dd><span class="pmo-badge pmo-badge--upcoming">{UPCOMING}</span></dd>' in current
    assert "<dt>Entre en vigueur le</dt><dd>14 octobre 2024</dd>" in current and "En vigueur depuis" not in current
    assert ("<p>Cette version 1.1.0 entre en vigueur le 14 octobre 2024. D'ici là, la "
            '<a href="1.0.0/">version 1.0.0</a> s\'applique.</p>') in current
    assert f"| 1.1.0 | {UPCOMING} |" not in current  # the history links each version: its status is the next cell
    assert f"| {UPCOMING} | 14 octobre 2024 |" in current and "| En vigueur | 1er mars 2024 |" in current
    assert f"| 1.1.0 | {UPCOMING} |" in str(upcoming["standards/index.md"])
    # The version it replaces stays in force until that day.
    previous = str(upcoming["standards/suivi-des-actions/1.0.0/index.md"])
    assert '<span class="pmo-badge pmo-badge--active">En vigueur</span>' in previous
    assert "Cette version 1.0.0 reste en vigueur jusqu'à l'entrée en vigueur de la" in previous and "le 14 octobre 2024" in previous
    assert "Version remplacée" not in previous
    # The gate lists, which mix standards, flag its items.
    gate = str(upcoming["listes-de-controle/feu-vert-planification.md"])
    assert f'PMO-STD-801 v1.1.0 · <span class="pmo-badge pmo-badge--upcoming">{UPCOMING}</span>' in gate


def test_downloads_of_an_upcoming_version_say_so(upcoming: dict[str, str | bytes]) -> None:
    doc = Document(io.BytesIO(bytes(upcoming["standards/suivi-des-actions/1.1.0/fiche-action.docx"])))
    control = _table(doc, "Modèle du référentiel")
    assert control[0][:3] == ["Standard", "Version", "Statut"] and control[1][1:3] == ["1.1.0", UPCOMING]
    sheets = load_workbook(io.BytesIO(bytes(upcoming["standards/suivi-des-actions/1.1.0/registre-des-actions.xlsx"]))).worksheets
    assert next(row[1].value for row in sheets[1].iter_rows() if row[0].value == "Statut") == UPCOMING
    older = Document(io.BytesIO(bytes(upcoming["standards/suivi-des-actions/1.0.0/fiche-action.docx"])))
    assert _table(older, "Modèle du référentiel")[1][2] == "En vigueur"


def test_the_gate_file_data_can_read_the_status(complet_copy: FixtureProject) -> None:
    complet_copy.edit("standards/suivi-des-actions/1.1.0.yaml", "effective_from: 2024-09-16", "effective_from: 2024-10-14").relock()
    cat = complet_copy.load().catalog
    current = cat.current("suivi-des-actions")
    assert current is not None
    line = checklist_line(cat, Entry(current.standard, current.standard.checklist[0]))
    assert (line.status, line.effective_from, line.status_label) == (Status.UPCOMING, dt.date(2024, 10, 14), UPCOMING)
    in_force = cat.in_force("suivi-des-actions")
    assert in_force is not None and in_force.standard.version == "1.0.0"


def test_upcoming_is_never_written_in_a_file(complet_copy: FixtureProject) -> None:
    complet_copy.edit("standards/revue-de-projet/1.0.0.yaml", "status: active", "status: upcoming").relock()
    assert ("standards/revue-de-projet/1.0.0.yaml:6:9: erreur : status : « upcoming » (à venir) ne s'écrit pas : le site le déduit "
            "de la date d'entrée en vigueur (effective_from) ; écrivez « active » ou « draft »") in [p.format() for p in complet_copy.load().errors]


# --- download names -----------------------------------------------------------------------------------------------------


def test_every_word_and_excel_link_carries_its_versioned_download_name(complet: FixtureProject) -> None:
    """Saved from any page, a template keeps the version it follows in its name (« fiche-action-v1.1.0.docx »), the
    item-level « Modèle : … » links of the checklists included; a gate's list is named after its edition."""
    assert complet.site is not None
    links = 0
    for page in sorted(complet.site.rglob("*.html")):
        for tag in re.findall(r'<a [^>]*href="[^"]+\.(?:docx|xlsx)"[^>]*>', page.read_text(encoding="utf-8")):
            href = re.search(r'href="([^"]+)"', tag)
            saved = re.search(r'download="([^"]+)"', tag)
            assert href is not None and saved is not None, f"{page.relative_to(complet.site)} : {tag}"
            stem, ext = href.group(1).rsplit("/", 1)[-1].rsplit(".", 1)
            # A version (« -v1.1.0 ») or an edition (« -2024.2 ») ends the name; a template keeps its own name before it.
            assert re.fullmatch(rf"[a-z0-9.-]+-v?\d+\.\d+(?:\.\d+)?\.{ext}", saved.group(1)), tag
            assert "/standards/" not in "/" + href.group(1) or saved.group(1).startswith(stem), tag
            links += 1
    page = complet.html("standards/suivi-des-actions/index.html")
    assert 'Modèle\u00a0: <a href="1.1.0/fiche-action.docx" download="fiche-action-v1.1.0.docx">Fiche action</a>' in page
    assert links > 20
