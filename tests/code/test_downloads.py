"""Downloadable files: Word, Excel, CSV, Markdown and kit zip have the right content and are reproducible."""
from __future__ import annotations

import copy
import csv
import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from macros.catalog.queries import item_roles, template_hash
from macros.loading.yaml_reader import load_yaml_model, parse_yaml
from macros.model import Example, Standard, Template, tr
from macros.pages.checklist import ChecklistLine, RoleRef
from macros.pages.kit import KitFile, KitPage
from macros.pages.templates import TemplateRoles
from macros.render.files.common import CHECKLIST_HEADERS, CONTROL_HEADERS, DOCX_EMPTY_ROWS, Stamp
from macros.render.files.csv_text import checklist_csv, csv_cell, template_csv
from macros.render.files.excel import checklist_xlsx, raci_xlsx, template_xlsx
from macros.render.files.kit import kit_zip
from macros.render.files.markdown_text import _md_block, template_md
from macros.render.files.word import _base_docx, template_docx
from macros.render.files.workbook import sheet_title as _sheet_title
from tests.support import FIXTURES

DEMO = FIXTURES / "mini" / "standards" / "demo" / "1.0.0.yaml"
DATE = dt.date(2026, 1, 15)
INJECTIONS = ('=HYPERLINK("http://exemple.invalid","clic")', "+1", "-1", "@SUM(A1:A2)")


def _data() -> dict[str, Any]:
    doc, problems = parse_yaml(DEMO.read_text(encoding="utf-8"), "demo.yaml")
    assert doc is not None and not problems
    return copy.deepcopy(doc.data)


@pytest.fixture(scope="module")
def demo() -> Standard:
    standard, _, problems = load_yaml_model(DEMO, Standard, "demo.yaml")
    assert standard is not None, problems
    return standard


@pytest.fixture(scope="module")
def hostile() -> Standard:
    """The demo standard with texts a spreadsheet could take for formulas, and Markdown syntax."""
    data = _data()
    document, register = data["templates"]
    document["title"] = INJECTIONS[0]
    document["sections"][0]["title"] = "Coûts | délais"
    document["sections"][0]["table"] = ["Poste | ligne", "-1"]
    document["sections"][0]["guidance"] = "Première ligne <b>&amp;</b>\nSeconde\tligne"
    register["title"] = "=Registre: [risques]/projets*?"
    register["columns"] = [{"name": text} for text in INJECTIONS] + [
        {"name": "Statut", "type": "choice", "values": ["Ouvert, en cours", "Fermé"], "help": "=aide"},
        {"name": "Montant", "type": "number", "width": 20},
    ]
    data["checklist"][0]["text"] = "=1+1"
    return Standard.model_validate(data)


def _stamp(standard: Standard, template: Template) -> Stamp:
    return Stamp(standard.id, tr(standard.title), standard.version, "2021.1", DATE, template_hash(standard, template), "En vigueur")


def _docx(demo: Standard) -> Any:
    template = demo.templates[0]
    return Document(io.BytesIO(template_docx(demo, template, _stamp(demo, template))))


def _sheet(data: bytes, index: int = 0) -> Worksheet:
    return load_workbook(io.BytesIO(data)).worksheets[index]


def _register(standard: Standard) -> bytes:
    template = standard.templates[1]
    return template_xlsx(standard, template, _stamp(standard, template))


def _checklist_rows(standard: Standard) -> list[ChecklistLine]:
    """Lines as the page data makes them (macros.pages.checklist), with ids where a catalogue would give names."""
    return [ChecklistLine(standard_id=standard.id, standard_title=str(standard.title), slug=standard.slug, version=standard.version,
                          item_id=item.id, phase=item.phase, phase_name=item.phase, level=item.level, only_if=tuple(item.only_if),
                          condition="", text=str(item.text), doers=tuple(RoleRef(r, r) for r in doers),
                          approver=RoleRef(approver, approver) if approver else None, template_id=item.template,
                          template_title=item.template or "", template_file=None, evidence="",
                          tick_key=f"{standard.id}@{standard.version}#{item.id}")
            for item in standard.checklist for doers, approver in [item_roles(standard, item)]]


def _table(doc: Any, caption: str) -> Any:
    """A Word table found by its caption (w:tblCaption), as a screen reader announces it."""
    return next(t for t in doc.tables if t._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == caption)


def _validation(ws: Worksheet, column: str) -> Any:
    return next(dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith(column))


# --- Word ----------------------------------------------------------------------------------------------


def test_docx_title_page(demo: Standard) -> None:
    doc = _docx(demo)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Charte de démonstration"
    assert doc.paragraphs[0].style.name == "Title"
    assert texts[1] == "Standard de démonstration (PMO-STD-001)"
    assert doc.paragraphs[1].style.name == "Subtitle"
    assert texts[2] == "Une charte courte."
    # The cover the project fills in, then its revision history and approvals, before the template's own stamp.
    cover = _table(doc, "Identification du document")
    assert [[c.text for c in row.cells] for row in cover.rows] == [
        ["Rubrique", "Valeur"], ["Projet", "[Nom du projet]"], ["Code du projet", "[Code]"],
        ["Version du document", "[0.1]"], ["Date", "[JJ/MM/AAAA]"]]
    revisions = _table(doc, "Historique des révisions")
    assert [c.text for c in revisions.rows[0].cells] == ["Version", "Date", "Auteur", "Modifications"]
    assert len(revisions.rows) == 1 + DOCX_EMPTY_ROWS
    approval = _table(doc, "Approbation")
    assert [row.cells[0].text for row in approval.rows] == ["Rôle", "Rédigé par", "Vérifié par", "Approuvé par"]
    assert [c.text for c in approval.rows[0].cells] == ["Rôle", "Nom", "Date", "Visa"]
    assert texts.index("Historique des révisions") < texts.index("Approbation") < texts.index("Modèle du référentiel")


def test_docx_control_block(demo: Standard) -> None:
    doc = _docx(demo)
    control = _table(doc, "Modèle du référentiel")
    assert [c.text for c in control.rows[0].cells] == list(CONTROL_HEADERS)
    assert CONTROL_HEADERS == ("Standard", "Version", "Statut", "Édition", "Date", "Empreinte du contenu")
    expected_hash = template_hash(demo, demo.templates[0])
    assert [c.text for c in control.rows[1].cells] == [
        "PMO-STD-001 — Standard de démonstration", "1.0.0", "En vigueur", "2021.1", "15 janvier 2026", expected_hash]
    assert len(expected_hash) == 12
    assert expected_hash in doc.sections[0].footer.paragraphs[0].text


def test_docx_sections(demo: Standard) -> None:
    doc = _docx(demo)
    headings = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in headings] == ["Sommaire", "Objectifs"]
    # The table of contents is a TOC field over headings 1 and 2, which Word fills when the document opens.
    assert ' TOC \\o "1-2" \\h \\z \\u ' in doc.element.body.xml
    texts = [p.text for p in doc.paragraphs]
    guidance = texts[texts.index("Objectifs") + 1]
    assert guidance == "Consigne\u00a0: Décrire les objectifs du projet."  # French typography: no-break space before the colon
    table = _table(doc, "Objectifs")
    assert [c.text for c in table.rows[0].cells] == ["Objectif", "Indicateur"]
    assert len(table.rows) == 1 + DOCX_EMPTY_ROWS
    assert all(c.text == "" for row in table.rows[1:] for c in row.cells)
    for t in doc.tables:
        header = t.rows[0]._tr.trPr.find(qn("w:tblHeader"))
        assert header is not None and header.get(qn("w:val")) == "true"
        assert t.rows[1]._tr.trPr is None or t.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
        # Rows to fill in leave room to write by hand: at least 0.8 cm (454 twentieths of a point).
        height = t.rows[1]._tr.trPr.find(qn("w:trHeight"))
        assert (height.get(qn("w:val")), height.get(qn("w:hRule"))) == ("454", "atLeast")


def test_docx_properties_and_language(demo: Standard) -> None:
    template = demo.templates[0]
    data = template_docx(demo, template, _stamp(demo, template))
    doc = Document(io.BytesIO(data))
    props = doc.core_properties
    assert props.title == "Charte de démonstration"
    assert props.language == "fr-FR"
    assert props.subject == "Standard de démonstration"
    assert props.author == "PMO"
    assert props.revision == 1
    midnight = dt.datetime(2026, 1, 15, 0, 0)
    assert props.created.replace(tzinfo=None) == midnight
    assert props.modified.replace(tzinfo=None) == midnight
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("word/styles.xml").decode()
        assert '<w:lang w:val="fr-FR"' in styles
        assert "python-docx" not in archive.read("docProps/core.xml").decode()
        assert all(info.date_time == (2026, 1, 15, 0, 0, 0) for info in archive.infolist())
        assert archive.namelist()[0] == "[Content_Types].xml"
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_docx_injection_text_kept_verbatim(hostile: Standard) -> None:
    template = hostile.templates[0]
    doc = Document(io.BytesIO(template_docx(hostile, template, _stamp(hostile, template))))
    assert doc.paragraphs[0].text == INJECTIONS[0]
    assert doc.core_properties.title == INJECTIONS[0]
    assert [c.text for c in _table(doc, "Coûts | délais").rows[0].cells] == ["Poste | ligne", "-1"]
    texts = [p.text for p in doc.paragraphs]
    # Markup in the data is text; a wrapped line of the YAML is the same paragraph (no line break), a tab a space.
    assert "Consigne\u00a0: Première ligne <b>&amp;</b> Seconde ligne" in texts


def test_docx_refuses_register(demo: Standard) -> None:
    template = demo.templates[1]
    with pytest.raises(ValueError, match="réservé aux modèles « document »"):
        template_docx(demo, template, _stamp(demo, template))


# --- Excel ---------------------------------------------------------------------------------------------


def test_xlsx_register_layout(demo: Standard) -> None:
    ws = _sheet(_register(demo))
    assert ws.title == "Registre de démonstration"
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == ["Risque", "Probabilité", "Échéance"]
    for cell in ws[1]:
        assert cell.font.bold
        assert cell.fill.fill_type == "solid"
        assert cell.border.bottom.style == "thin"
    assert not ws.merged_cells.ranges
    assert ws.column_dimensions["A"].width == 10  # « Risque » is short: the minimum width
    assert ws.column_dimensions["B"].width == 13  # « Probabilité » is 11 characters, plus margin
    assert ws.column_dimensions["C"].number_format == "DD/MM/YYYY"


def test_xlsx_register_validations(demo: Standard) -> None:
    ws = _sheet(_register(demo))
    choice = _validation(ws, "B")
    assert choice.type == "list"
    assert "Faible,Moyenne,Forte" in choice.formula1
    assert choice.formula1 == '"Faible,Moyenne,Forte"'
    assert str(choice.sqref) == "B2:B500"
    assert not choice.showDropDown  # True would hide the arrow
    assert _validation(ws, "C").type == "date"


def test_xlsx_about_sheet_and_properties(demo: Standard) -> None:
    data = _register(demo)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Registre de démonstration", "À propos"]
    about = {row[0]: row[1] for row in wb["À propos"].iter_rows(max_col=2, values_only=True) if row[0]}
    assert about["Standard"] == "PMO-STD-001 — Standard de démonstration"
    assert about["Version"] == "1.0.0"
    assert about["Édition"] == "2021.1"
    assert about["Date"] == dt.datetime(2026, 1, 15)
    assert about["Empreinte du contenu"] == template_hash(demo, demo.templates[1])
    columns = [row for row in wb["À propos"].iter_rows(values_only=True) if row[0] == "Probabilité"]
    assert columns == [("Probabilité", "liste de valeurs", "Faible, Moyenne, Forte", None)]
    assert all(not ws.merged_cells.ranges for ws in wb.worksheets)
    assert wb.properties.title == "Registre de démonstration"
    assert wb.properties.creator == "PMO"
    assert wb.properties.language == "fr-FR"
    assert wb.properties.created == wb.properties.modified == dt.datetime(2026, 1, 15)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert all(info.date_time == (2026, 1, 15, 0, 0, 0) for info in archive.infolist())


def test_xlsx_formula_injection_stays_text(hostile: Standard) -> None:
    data = _register(hostile)
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    for cell, text in zip(ws[1], INJECTIONS, strict=False):
        assert cell.value == text
        assert cell.data_type == "s", text
        assert cell.quotePrefix, text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    help_cells = [c for row in wb["À propos"].iter_rows() for c in row if c.value == "=aide"]
    assert help_cells and all(c.data_type == "s" for c in help_cells)


def test_xlsx_sheet_name_sanitised(hostile: Standard) -> None:
    title = _sheet(_register(hostile)).title
    assert len(title) <= 31
    assert not set(title) & set("[]:*?/\\")


def test_xlsx_list_with_comma_uses_list_sheet(hostile: Standard) -> None:
    wb = load_workbook(io.BytesIO(_register(hostile)))
    status = _validation(wb.worksheets[0], "E")
    assert status.formula1 == "'Listes'!$A$2:$A$3"
    assert [c.value for c in wb["Listes"]["A"]] == ["Statut", "Ouvert, en cours", "Fermé"]
    assert wb.sheetnames[-1] == "Listes"
    assert wb.worksheets[0].column_dimensions["F"].width == 20
    assert wb.worksheets[0].column_dimensions["F"].number_format == "#,##0.00"


@pytest.mark.parametrize(("text", "expected"), [
    ("Registre des risques", "Registre des risques"),
    ("a/b\\c[d]e:f*g?h", "a b c d e f g h"),
    ("'cité'", "cité"),
    ("x" * 40, "x" * 31),
    ("", "Modèle"),
    ("History", "Modèle"),
])
def test_sheet_title(text: str, expected: str) -> None:
    assert _sheet_title(text) == expected


def test_sheet_title_unique() -> None:
    assert _sheet_title("À propos", ["à propos"]) == "À propos (2)"


def test_xlsx_refuses_document(demo: Standard) -> None:
    template = demo.templates[0]
    with pytest.raises(ValueError, match="réservé aux modèles « register »"):
        template_xlsx(demo, template, _stamp(demo, template))
    with pytest.raises(ValueError):
        template_csv(demo, template)


# --- CSV -----------------------------------------------------------------------------------------------


def test_csv_register(demo: Standard) -> None:
    data = template_csv(demo, demo.templates[1])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data == "\ufeffRisque;Probabilité;Échéance\r\n".encode()


def test_csv_injection_prefixed(hostile: Standard) -> None:
    text = template_csv(hostile, hostile.templates[1]).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[:4] == ["'" + t for t in INJECTIONS]
    assert header[4:] == ["Statut", "Montant"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cell_prefix(start: str) -> None:
    assert csv_cell(start + "x") == "'" + start + "x"
    assert csv_cell("x" + start) == "x" + start


def test_checklist_csv(demo: Standard, hostile: Standard) -> None:
    text = checklist_csv(_checklist_rows(demo) + _checklist_rows(hostile)).decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    # Who does the item and who approves it: the R and the A of the RACI row that covers it.
    assert rows[0] == ["Standard", "Version", "Identifiant", "Phase", "Niveau", "Exigence", "Réalise (R)", "Approuve (A)", "Modèle",
                       "Preuve attendue", "Statut", "Justification (si non applicable)", "Preuve fournie", "Date"]
    assert rows[1] == ["PMO-STD-001", "1.0.0", "DEM-01", "cadrage", "Obligatoire", "Rédiger la charte du projet.",
                       "chef-de-projet", "sponsor", "charte-demo", "", "À faire", "", "", ""]
    assert rows[2][4] == "Recommandé"
    assert rows[3][5] == "'=1+1"


# --- checklist and RACI workbooks ----------------------------------------------------------------------


def test_checklist_xlsx(demo: Standard, hostile: Standard) -> None:
    stamp = Stamp("", "", "", "2021.1", DATE, "")
    rows = _checklist_rows(demo) + _checklist_rows(hostile)
    wb = load_workbook(io.BytesIO(checklist_xlsx("Jalon : lancement", rows, stamp)))
    ws = wb.worksheets[0]
    assert ws.title == "Jalon lancement"
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == list(CHECKLIST_HEADERS) and ws["K1"].font.bold
    assert ws["F2"].value == "Rédiger la charte du projet."
    assert (ws["G2"].value, ws["H2"].value) == ("chef-de-projet", "sponsor")
    assert ws["F4"].value == "=1+1" and ws["F4"].data_type == "s"
    assert {ws.cell(r, 11).value for r in range(2, len(rows) + 2)} == {"À faire"}
    status = _validation(ws, "K")
    assert status.formula1 == '"À faire,Fait,Non applicable"'
    assert str(status.sqref) == f"K2:K{len(rows) + 1}"
    date = _validation(ws, "N")
    assert date.type == "date" and str(date.sqref) == f"N2:N{len(rows) + 1}"
    # A line marked « Non applicable » without its justification turns red until one is written.
    rule = ws.conditional_formatting["L2:L" + str(len(rows) + 1)][0]
    assert rule.formula == ['AND($K2="Non applicable",LEN($L2)=0)']
    # « Obligatoire » and « Obligatoire si … » stand out alike.
    level = ws.conditional_formatting["E2:E" + str(len(rows) + 1)][0]
    assert level.formula == ['LEFT($E2,11)="Obligatoire"']
    assert not ws.merged_cells.ranges
    assert wb.sheetnames == ["Jalon lancement", "À propos"]


def test_raci_xlsx() -> None:
    stamp = Stamp("", "", "", "2021.1", DATE, "")
    roles = [("chef-de-projet", "Chef de projet"), ("sponsor", "Sponsor"), ("pmo", "PMO")]
    rows = [("PMO-STD-001", "Rédiger la charte", {"chef-de-projet": "R", "sponsor": "A", "pmo": "C"}),
            ("PMO-STD-005", "Tenir le registre", {"chef-de-projet": "R, A"})]
    wb = load_workbook(io.BytesIO(raci_xlsx(roles, rows, stamp)))
    ws = wb["Matrice RACI"]
    assert [c.value for c in ws[1]] == ["Standard", "Activité", "Chef de projet", "Sponsor", "PMO"]
    assert [c.value for c in ws[2]] == ["PMO-STD-001", "Rédiger la charte", "R", "A", "C"]
    assert [c.value for c in ws[3]] == ["PMO-STD-005", "Tenir le registre", "R, A", None, None]
    assert ws.freeze_panes == "C2"
    legend = {r[0]: r[1] for r in wb["Légende"].iter_rows(values_only=True) if r[0]}
    assert legend["A"] == "Approuve (rend des comptes)"


# --- Markdown ------------------------------------------------------------------------------------------


def test_md_document(demo: Standard, hostile: Standard) -> None:
    template = demo.templates[0]
    text = template_md(demo, template, _stamp(demo, template)).decode()
    assert text.startswith("# Charte de démonstration\n")
    assert "## Objectifs\n\n> **Consigne :** Décrire les objectifs du projet.\n" in text
    assert "| Objectif | Indicateur |\n| --- | --- |\n|  |  |\n" in text
    assert "| PMO-STD-001 — Standard de démonstration | 1.0.0 | En vigueur | 2021.1 | 15 janvier 2026 |" in text
    bad = hostile.templates[0]
    text = template_md(hostile, bad, _stamp(hostile, bad)).decode()
    assert "## Coûts \\| délais" in text
    assert "| Poste \\| ligne | -1 |" in text


def test_md_register(demo: Standard) -> None:
    template = demo.templates[1]
    text = template_md(demo, template, _stamp(demo, template)).decode()
    assert "| Risque | Probabilité | Échéance |\n| --- | --- | --- |\n" in text
    assert "- **Probabilité** : liste de valeurs ; valeurs permises : Faible, Moyenne, Forte" in text


def test_md_block_escapes_line_starts() -> None:
    # A line opening a list item is a paragraph of its own (the data means that break), kept as text.
    assert _md_block("- pas une liste\n1. pas une liste\n\n# pas un titre") == [
        "\\- pas une liste", "", "1\\. pas une liste", "", "\\# pas un titre"]


# --- kit and reproducibility ---------------------------------------------------------------------------


def _kit(files: list[tuple[str, str]], contents: dict[str, bytes] | None = None) -> tuple[KitPage, dict[str, bytes]]:
    """A kit page of (folder, name) files, each file's bytes read from `contents` by its name (b"x" by default)."""
    page = KitPage("2021.1", DATE, [("1-cadrage", "Cadrage")], [
        KitFile(folder, name, f"standards/demo/1.0.0/{name}", "Charte", "PMO-STD-001", "Démonstration", "1.0.0", "En vigueur",
                "Une charte courte.", ["DEM-01"], example=False) for folder, name in files])
    return page, {f"standards/demo/1.0.0/{name}": (contents or {}).get(name, b"x") for _, name in files}


def test_kit_zip_manifest(demo: Standard) -> None:
    document, _ = demo.templates
    contents = {"registre-demo.xlsx": _register(demo), "charte-demo.docx": template_docx(demo, document, _stamp(demo, document))}
    page, data = _kit([("1-cadrage", "charte-demo.docx"), ("1-cadrage", "registre-demo.xlsx")], contents)
    with zipfile.ZipFile(io.BytesIO(kit_zip(page, data, _stamp(demo, document)))) as archive:
        assert archive.namelist() == ["LISEZMOI.txt", "manifeste.csv", "1-cadrage/charte-demo.docx", "1-cadrage/registre-demo.xlsx"]
        for info in archive.infolist():
            assert info.date_time == (2026, 1, 15, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644
        manifest = list(csv.reader(io.StringIO(archive.read("manifeste.csv").decode("utf-8-sig")), delimiter=";"))
        assert manifest[0] == ["fichier", "modèle", "standard", "version", "sha256"]
        assert len(manifest) == 3
        for path, template, standard_id, version, digest in manifest[1:]:
            assert digest == hashlib.sha256(archive.read(path)).hexdigest()
            assert (template, standard_id, version) == ("Charte", "PMO-STD-001", "1.0.0")
        assert archive.read("1-cadrage/registre-demo.xlsx") == contents["registre-demo.xlsx"]


@pytest.mark.parametrize(("folder", "name"), [("", "abs.csv"), ("a/..", "b.csv"), ("a\\b", "c.csv"), ("a", ""), ("a", ".")])
def test_kit_zip_refuses_bad_paths(folder: str, name: str) -> None:
    stamp = Stamp("", "", "", "2021.1", DATE, "")
    with pytest.raises(ValueError, match="chemin d'archive invalide"):
        kit_zip(*_kit([(folder, name)]), stamp)
    with pytest.raises(ValueError, match="deux fois"):
        kit_zip(*_kit([("a", "b.csv"), ("a", "b.csv")]), stamp)


def test_template_hash() -> None:
    data = _data()
    data["templates"][0]["title"] = {"fr": "Charte", "en": "Charter"}
    first = Standard.model_validate(data)
    data["templates"][0]["title"] = {"en": "Charter", "fr": "Charte"}
    reordered = Standard.model_validate(data)
    assert template_hash(first, first.templates[0]) == template_hash(reordered, reordered.templates[0])
    data["version"] = "1.0.1"
    bumped = Standard.model_validate(data)
    assert template_hash(first, first.templates[0]) != template_hash(bumped, bumped.templates[0])


def _renderers(standard: Standard) -> dict[str, Callable[[], bytes]]:
    document, register = standard.templates
    doc_stamp, reg_stamp = _stamp(standard, document), _stamp(standard, register)
    rows = _checklist_rows(standard)
    roles = [("chef-de-projet", "Chef de projet"), ("sponsor", "Sponsor")]
    raci = [(standard.id, "Rédiger la charte", {"chef-de-projet": "R", "sponsor": "A"})]
    return {
        "docx": lambda: template_docx(standard, document, doc_stamp),
        "xlsx": lambda: template_xlsx(standard, register, reg_stamp),
        "csv": lambda: template_csv(standard, register),
        "md-document": lambda: template_md(standard, document, doc_stamp),
        "md-register": lambda: template_md(standard, register, reg_stamp),
        "checklist-csv": lambda: checklist_csv(rows),
        "checklist-xlsx": lambda: checklist_xlsx("Liste", rows, reg_stamp),
        "raci-xlsx": lambda: raci_xlsx(roles, raci, reg_stamp),
        "kit": lambda: kit_zip(*_kit([("1-cadrage", "b.docx"), ("2-planification", "a.xlsx")]), doc_stamp),
    }


@pytest.mark.parametrize("name", ["docx", "xlsx", "csv", "md-document", "md-register", "checklist-csv",
                                  "checklist-xlsx", "raci-xlsx", "kit"])
@pytest.mark.parametrize("fixture", ["demo", "hostile"])
def test_reproducible(name: str, fixture: str, request: pytest.FixtureRequest) -> None:
    render = _renderers(request.getfixturevalue(fixture))[name]
    first = render()
    _base_docx.cache_clear()  # the cached Word base must itself be rebuilt identically
    assert render() == first


def test_about_sheet_without_standard() -> None:
    stamp = Stamp("", "Référentiel PMO", "", "2021.1", DATE, "")
    wb = load_workbook(io.BytesIO(checklist_xlsx("Liste", [], stamp)))
    about = {r[0]: r[1] for r in wb["À propos"].iter_rows(values_only=True) if r[0]}
    assert about == {"Liste de contrôle": "Liste", "Source": "Référentiel PMO", "Édition": "2021.1",
                     "Date": dt.datetime(2026, 1, 15)}
    assert str(_validation(wb.worksheets[0], "K").sqref) == "K2"  # one empty line still gets the drop-down


# --- who does what, from the RACI, in the templates ----------------------------------------------------

ROLES = TemplateRoles(doers=("Chef de projet",), approvers=("Sponsor",), role_names={"sponsor": "Sponsor", "copil": "Comité de pilotage"})


def test_word_template_names_who_writes_and_who_approves(demo: Standard) -> None:
    template = demo.templates[0]
    doc = Document(io.BytesIO(template_docx(demo, template, _stamp(demo, template), None, ROLES)))
    assert "Selon le RACI du standard\u00a0: réalisé par Chef de projet (R), approuvé par Sponsor (A)." in [p.text for p in doc.paragraphs]
    approval = _table(doc, "Approbation")
    assert [row.cells[0].text for row in approval.rows] == [
        "Rôle", "Rédigé par\u00a0: Chef de projet (R)", "Vérifié par", "Approuvé par\u00a0: Sponsor (A)"]
    # Without the RACI's word (a file made outside a site), the approval table stays blank to fill in.
    assert [row.cells[0].text for row in _table(_docx(demo), "Approbation").rows] == ["Rôle", "Rédigé par", "Vérifié par", "Approuvé par"]


def test_markdown_and_excel_templates_name_who_does_what(demo: Standard) -> None:
    document, register = demo.templates
    text = template_md(demo, document, _stamp(demo, document), None, ROLES).decode("utf-8")
    assert "Selon le RACI du standard\u00a0: réalisé par Chef de projet (R), approuvé par Sponsor (A)." in text
    about = {r[0]: r[1] for r in _sheet(template_xlsx(demo, register, _stamp(demo, register), None, ROLES), 1).iter_rows(values_only=True) if r[0]}
    assert (about["Réalise (R)"], about["Approuve (A)"]) == ("Chef de projet", "Sponsor")


MATRIX = {
    "probability": [{"id": "faible", "name": "Faible", "definition": "Peu probable."}, {"id": "forte", "name": "Forte", "definition": "Probable."}],
    "impact": [{"id": "faible", "name": "Faible", "definition": "Absorbé."},
               {"id": "fort", "name": "Fort", "definition": "Décision du comité.", "decided_by": "copil"}],
    "criticality": [{"id": "basse", "name": "Basse", "action": "Surveiller.", "escalates_to": "sponsor"},
                    {"id": "haute", "name": "Haute", "action": "Présenter au comité.", "escalates_to": "copil"}],
    "matrix": {"faible": {"faible": "basse", "fort": "haute"}, "forte": {"faible": "basse", "fort": "haute"}},
}


def test_scales_say_who_decides_and_whom_each_level_reaches() -> None:
    data = _data()
    data["risk_matrix"] = MATRIX
    data["templates"][1]["columns"] += [{"name": "Probabilité", "type": "choice", "scale": "probability"},
                                        {"name": "Impact", "type": "choice", "scale": "impact"},
                                        {"name": "Criticité", "type": "choice", "scale": "criticality"}]
    standard = Standard.model_validate(data)
    document, register = standard.templates
    text = template_md(standard, document, _stamp(standard, document), None, ROLES).decode("utf-8")
    assert "| Niveau | Définition | Qui décide |\n| --- | --- | --- |\n| Faible | Absorbé. | — |\n| Fort | Décision du comité. | Comité de pilotage |" in text
    assert "| Criticité | Réponse attendue | Remonte à |\n| --- | --- | --- |\n| Basse | Surveiller. | Sponsor |\n| Haute | Présenter au comité. | Comité de pilotage |" in text
    # A filled example's criticality is the matrix's, whatever the example wrote.
    example = Example.model_validate({"template": register.id, "title": "Exemple", "project": {},
                                      "rows": [{"Probabilité": "Faible", "Impact": "Fort", "Criticité": "Basse"}]})
    filled = template_md(standard, register, _stamp(standard, register), example, ROLES).decode("utf-8")
    assert "| Faible | Fort | Haute |" in filled
