"""« Mon dossier de jalon » (docs/assets/javascripts/dossier*.js) end to end in real Chromium: projects, statuses with
their justification and evidence saved as they are typed, the compact lines and their filters, the gate's verdict,
exports (Excel, CSV, project file, printed report) against Python's contract, a project loaded over itself, the
migration of the old checklist ticks, a wording changed since a tick, and axe-core at 1280, 375 and 320 px.

The site is « complet » with what the gate file needs to show everything (support.with_categories_and_criteria):
three categories of project, an item recommended for a light project and one not applicable to it, and a gate with
two criteria (one an item, one of its own). Every test opens its own browser context and ends by checking that no
request left 127.0.0.1, no dialog opened and no script error happened. Storage and hostile input:
test_dossier_safety_browser.py.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe

from macros.render.files.common import CHECKLIST_HEADERS
from macros.render.files.gate_file import CRITERIA_COLUMNS, LIST_COLUMNS
from tests.support import (
    DOSSIER_DATA,
    DossierTab,
    create_project,
    dossier_line,
    expect_said,
    mark,
    plain,
    stored_dossier,
)

pytestmark = pytest.mark.browser

GATE = "feu-vert-execution"
ACT01 = "PMO-STD-801#ACT-01"  # the gate's criterion that is an item (phase cadrage); its wording changed in 1.1.0
ACT02 = "PMO-STD-801#ACT-02"  # planification: mandatory, recommended for a light project
REV02 = "PMO-STD-802#REV-02"  # planification: mandatory, not applicable to a light project
BUDGET = f"{GATE}#budget-approuve"  # the gate's own criterion
# Python's: the site's blank checklists' columns, and the project's characteristic an item depends on.
LIST_HEADERS = [header for _, header, _ in LIST_COLUMNS]
CRITERIA_HEADERS = [header for _, header, _ in CRITERIA_COLUMNS]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FRENCH_DATE = re.compile(r"\b(?:1er|[12]?\d|3[01]) (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
                         r"novembre|décembre) \d{4}\b")
# A project A ready for the gate, a project B that is not.
EVIDENCE_LINK = "https://intranet.example/projets/prj-42/registre-des-actions.xlsx"
EVIDENCE_FORMULA = '=HYPERLINK("https://intranet.example","ouvrir")'
JUSTIFICATION_A = "Planning présenté au comité de direction ; pas de revue séparée."
JUSTIFICATION_B = "Budget porté par le programme « Messagerie 2026 »."


@pytest.fixture(scope="module")
def data(dossier_site: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((dossier_site / DOSSIER_DATA).read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def axe() -> Any:
    return Axe()


@pytest.fixture
def tabs(browser: Any, dossier_url: str) -> Iterator[Callable[..., DossierTab]]:
    opened: list[DossierTab] = []

    def make(width: int = 1280, scheme: str = "light") -> DossierTab:
        tab = DossierTab(browser, dossier_url, width, scheme)
        opened.append(tab)
        return tab

    yield make
    for tab in opened:
        # Every test's last word: nothing fetched from outside, no dialog (alert, confirm...), no script error.
        assert tab.close() == ([], [], [])


# --- helpers ----------------------------------------------------------------------------------------------


def card(page: Any, key: str, context: str = "i") -> Any:
    return dossier_line(page, key, context)


def status_of(page: Any, key: str, context: str = "i") -> str:
    value: str = card(page, key, context).get_by_label(re.compile(r"^Statut de ")).input_value()
    return value


def evidence_of(page: Any, key: str, context: str = "i") -> str:
    value: str = card(page, key, context).get_by_label(re.compile(r"^Preuve fournie")).input_value()
    return value


def details(page: Any, key: str, context: str = "i") -> str:
    """A line's unfolded details, made plain (unfolded first if needed)."""
    line = card(page, key, context)
    toggle = line.locator("button.pmo-dossier__more")
    if toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    return plain(line.locator(".pmo-dossier__details").inner_text())


def fill_project_a(page: Any) -> None:
    """« Refonte du portail », standard: every criterion met, every mandatory item done or justified: ready."""
    create_project(page, "Refonte du portail", "PRJ-42", "standard")
    mark(page, ACT01, "Fait", evidence=EVIDENCE_LINK, context="c")
    mark(page, BUDGET, "Fait", evidence="Budget signé le 3 mars.", context="c")
    mark(page, ACT02, "Fait", evidence=EVIDENCE_FORMULA)
    mark(page, REV02, "Non applicable", justification=JUSTIFICATION_A)


def fill_project_b(page: Any) -> None:
    """« Migration messagerie », light: its own criterion declared not applicable, the item criterion missing."""
    create_project(page, "Migration messagerie", "", "leger")
    mark(page, BUDGET, "Non applicable", justification=JUSTIFICATION_B, context="c")
    mark(page, ACT02, "À faire", evidence="Responsables en cours de désignation")


def switch(page: Any, name: str, code: str = "") -> None:
    page.get_by_label("Projet affiché").select_option(label=f"{name} ({code})" if code else name)
    expect_said(page, f"Projet affiché : « {re.escape(name)} »")


def verdict(page: Any) -> str:
    return plain(page.locator(".pmo-dossier__verdict").inner_text())


def check_project_a(page: Any) -> None:
    assert verdict(page).startswith("✓ Prêt pour le passage — Feu vert pour l'exécution")
    assert "Critères de passage atteints : 2 sur 2" in verdict(page)
    assert "Éléments obligatoires : 1 fait, 1 non applicable, 0 manquant (sur 2)" in verdict(page)
    assert status_of(page, ACT01, "c") == "fait" and "is-done" in (card(page, ACT01, "c").get_attribute("class") or "")
    assert FRENCH_DATE.search(details(page, ACT01, "c")) and "Statut « fait » noté le" in details(page, ACT01, "c")
    assert evidence_of(page, ACT01, "c") == EVIDENCE_LINK
    link = card(page, ACT01, "c").locator("a.pmo-dossier__open")
    assert link.get_attribute("href") == EVIDENCE_LINK and link.get_attribute("rel") == "noopener noreferrer"
    # A note that looks like a formula is shown as typed, never as a link.
    assert evidence_of(page, ACT02) == EVIDENCE_FORMULA and card(page, ACT02).locator("a.pmo-dossier__open").is_hidden()
    assert status_of(page, ACT02) == "fait" and status_of(page, REV02) == "non applicable"
    assert card(page, REV02).get_by_label(re.compile(r"^Justification")).input_value() == JUSTIFICATION_A


def check_project_b(page: Any) -> None:
    text = verdict(page)
    assert text.startswith("✗ Pas encore prêt")
    assert "Critère : Ouvrir le registre des actions du projet dès le cadrage." in text
    assert "Critère : Le budget du projet est approuvé par le commanditaire. (déclaré non applicable : à accorder par le comité)" in text
    # For a light project ACT-02 is only recommended and REV-02 does not apply: no mandatory item in this phase.
    assert "Éléments obligatoires : 0 fait, 0 non applicable, 0 manquant (sur 0)" in text
    assert "Éléments recommandés : 0 fait sur 1" in text
    details(page, ACT02)
    assert card(page, ACT02).locator(".pmo-level").text_content() == "Recommandé"
    assert card(page, REV02).count() == 0
    na = page.locator("details.pmo-dossier__na")
    assert not na.evaluate("d => d.open")
    assert plain(na.locator("summary").inner_text()) == "Non applicables à un projet de catégorie « Léger » (1)"
    assert "REV-02" in na.text_content()
    assert evidence_of(page, ACT02) == "Responsables en cours de désignation" and status_of(page, ACT02) == "à faire"
    assert card(page, BUDGET, "c").get_by_label(re.compile(r"^Justification")).input_value() == JUSTIFICATION_B


# --- the tests --------------------------------------------------------------------------------------------


def test_two_projects_with_their_own_statuses_kept_across_reloads(tabs: Callable[..., DossierTab], data: dict[str, Any]) -> None:
    tab = tabs()
    page = tab.open()
    # No project yet: the creation form is open, its name field required.
    assert page.locator("form.pmo-dossier__project-form").is_visible()
    page.get_by_role("button", name="Créer le projet", exact=True).click()
    expect_said(page, "Projet non enregistré : le nom est obligatoire")
    assert page.get_by_label("Nom du projet (obligatoire)").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "pmo-d-nom"

    fill_project_a(page)
    # « Non applicable » waits for its justification: said, and nothing of it is saved until it is written.
    create_project(page, "Migration messagerie", "", "leger")
    assert page.evaluate("document.activeElement.id") == "pmo-d-jalon"  # after creating, the gate comes next
    budget = card(page, BUDGET, "c")
    budget.get_by_label(re.compile(r"^Statut de ")).select_option(label="Non applicable")
    expect_said(page, "Non enregistré : « non applicable » demande une justification \\(budget-approuve\\)")
    justification = budget.get_by_label(re.compile(r"^Justification"))
    assert justification.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    assert plain(page.locator(".pmo-dossier__saved").inner_text()) == "✗ Non enregistré"
    assert BUDGET not in stored_dossier(page)["projects"][stored_dossier(page)["current"]]["entries"]
    justification.fill(JUSTIFICATION_B)
    expect_said(page, "budget-approuve : non applicable\\. Enregistré\\.")
    mark(page, ACT02, "À faire", evidence="Responsables en cours de désignation")
    check_project_b(page)
    stored = stored_dossier(page)
    assert stored["schema"] == 2 and len(stored["projects"]) == 2
    entries = {p["name"]: p["entries"] for p in stored["projects"].values()}
    assert entries["Refonte du portail"][REV02]["status"] == "non applicable"
    # Marked against the wording of today: the item's fingerprint in the data.
    assert entries["Refonte du portail"][ACT02]["fingerprint"] == next(i["fingerprint"] for i in data["items"] if i["key"] == ACT02)
    assert ISO_DATE.match(entries["Refonte du portail"][ACT02]["date"])
    assert entries["Migration messagerie"][BUDGET] == {"status": "non applicable", "justification": JUSTIFICATION_B,
                                                       "evidence": "", "date": entries["Migration messagerie"][BUDGET]["date"],
                                                       "fingerprint": ""}

    tab.reload()
    check_project_b(page)  # the project shown last is shown again
    switch(page, "Refonte du portail", "PRJ-42")
    check_project_a(page)

    # Filters: « à faire / tout » as radio buttons, the role that does the item (an R) and the standard as selects.
    page.get_by_label("Standard", exact=True).select_option("PMO-STD-802")
    assert card(page, REV02).is_visible() and card(page, ACT02).is_hidden()
    expect_said(page, "1 élément affiché sur 2")
    page.get_by_label("Standard", exact=True).select_option("")
    page.get_by_label("Réalisé par (R)", exact=True).select_option("pilote")
    assert card(page, REV02).is_visible() and card(page, ACT02).is_visible()
    page.get_by_label("Réalisé par (R)", exact=True).select_option("")

    # Rename, duplicate, delete with confirmation.
    page.get_by_role("button", name="Modifier le projet", exact=True).click()
    assert page.evaluate("document.activeElement.id") == "pmo-d-nom"
    page.get_by_label("Nom du projet (obligatoire)").fill("Refonte du portail client")
    page.get_by_role("button", name="Enregistrer le projet", exact=True).click()
    expect_said(page, "Projet « Refonte du portail client » modifié")
    check_project_a(page)
    page.get_by_role("button", name="Dupliquer", exact=True).click()
    expect_said(page, "Projet dupliqué : « Refonte du portail client \\(copie\\) » est affiché")
    check_project_a(page)
    page.get_by_role("button", name="Supprimer", exact=True).click()
    confirm = page.locator(".pmo-dossier__confirm")
    assert "Supprimer le projet « Refonte du portail client (copie) »" in plain(confirm.inner_text())
    assert page.evaluate("document.activeElement.id") == "pmo-d-confirm-q"
    confirm.get_by_role("button", name="Annuler", exact=True).click()
    assert confirm.is_hidden() and page.evaluate("document.activeElement.textContent") == "Supprimer"
    assert page.get_by_label("Projet affiché").locator("option").count() == 3
    page.get_by_role("button", name="Supprimer", exact=True).click()
    confirm.get_by_role("button", name="Oui, supprimer le projet").click()
    expect_said(page, "Projet « Refonte du portail client \\(copie\\) » supprimé")
    options = page.get_by_label("Projet affiché").locator("option").all_inner_texts()
    assert options == ["Migration messagerie", "Refonte du portail client (PRJ-42)"]
    tab.reload()
    assert page.get_by_label("Projet affiché").locator("option").all_inner_texts() == options


def test_every_change_is_saved_as_it_is_made(tabs: Callable[..., DossierTab]) -> None:
    """No button saves a line: a status chosen and a proof typed survive a reload at once, the page says « Enregistré »
    discreetly and a screen reader hears it."""
    tab = tabs()
    page = tab.open()
    create_project(page, "Projet sans bouton", "", "standard")
    line = card(page, ACT02)
    assert [plain(t) for t in line.get_by_role("button").all_text_contents()] == ["Détails de ACT-02"]
    assert page.locator(".pmo-dossier__gate").get_by_role("button", name=re.compile("^Enregistrer")).count() == 0
    line.get_by_label("Statut de ACT-02").select_option(label="Fait")
    expect_said(page, "ACT-02 : fait\\. Enregistré\\.")
    saved = page.locator(".pmo-dossier__saved")
    assert plain(saved.inner_text()) == "✓ Enregistré" and saved.get_attribute("aria-hidden") == "true"
    assert page.locator("[data-pmo-live]").get_attribute("aria-live") == "polite"
    # Typed, then the page reloaded at once: what was typed is written when the page is left.
    card(page, REV02).get_by_label("Preuve fournie (note ou lien) pour REV-02").press_sequentially("Compte rendu", delay=10)
    tab.reload()
    assert status_of(page, ACT02) == "fait" and evidence_of(page, REV02) == "Compte rendu"
    assert stored_dossier(page)["projects"][stored_dossier(page)["current"]]["entries"][REV02]["evidence"] == "Compte rendu"
    # Back to « à faire » without a proof: the entry goes, the line says « à faire » after a reload.
    card(page, ACT02).get_by_label("Statut de ACT-02").select_option(label="À faire")
    expect_said(page, "ACT-02 : à faire\\. Enregistré\\.")
    tab.reload()
    assert status_of(page, ACT02) == "à faire"
    assert ACT02 not in stored_dossier(page)["projects"][stored_dossier(page)["current"]]["entries"]


def test_compact_lines_and_the_to_do_filter(tabs: Callable[..., DossierTab]) -> None:
    """One line per item (status, id, text, who does it and who approves it, evidence), details folded; « À faire » hides
    what is done."""
    tab = tabs()
    page = tab.open()
    create_project(page, "Projet compact", "", "standard")
    line = card(page, ACT02)
    cells = [plain(t) for t in line.locator(".pmo-dossier__line > *").all_inner_texts()]
    assert cells[1:4] == ["ACT-02", "Nommer un responsable pour chaque action.", "R Réalise : Pilote de projet A Approuve : Commanditaire"]
    assert line.locator(".pmo-dossier__details").is_hidden()
    # A line is one row of text at 1280 px: its details unfold below it on demand.
    box = line.locator(".pmo-dossier__line").bounding_box()
    assert box is not None and box["height"] < 60, box
    text = details(page, ACT02)
    assert line.locator(".pmo-level").text_content() == "Obligatoire"
    assert text.startswith("OBLIGATOIRE PMO-STD-801 v1.1.0 · Réalise (R) : Pilote de projet · Approuve (A) : Commanditaire · "
                           "Modèle : Registre des actions")
    assert "Rien de noté pour l'instant." in text
    assert "Preuve attendue : Budget signé par le commanditaire." in details(page, BUDGET, "c")
    assert line.locator("button.pmo-dossier__more").get_attribute("aria-expanded") == "true"
    assert page.get_by_label("Tout", exact=True).is_checked()
    mark(page, ACT02, "Fait")
    page.get_by_label("À faire", exact=True).check()
    expect_said(page, "1 élément affiché sur 2")
    assert card(page, ACT02).is_hidden() and card(page, REV02).is_visible()
    # The line being changed stays under the pointer until the filter is chosen again.
    mark(page, REV02, "Fait")
    assert card(page, REV02).is_visible()
    page.get_by_label("Tout", exact=True).check()
    page.get_by_label("À faire", exact=True).check()
    expect_said(page, "0 élément affiché sur 2")


def test_the_keyboard_alone_creates_a_project_and_marks_an_item(tabs: Callable[..., DossierTab]) -> None:
    page = tabs().open()
    page.get_by_label("Nom du projet (obligatoire)").focus()
    page.keyboard.type("Projet au clavier")
    page.keyboard.press("Enter")  # submits the form
    expect_said(page, "Projet « Projet au clavier » créé")
    assert page.evaluate("document.activeElement.id") == "pmo-d-jalon"
    page.get_by_label("Jalon à préparer").select_option(GATE)
    card(page, ACT02).get_by_label("Statut de ACT-02").focus()
    page.keyboard.press("ArrowDown")  # a native select: the arrow moves to « Fait »
    expect_said(page, "ACT-02 : fait\\. Enregistré\\.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id").endswith("-p")  # the proof comes next
    page.keyboard.type("Compte rendu du 12 mars")
    expect_said(page, "ACT-02 : preuve enregistrée")
    assert status_of(page, ACT02) == "fait"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # « Détails »
    assert "Statut « fait » noté le" in plain(card(page, ACT02).locator(".pmo-dossier__details").inner_text())


def _download(page: Any, button: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).click()
    name: str = info.value.suggested_filename
    path = folder / name
    info.value.save_as(path)
    return path


def _column_widths(xlsx: Path, sheet_index: int) -> dict[int, float]:
    """Each column's width as Excel reads it from the sheet's XML (a <col> may span several columns)."""
    with zipfile.ZipFile(xlsx) as archive:
        xml = archive.read(f"xl/worksheets/sheet{sheet_index}.xml").decode("utf-8")
    widths = {}
    for low, high, width in re.findall(r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"', xml):
        for column in range(int(low), int(high) + 1):
            widths[column] = float(width)
    return widths


def test_exports_follow_pythons_contract(tabs: Callable[..., DossierTab], tmp_path: Path) -> None:
    tab = tabs()
    page = tab.open()
    fill_project_b(page)
    fill_project_a(page)

    # Excel: ExcelJS is loaded from the site only now, once.
    assert page.evaluate("typeof window.ExcelJS") == "undefined"
    xlsx = _download(page, "Télécharger en Excel (.xlsx)", tmp_path)
    assert xlsx.name == "dossier-prj-42-feu-vert-execution.xlsx"
    expect_said(page, "Fichier Excel « dossier-prj-42-feu-vert-execution.xlsx » téléchargé")
    assert page.locator("script[src$='exceljs.min.js']").count() == 1
    workbook = openpyxl.load_workbook(xlsx)
    assert workbook.sheetnames == ["Dossier", "Liste de contrôle", "Critères de passage"]
    about = {row[0]: row[1] for row in workbook["Dossier"].iter_rows(values_only=True)}
    assert about["Projet"] == "Refonte du portail" and about["Code"] == "PRJ-42" and about["Catégorie"] == "Standard"
    assert about["Jalon"] == "Feu vert pour l'exécution" and about["Verdict"] == "Prêt pour le passage"
    assert about["Édition du référentiel"] == "2024.2" and FRENCH_DATE.search(plain(about["Date"]))
    sheet = workbook["Liste de contrôle"]
    # The headers and every column's width are Python's (macros/render/files/gate_file.py): the blank lists' columns, and
    # the project's characteristic an item depends on.
    assert [c.value for c in sheet[1]] == LIST_HEADERS and set(CHECKLIST_HEADERS) < set(LIST_HEADERS)
    assert _column_widths(xlsx, 2) == {i: float(w) for i, (_, _, w) in enumerate(LIST_COLUMNS, start=1)}
    assert _column_widths(xlsx, 3) == {i: float(w) for i, (_, _, w) in enumerate(CRITERIA_COLUMNS, start=1)}
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    rows = {row[2]: dict(zip(LIST_HEADERS, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"ACT-02", "REV-02"}
    assert rows["ACT-02"]["Statut"] == "Fait" and rows["ACT-02"]["Preuve fournie"] == EVIDENCE_FORMULA
    assert rows["ACT-02"]["Niveau"] == "Obligatoire" and rows["ACT-02"]["Phase"] == "Planification"
    # Who does and who approves: the R and the A of the RACI row that covers the item, as in the blank lists.
    assert (rows["ACT-02"]["Réalise (R)"], rows["ACT-02"]["Approuve (A)"]) == ("Pilote de projet", "Commanditaire")
    assert rows["ACT-02"]["Modèle"] == "Registre des actions"
    assert rows["ACT-02"]["Date"] is not None
    formula_cell = next(c for c in sheet["ABCDEFGHIJKLMNOPQRSTUVWXYZ"[LIST_HEADERS.index("Preuve fournie")]] if c.value == EVIDENCE_FORMULA)
    assert formula_cell.data_type == "s"  # stored as text: Excel never evaluates it
    assert rows["REV-02"]["Statut"] == "Non applicable" and rows["REV-02"]["Justification (si non applicable)"] == JUSTIFICATION_A
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    assert lists and all(f == '"À faire,Fait,Non applicable"' for f in lists.values())
    status_column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[LIST_HEADERS.index("Statut")]
    assert any(ref.startswith(f"{status_column}2") for ref in lists), lists
    # The criteria by their text; « Atteint » a formula on the status; an evidence address a hyperlink.
    criteria_sheet = workbook["Critères de passage"]
    assert [c.value for c in criteria_sheet[1]] == CRITERIA_HEADERS
    criteria = {row[0].value: row for row in criteria_sheet.iter_rows(min_row=2)}
    act01 = criteria["Ouvrir le registre des actions du projet dès le cadrage."]
    assert act01[1].value == "ACT-01 — PMO-STD-801 — Suivi des actions v1.1.0"
    assert act01[3].value == "Fait" and act01[5].value == EVIDENCE_LINK and act01[5].hyperlink.target == EVIDENCE_LINK
    assert act01[7].value == f'=IF(D{act01[7].row}="Fait","Oui","Non")'
    budget = criteria["Le budget du projet est approuvé par le commanditaire."]
    assert budget[1].value == "Critère propre au jalon" and budget[3].value == "Fait" and budget[5].hyperlink is None
    assert not any("PMO-STD-801#ACT-01" in str(c.value) for row in criteria_sheet.iter_rows() for c in row)
    values = {row[0]: row[7] for row in openpyxl.load_workbook(xlsx, data_only=True)["Critères de passage"].iter_rows(min_row=2, values_only=True)}
    assert set(values.values()) == {"Oui"}  # the formula's cached result, for a reader that does not compute

    # CSV for a French Excel, with the same columns.
    raw = _download(page, "Télécharger en CSV", tmp_path)
    assert raw.name == "dossier-prj-42-feu-vert-execution.csv"
    content = raw.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf") and b"\r\n" in content and b"\n" not in content.replace(b"\r\n", b"")
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert table[0] == LIST_HEADERS
    by_id = {row[2]: dict(zip(LIST_HEADERS, row, strict=True)) for row in table[1:] if row}
    assert by_id["ACT-02"]["Statut"] == "Fait" and by_id["ACT-02"]["Preuve fournie"] == "'" + EVIDENCE_FORMULA
    assert by_id["REV-02"]["Statut"] == "Non applicable" and by_id["REV-02"]["Justification (si non applicable)"] == JUSTIFICATION_A
    assert ISO_DATE.match(by_id["ACT-02"]["Date"])


def test_no_script_holds_an_export_column_list() -> None:
    """The contract has one side: the scripts fill columns by id; no list of Python's headers, storage key or
    formula-neutralising character is written in them."""
    scripts = Path(__file__).resolve().parents[2] / "docs/assets/javascripts"
    headers = {*LIST_HEADERS, *CRITERIA_HEADERS}
    for path in scripts.glob("*.js"):
        text = path.read_text(encoding="utf-8")
        for literal in re.findall(r"\[\s*\"[^\]]*\]", text):
            named = set(re.findall(r'"([^"]*)"', literal)) & headers
            assert len(named) < 3, (path.name, sorted(named))
        assert "pmo:dossier" not in text and "pmo:coche" not in text and "pmo:quiz" not in text, path.name
        assert '"=", "+"' not in text and "ufffe" not in text.lower(), path.name


def test_a_project_loaded_over_itself_is_updated_not_duplicated(tabs: Callable[..., DossierTab], tmp_path: Path) -> None:
    tab = tabs()
    page = tab.open()
    fill_project_a(page)
    saved = _download(page, "Enregistrer le projet dans un fichier (.json)", tmp_path)
    assert saved.name == "projet-prj-42.json"
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert document["schema"] == 2 and document["type"] == "pmo-dossier-de-jalon" and document["edition"] == "2024.2"
    assert document["project"]["name"] == "Refonte du portail" and document["project"]["category"] == "standard"
    assert set(document["project"]["entries"]) == {ACT01, BUDGET, ACT02, REV02}

    # In a fresh browser (no storage in common) it is added.
    other = tabs()
    fresh = other.open()
    picker = fresh.get_by_label("Charger un projet enregistré (fichier .json)")
    picker.set_input_files(saved)
    expect_said(fresh, "Projet « Refonte du portail » chargé depuis le fichier")
    assert fresh.get_by_label("Projet affiché").locator("option").all_inner_texts() == ["Refonte du portail (PRJ-42)"]
    check_project_a(fresh)
    other.reload()
    check_project_a(fresh)
    # The same file again: nothing would change, and nothing is added.
    picker.set_input_files(saved)
    expect_said(fresh, "Ce projet existe déjà, identique au fichier : rien à changer")
    assert "Le fichier est identique au projet enregistré" in plain(fresh.locator(".pmo-dossier__import").inner_text())
    fresh.locator(".pmo-dossier__import").get_by_role("button", name="Annuler").click()
    assert fresh.get_by_label("Projet affiché").locator("option").count() == 1
    # Changed here, then the file loaded: what would change is listed, and the project is updated in place.
    mark(fresh, ACT02, "À faire")
    mark(fresh, REV02, "Fait", evidence="Revue du 4 mars")
    picker.set_input_files(saved)
    expect_said(fresh, "Ce projet existe déjà : 2 changements à confirmer")
    changes = [plain(t) for t in fresh.locator(".pmo-dossier__changes li").all_inner_texts()]
    assert changes == ["ACT-02 (PMO-STD-801) : à faire → fait",
                       "REV-02 (PMO-STD-802) : fait → non applicable, preuve modifiée, justification modifiée"]
    fresh.get_by_role("button", name="Mettre à jour le projet").click()
    expect_said(fresh, "Projet « Refonte du portail » mis à jour depuis le fichier : 2 changements")
    assert fresh.get_by_label("Projet affiché").locator("option").all_inner_texts() == ["Refonte du portail (PRJ-42)"]
    check_project_a(fresh)
    # Both kept, only when asked.
    mark(fresh, ACT02, "À faire")
    picker.set_input_files(saved)
    fresh.get_by_role("button", name="Garder les deux").click()
    expect_said(fresh, "Projet « Refonte du portail \\(fichier\\) » chargé")
    assert fresh.get_by_label("Projet affiché").locator("option").all_inner_texts() == ["Refonte du portail (PRJ-42)",
                                                                                       "Refonte du portail (fichier) (PRJ-42)"]
    other.reload()
    assert fresh.get_by_label("Projet affiché").locator("option").count() == 2


def test_the_printed_report(tabs: Callable[..., DossierTab], tmp_path: Path) -> None:
    page = tabs().open()
    fill_project_b(page)
    page.get_by_role("button", name="Imprimer le rapport").evaluate("b => { window.print = () => { window.__printed = true; }; }")
    page.get_by_role("button", name="Imprimer le rapport").click()
    assert page.evaluate("window.__printed") is True
    page.emulate_media(media="print")
    report = page.locator(".pmo-dossier__report")
    assert report.is_visible()
    for hidden in (".pmo-dossier__app", ".md-header", ".md-sidebar--primary", "article > p", ".md-footer"):
        assert page.locator(hidden).first.is_hidden(), hidden
    pdf = tmp_path / "rapport.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    if shutil.which("pdftotext") is None:  # poppler-utils absent: what the print media shows is all we can check
        text = plain(report.inner_text())
        pages = 1
    else:
        # Read twice: as laid out (a label beside its value) and in reading order (a table cell's lines together).
        text = " | ".join(plain(subprocess.run(["pdftotext", *layout, str(pdf), "-"], capture_output=True, text=True,
                                               check=True).stdout) for layout in (["-layout"], []))
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        assert re.search(r"Page size:\s+595(?:\.\d+)? x 842", info), info  # A4
    assert pages == 1
    for expected in ("Rapport de préparation du jalon « Feu vert pour l'exécution »", "Projet Migration messagerie",
                     "Catégorie Léger", "Jalon Feu vert pour l'exécution", "Décidé par Commanditaire",
                     "Référentiel édition 2024.2", "✗ Pas encore prêt", "Critères de passage atteints : 0 sur 2",
                     "ACT-01", "budget-approuve", "Non atteint", "Justification : Budget porté par",
                     "Éléments obligatoires manquants", "Aucun.", "Décision du comité", "Nom", "Date", "Visa"):
        assert expected in text, (expected, text)
    assert FRENCH_DATE.search(text)
    for absent in ("Nouveau projet", "Préparez le passage", "Enregistrer", "Filtrer", "Mon dossier de jalon"):
        assert absent not in text, absent
    # Table cells, read whole from the page as printed (a PDF's text order splits them).
    rows = [plain(row) for row in report.locator("table.pmo-dossier__report-table tbody tr").all_inner_texts()]
    assert rows[0].startswith("ACT-01 Ouvrir le registre des actions du projet dès le cadrage.") and "✗ Non atteint (à faire)" in rows[0]
    assert rows[1].startswith("budget-approuve Le budget du projet est approuvé par le commanditaire.")
    assert "Budget signé par le commanditaire." in rows[1] and f"Justification : {plain(JUSTIFICATION_B)}" in rows[1]


def test_old_checklist_ticks_become_a_project_once(tabs: Callable[..., DossierTab], data: dict[str, Any]) -> None:
    tab = tabs()
    page = tab.page
    page.goto(tab.base)
    ticks = {"PMO-STD-801@1.0.0#ACT-01": "1",  # given on the 1.0.0 wording, changed since
             "PMO-STD-801@1.1.0#ACT-02": "1",  # the current wording
             "PMO-STD-802@1.0.0#REV-02": "1",
             "PMO-STD-999@1.0.0#XYZ-01": "1"}  # unknown to this edition: left alone
    assert {key for key in ticks if key in data["legacy"]} == set(list(ticks)[:3])
    page.evaluate("ticks => { for (const [k, v] of Object.entries(ticks)) localStorage.setItem('pmo:coche:' + k, v); }", ticks)
    tab.open()
    expect_said(page, "Vos 3 coches des listes de contrôle ont été reprises comme « fait » dans le projet « Mon projet »")
    assert page.get_by_label("Projet affiché").locator("option").all_inner_texts() == ["Mon projet"]
    page.get_by_label("Jalon à préparer").select_option(GATE)
    for key, context in ((ACT02, "i"), (REV02, "i"), (ACT01, "c")):
        assert status_of(page, key, context) == "fait", key
    # The tick on 1.0.0 is flagged, with the wording it was given for and today's.
    changed = plain(card(page, ACT01, "c").locator(".pmo-dossier__changed").inner_text())
    assert "⚠ Modifié depuis votre coche" in changed
    assert "Texte au moment de votre coche (version 1.0.0, obligatoire) : Ouvrir le registre des actions du projet." in changed
    assert "Texte actuel (version 1.1.0) : Ouvrir le registre des actions du projet dès le cadrage." in changed
    assert card(page, ACT02).locator(".pmo-dossier__changed").count() == 0
    # The old keys stay for checklist.js; the migration happens once: a tick added later is not imported again.
    assert page.evaluate("localStorage.getItem('pmo:coche:PMO-STD-801@1.0.0#ACT-01')") == "1"
    page.evaluate("localStorage.setItem('pmo:coche:PMO-STD-801@1.1.0#ACT-03', '1')")
    tab.reload()
    assert page.get_by_label("Projet affiché").locator("option").all_inner_texts() == ["Mon projet"]
    assert "PMO-STD-801#ACT-03" not in page.evaluate("JSON.parse(localStorage.getItem('pmo:dossier:v1'))."
                                                     "projects[JSON.parse(localStorage.getItem('pmo:dossier:v1')).current].entries")


def test_a_wording_changed_since_the_tick_is_flagged(tabs: Callable[..., DossierTab], data: dict[str, Any]) -> None:
    tab = tabs()
    page = tab.open()
    create_project(page, "Refonte du portail", "PRJ-42", "standard")
    mark(page, ACT02, "Fait", evidence="Note de désignation")
    mark(page, REV02, "Fait")

    # The next edition: ACT-02 reworded in 1.2.0 of its standard; REV-02 unchanged.
    old = next(i for i in data["items"] if i["key"] == ACT02)
    newer = json.loads(json.dumps(data))
    newer["edition"] = "2025.1"
    for item in newer["items"]:
        if item["key"] == ACT02:
            item.update(text="Nommer un responsable et une échéance pour chaque action.", fingerprint="0123456789abcdef",
                        version="1.2.0")
    newer["history"][ACT02]["0123456789abcdef"] = {"version": "1.2.0", "level": "obligatoire",
                                                    "text": "Nommer un responsable et une échéance pour chaque action."}
    page.route("**/" + DOSSIER_DATA, lambda route: route.fulfill(status=200, content_type="application/json",
                                                         body=json.dumps(newer, ensure_ascii=False)))
    tab.reload()
    act02 = card(page, ACT02)
    changed = plain(act02.locator(".pmo-dossier__changed").inner_text())
    assert "⚠ Modifié depuis votre coche" in changed
    assert f"Texte au moment de votre coche (version 1.1.0, obligatoire) : {old['text']}" in changed
    assert "Texte actuel (version 1.2.0) : Nommer un responsable et une échéance pour chaque action." in changed
    assert status_of(page, ACT02) == "fait"  # the status is kept, flagged
    assert card(page, REV02).locator(".pmo-dossier__changed").count() == 0  # unchanged: carried over silently
    assert "Modifiés depuis votre coche, à revoir : 1" in verdict(page)
    page.get_by_label("Modifiés depuis votre coche", exact=True).check()
    assert act02.is_visible() and card(page, REV02).is_hidden()
    act02.get_by_role("button", name=re.compile("^Garder mon statut pour le texte actuel")).click()
    expect_said(page, "ACT-02 : statut gardé pour le texte actuel")
    assert card(page, ACT02).locator(".pmo-dossier__changed").count() == 0
    tab.reload()
    assert card(page, ACT02).locator(".pmo-dossier__changed").count() == 0


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (375, "light"), (320, "dark"), (1280, "dark")])
def test_no_accessibility_violation(tabs: Callable[..., DossierTab], axe: Any, data: dict[str, Any], width: int, scheme: str) -> None:
    tab = tabs(width, scheme)
    page = tab.open()
    # The empty state first, then every state a line can take: done with a link, not applicable, refused, changed.
    _no_violation(page, axe, width)
    fill_project_b(page)
    page.get_by_role("button", name="Nouveau projet", exact=True).click()
    page.get_by_role("button", name="Annuler", exact=True).click()
    fill_project_a(page)
    refused = card(page, ACT02)
    refused.get_by_label("Statut de ACT-02").select_option(label="Non applicable")
    expect_said(page, "demande une justification")
    details(page, ACT02)
    details(page, ACT01, "c")
    page.get_by_role("button", name="Supprimer", exact=True).click()
    _no_violation(page, axe, width)
    switch(page, "Migration messagerie")
    page.locator("details.pmo-dossier__na summary").click()
    _no_violation(page, axe, width)


def _no_violation(page: Any, axe: Any, width: int) -> None:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    found = [f"{v['id']} {' '.join(n['target'])} : {n['html'][:160]}" for v in results.response["violations"] for n in v["nodes"]]
    assert found == []
    # WCAG 1.4.10: no sideways scrolling at 320 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
