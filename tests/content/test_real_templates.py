"""The real templates and examples, as a project manager downloads them: examples read as prose, registers compute,
the kit is by phase with its LISEZMOI, the path is in week order and the answer banks stay with the PMO.

Checks of the content: the renderers themselves are tested on fixture projects (tests/code/test_templates_compute.py).
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from macros.catalog.queries import template_hash
from macros.core.vocabulary import TemplateKind
from macros.model import tr, version_key
from macros.render.files.common import Stamp
from macros.render.files.excel import TOTALS_LABEL, template_xlsx
from tests.support import PROJECT, load_project


def test_filled_word_examples_have_no_line_break_inside_a_paragraph(real_site: Path) -> None:
    examples = sorted(real_site.glob("standards/*/*/*-exemple.docx"))
    assert len(examples) >= 4
    for path in examples:
        body = Document(str(path)).element.body.xml
        # The two page breaks around the table of contents are the only breaks.
        assert re.findall(r"<w:br\b[^>]*/>", body) == ['<w:br w:type="page"/>'] * 2, path.name


def test_the_charter_example_is_approved_and_has_its_revision(real_site: Path) -> None:
    cat = load_project(PROJECT).catalog
    current = cat.current("lancement-de-projet")
    assert current is not None
    doc = Document(str(real_site / f"standards/lancement-de-projet/{current.standard.version}/charte-de-projet-exemple.docx"))
    tables = {t._tbl.tblPr.xpath("string(w:tblCaption/@w:val)"): [[c.text for c in row.cells] for row in t.rows] for t in doc.tables}
    assert tables["Historique des révisions"][1][:2] == ["1.0", "19 février 2027"]
    approved = next(row for row in tables["Approbation"] if row[0].startswith("Approuvé par"))
    assert approved[2:] == ["25 février 2027", "Signé"] and approved[1].startswith("Claire Martin")


def test_the_filled_risk_register_shows_dates_as_dates(real_site: Path) -> None:
    cat = load_project(PROJECT).catalog
    current = cat.current("gestion-des-risques")
    assert current is not None
    ws = load_workbook(real_site / f"standards/gestion-des-risques/{current.standard.version}/registre-des-risques-exemple.xlsx").worksheets[0]
    head = 2 if ws["A1"].value == TOTALS_LABEL else 1  # a totals row comes first once the provision is money
    header = [c.value for c in ws[head]]
    cell = ws.cell(row=head + 1, column=header.index("Date d'identification") + 1)
    assert cell.is_date and cell.number_format == "DD/MM/YYYY"
    assert len(ws.title) <= 31 and ws.title == "Registre des risques"


def test_the_next_budget_tracker_computes() -> None:
    """The latest version of the budget standard (in preparation until the shared edition publishes it): its tracker adds
    up the money, and works out the estimate at completion and the variance in euros and percent."""
    cat = load_project(PROJECT).catalog
    versions = cat.standards["budget-et-couts"]
    latest = versions[max(versions, key=version_key)].standard
    template = next(t for t in latest.templates if t.id == "suivi-budgetaire")
    stamp = Stamp(latest.id, tr(latest.title), latest.version, "à venir", latest.effective_from, template_hash(latest, template))
    ws = load_workbook(io.BytesIO(template_xlsx(latest, template, stamp))).worksheets[0]
    header = [c.value for c in ws[2]]
    letter = {name: chr(ord("A") + i) for i, name in enumerate(header)}
    eac, variance, percent = (letter[n] for n in ("Estimation à terminaison (€)", "Écart au budget de référence (€)",
                                                  "Écart au budget de référence (%)"))
    consumed, remaining, baseline = (letter[n] for n in ("Consommé (€)", "Reste à dépenser (€)", "Budget de référence (€)"))
    assert ws[f"{eac}3"].value == f'=IF(COUNT({consumed}3,{remaining}3)=0,"",SUM({consumed}3,{remaining}3))'
    assert ws[f"{variance}3"].value == f'=IF(COUNT({eac}3,{baseline}3)<2,"",{eac}3-{baseline}3)'
    assert ws[f"{percent}3"].value == f'=IF(OR(COUNT({variance}3,{baseline}3)<2,{baseline}3=0),"",{variance}3/{baseline}3)'
    assert ws[f"{baseline}1"].value == f"=SUBTOTAL(109,{baseline}3:{baseline}500)"
    assert ws.column_dimensions[baseline].number_format == '#,##0.00\\ "€"'
    planning_versions = cat.standards["planification"]
    planning = planning_versions[max(planning_versions, key=version_key)].standard
    columns = {tr(c.name): c.type for t in planning.templates if t.kind == TemplateKind.REGISTER for c in t.columns}
    assert (columns["Avancement (%)"], columns["Durée prévue (jours ouvrés)"]) == ("percentage", "integer")


def test_the_kit_is_by_phase_without_an_answer_bank(real_site: Path) -> None:
    cat = load_project(PROJECT).catalog
    edition = cat.current_edition()
    assert edition is not None
    with zipfile.ZipFile(real_site / f"modeles/kit-modeles-{edition.id}.zip") as kit:
        names = kit.namelist()
        readme = kit.read("LISEZMOI.txt").decode("utf-8-sig")
    assert names[:2] == ["LISEZMOI.txt", "manifeste.csv"]
    folders = {name.split("/")[0] for name in names[2:]}
    assert folders == {"1-cadrage", "2-planification", "3-execution", "4-cloture", "pmo-et-portefeuille"}
    assert all(name.endswith((".docx", ".xlsx")) for name in names[2:])
    for name in names[2:]:
        assert name.split("/")[1] in readme, name


def test_the_path_is_in_week_order_and_the_banks_stay_with_the_pmo(real_site: Path) -> None:
    html = (real_site / "parcours/index.html").read_text(encoding="utf-8")
    nav = re.findall(r'<a href="quiz/[^"]+/" class="md-nav__link">\s*<span class="md-ellipsis">\s*([^<]+?)\s*</span>', html)
    assert nav[0] == "Semaine 1 — Le rôle du PMO"
    weeks = [int(m.group(1)) for t in nav if (m := re.match(r"Semaine (\d)", t))]
    assert weeks == [1, 2, 3, 4]
    assert not list(real_site.glob("parcours/**/*.xml"))
    assert len(list(real_site.glob("pmo/banque-de-questions/*-moodle.xml"))) == 7
    for page in real_site.glob("parcours/**/*.html"):
        assert "moodle" not in page.read_text(encoding="utf-8").lower(), page
