"""« Mon dossier de jalon » (docs/assets/javascripts/dossier.js) end to end in real Chromium: projects, statuses with
their justification and evidence, the gate's verdict, exports (Excel, CSV, project file, printed report), the
migration of the old checklist ticks, a wording changed since a tick, hostile files, a browser without storage, and
axe-core at 1280 and 320 px in both schemes.

The site is « complet » with what the gate file needs to show everything: three categories of project, an item
recommended for a light project and one not applicable to it, and a gate with two criteria (one an item, one of its
own). Every test opens its own browser context and ends by checking that no request left 127.0.0.1, no dialog opened
and no script error happened.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.support import FixtureProject, new_visit, serve

pytestmark = pytest.mark.browser

PAGE = "listes-de-controle/mon-dossier-de-jalon/"
TITLE = "Mon dossier de jalon - Projet complet d'essai"
DATA = "listes-de-controle/dossier-referentiel.json"
GATE = "feu-vert-execution"
ACT01 = "PMO-STD-801#ACT-01"  # the gate's criterion that is an item (phase cadrage); its wording changed in 1.1.0
ACT02 = "PMO-STD-801#ACT-02"  # planification: mandatory, recommended for a light project
REV02 = "PMO-STD-802#REV-02"  # planification: mandatory, not applicable to a light project
BUDGET = f"{GATE}#budget-approuve"  # the gate's own criterion
LIST_HEADERS = ["Standard", "Version", "Identifiant", "Phase", "Niveau", "Exigence", "Responsable", "Modèle",
                "Preuve attendue", "Statut", "Justification", "Preuve fournie", "Date"]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FRENCH_DATE = re.compile(r"\b(?:1er|[12]?\d|3[01]) (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
                         r"novembre|décembre) \d{4}\b")
# A project A ready for the gate, a project B that is not.
EVIDENCE_LINK = "https://intranet.example/projets/prj-42/registre-des-actions.xlsx"
EVIDENCE_FORMULA = '=HYPERLINK("https://intranet.example","ouvrir")'
JUSTIFICATION_A = "Planning présenté au comité de direction ; pas de revue séparée."
JUSTIFICATION_B = "Budget porté par le programme « Messagerie 2026 »."
HOSTILE_NAME = '<img src=x onerror="alert(1)"><script>alert(2)</script>{{ 7*7 }}'


# --- the site ----------------------------------------------------------------------------------------------


def _with_categories_and_criteria(project: FixtureProject) -> FixtureProject:
    """« complet » plus three categories of project, two items whose level changes for a light project, and a gate
    with criteria (written by hand, then locked as `pmo publish` would, so no rule sees an edited published file)."""
    project.write("standards/tailoring.yaml", (
        "categories:\n"
        "  - id: leger\n    name: Léger\n    description: Projet court, une seule équipe.\n"
        "  - id: standard\n    name: Standard\n    description: Le cas général.\n"
        "  - id: majeur\n    name: Majeur\n    description: Projet long ou exposé.\n"
        "default: standard\nrule: La catégorie la plus lourde qu'atteint un critère.\n"
        "criteria:\n  - id: duree\n    name: Durée prévue\n    thresholds:\n"
        "      leger: moins de 6 mois\n      standard: de 6 à 18 mois\n      majeur: plus de 18 mois\n"))
    project.edit("standards/suivi-des-actions/1.1.0.yaml", "    text: Nommer un responsable pour chaque action.\n    level: obligatoire\n",
                 "    text: Nommer un responsable pour chaque action.\n    level: obligatoire\n    levels:\n      leger: recommandé\n")
    project.edit("standards/revue-de-projet/1.0.0.yaml", "    text: Présenter le planning en revue avant les travaux.\n    level: obligatoire\n",
                 "    text: Présenter le planning en revue avant les travaux.\n    level: obligatoire\n    levels:\n"
                 "      leger: non applicable\n")
    project.edit("standards/lifecycle.yaml", "    after: planification\n    description: Le commanditaire autorise les travaux.\n",
                 "    after: planification\n    decided_by: commanditaire\n    description: Le commanditaire autorise les travaux.\n"
                 "    criteria:\n      - item: ACT-01\n      - id: budget-approuve\n"
                 "        text: Le budget du projet est approuvé par le commanditaire.\n"
                 "        evidence: Budget signé par le commanditaire.\n")
    return project.relock()


@pytest.fixture(scope="module")
def dossier_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = _with_categories_and_criteria(FixtureProject.named("complet").copy(tmp_path_factory.mktemp("dossier")))
    return project.build()


@pytest.fixture(scope="module")
def dossier_url(dossier_site: Path) -> Iterator[str]:
    with serve(dossier_site) as url:
        yield url


@pytest.fixture(scope="module")
def data(dossier_site: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((dossier_site / DATA).read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def axe() -> Any:
    return Axe()


# --- one browser tab ---------------------------------------------------------------------------------------


class Tab:
    """A fresh browser context (its own localStorage) and its page, with every dialog, script error and request
    outside the test server recorded."""

    def __init__(self, browser: Any, base: str, width: int = 1280, scheme: str = "light") -> None:
        self.base = base
        self.context, self.outside, self.page = new_visit(browser, base, width, scheme)
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self) -> Any:
        self.page.goto(self.base + PAGE)
        assert self.page.title() == TITLE
        self.page.locator(".pmo-dossier.is-ready").wait_for()
        return self.page

    def close(self) -> tuple[list[str], list[str], list[str]]:
        self.context.close()
        return self.outside.urls, self.dialogs, self.errors


@pytest.fixture
def tabs(browser: Any, dossier_url: str) -> Iterator[Callable[..., Tab]]:
    opened: list[Tab] = []

    def make(width: int = 1280, scheme: str = "light") -> Tab:
        tab = Tab(browser, dossier_url, width, scheme)
        opened.append(tab)
        return tab

    yield make
    for tab in opened:
        # Every test's last word: nothing fetched from outside, no dialog (alert, confirm...), no script error.
        assert tab.close() == ([], [], [])


# --- helpers ----------------------------------------------------------------------------------------------


def plain(text: str) -> str:
    """Text as a test writes it: no-break spaces as spaces, typographic apostrophes as ', whitespace collapsed."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'").split())


def said(page: Any) -> str:
    return plain(page.locator("[data-pmo-live]").inner_text())


def expect_said(page: Any, pattern: str) -> None:
    """The aria-live region ends up saying this (a regular expression, on the text made plain)."""
    try:
        page.wait_for_function(
            "pattern => new RegExp(pattern).test(document.querySelector('[data-pmo-live]').textContent"
            ".replace(/[\\u00a0\\u202f]/g, ' ').replace(/\\u2019/g, \"'\").replace(/\\s+/g, ' '))", arg=pattern, timeout=5000)
    except PlaywrightTimeout:
        pytest.fail(f"la zone aria-live dit « {said(page)} », attendu : {pattern}")


def card(page: Any, key: str, context: str = "i") -> Any:
    """One item (context « i ») or criterion (« c ») of the gate shown."""
    return page.locator(f"li.pmo-dossier__entry[data-key='{key}'][data-context='{context}']")


def mark(page: Any, key: str, status: str, *, justification: str | None = None, evidence: str | None = None,
         context: str = "i") -> None:
    entry = card(page, key, context)
    entry.get_by_label(status, exact=True).check()
    if justification is not None:
        entry.get_by_label(re.compile(r"^Justification")).fill(justification)
    if evidence is not None:
        entry.get_by_label("Preuve fournie (note ou lien)").fill(evidence)
    entry.get_by_role("button", name=re.compile(r"^Enregistrer")).click()
    expect(card(page, key, context).locator(".pmo-dossier__status-label")).to_contain_text(status)


def create_project(page: Any, name: str, code: str, category: str, phase: str = "planification") -> None:
    form = page.locator("form.pmo-dossier__project-form")
    if form.is_hidden():
        page.get_by_role("button", name="Nouveau projet", exact=True).click()
    page.get_by_label("Nom du projet (obligatoire)").fill(name)
    page.get_by_label("Code du projet (facultatif)").fill(code)
    page.get_by_label("Catégorie du projet").select_option(category)
    page.get_by_label("Phase en cours").select_option(phase)
    page.get_by_role("button", name="Créer le projet", exact=True).click()
    expect_said(page, f"Projet « {re.escape(name)} » créé")


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
    act01 = plain(card(page, ACT01, "c").inner_text())
    assert "✓ Fait — le " in act01 and FRENCH_DATE.search(act01)
    link = card(page, ACT01, "c").locator(".pmo-dossier__recorded a")
    assert link.get_attribute("href") == EVIDENCE_LINK and link.get_attribute("rel") == "noopener noreferrer"
    # A note that looks like a formula is shown as text, never a link.
    act02 = card(page, ACT02)
    assert act02.locator(".pmo-dossier__recorded a").count() == 0
    assert EVIDENCE_FORMULA in act02.locator(".pmo-dossier__recorded").inner_text()
    assert act02.get_by_label("Fait", exact=True).is_checked()
    rev02 = card(page, REV02)
    assert plain(JUSTIFICATION_A) in plain(rev02.inner_text())
    assert rev02.get_by_label("Non applicable", exact=True).is_checked()
    assert rev02.get_by_label(re.compile(r"^Justification")).input_value() == JUSTIFICATION_A


def check_project_b(page: Any) -> None:
    text = verdict(page)
    assert text.startswith("✗ Pas encore prêt")
    assert "Critère : Ouvrir le registre des actions du projet dès le cadrage." in text
    assert "Critère : Le budget du projet est approuvé par le commanditaire. (déclaré non applicable : à accorder par le comité)" in text
    # For a light project ACT-02 is only recommended and REV-02 does not apply: no mandatory item in this phase.
    assert "Éléments obligatoires : 0 fait, 0 non applicable, 0 manquant (sur 0)" in text
    assert "Éléments recommandés : 0 fait sur 1" in text
    assert card(page, ACT02).locator(".pmo-level").text_content() == "Recommandé"
    assert card(page, REV02).count() == 0
    details = page.locator("details.pmo-dossier__na")
    assert not details.evaluate("d => d.open")
    assert plain(details.locator("summary").inner_text()) == "Non applicables à un projet de catégorie « Léger » (1)"
    assert "REV-02" in details.text_content()
    assert card(page, ACT02).get_by_label("Preuve fournie (note ou lien)").input_value() == "Responsables en cours de désignation"
    assert plain(JUSTIFICATION_B) in plain(card(page, BUDGET, "c").inner_text())


# --- the tests --------------------------------------------------------------------------------------------


def test_two_projects_with_their_own_statuses_kept_across_reloads(tabs: Callable[..., Tab], data: dict[str, Any]) -> None:
    tab = tabs()
    page = tab.open()
    # No project yet: the creation form is open, its name field required.
    assert page.locator("form.pmo-dossier__project-form").is_visible()
    page.get_by_role("button", name="Créer le projet", exact=True).click()
    expect_said(page, "Projet non enregistré : le nom est obligatoire")
    assert page.get_by_label("Nom du projet (obligatoire)").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "pmo-d-nom"

    fill_project_a(page)
    # After a save, the keyboard focus is still on the item's « Enregistrer » button.
    assert page.evaluate("document.activeElement.closest('li').dataset.key") == REV02
    # « Non applicable » is refused without its justification, with a message in the live region.
    create_project(page, "Migration messagerie", "", "leger")
    assert page.evaluate("document.activeElement.id") == "pmo-d-jalon"  # after creating, the gate comes next
    budget = card(page, BUDGET, "c")
    budget.get_by_label("Non applicable", exact=True).check()
    budget.get_by_role("button", name=re.compile(r"^Enregistrer")).click()
    expect_said(page, "Non enregistré : « non applicable » demande une justification \\(budget-approuve\\)")
    justification = budget.get_by_label(re.compile(r"^Justification"))
    assert justification.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    assert "À faire" in budget.locator(".pmo-dossier__status-label").inner_text()
    mark(page, BUDGET, "Non applicable", justification=JUSTIFICATION_B, context="c")
    mark(page, ACT02, "À faire", evidence="Responsables en cours de désignation")
    check_project_b(page)
    stored = page.evaluate("JSON.parse(localStorage.getItem('pmo:dossier:v1'))")
    assert stored["schema"] == 1 and len(stored["projects"]) == 2
    entries = {p["name"]: p["entries"] for p in stored["projects"].values()}
    assert entries["Refonte du portail"][REV02]["status"] == "non applicable"
    # Marked against the wording of today: the item's fingerprint in the data.
    assert entries["Refonte du portail"][ACT02]["fingerprint"] == next(i["fingerprint"] for i in data["items"] if i["key"] == ACT02)
    assert ISO_DATE.match(entries["Refonte du portail"][ACT02]["date"])
    assert entries["Migration messagerie"][BUDGET] == {"status": "non applicable", "justification": JUSTIFICATION_B,
                                                       "evidence": "", "date": entries["Migration messagerie"][BUDGET]["date"],
                                                       "fingerprint": ""}

    page.reload()
    page.locator(".pmo-dossier.is-ready").wait_for()
    check_project_b(page)  # the project shown last is shown again
    switch(page, "Refonte du portail", "PRJ-42")
    check_project_a(page)

    # Filters: real selects with labels.
    page.get_by_label("Statut", exact=True).select_option("non applicable")
    assert card(page, REV02).is_visible() and card(page, ACT02).is_hidden()
    expect_said(page, "1 élément affiché sur 2")
    page.get_by_label("Statut", exact=True).select_option("")
    page.get_by_label("Responsable", exact=True).select_option("pilote")
    page.get_by_label("Standard", exact=True).select_option("PMO-STD-802")
    assert card(page, REV02).is_visible() and card(page, ACT02).is_hidden()
    page.get_by_label("Standard", exact=True).select_option("")

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
    page.reload()
    page.locator(".pmo-dossier.is-ready").wait_for()
    assert page.get_by_label("Projet affiché").locator("option").all_inner_texts() == options


def test_the_keyboard_alone_creates_a_project_and_marks_an_item(tabs: Callable[..., Tab]) -> None:
    page = tabs().open()
    page.get_by_label("Nom du projet (obligatoire)").focus()
    page.keyboard.type("Projet au clavier")
    page.keyboard.press("Enter")  # submits the form
    expect_said(page, "Projet « Projet au clavier » créé")
    assert page.evaluate("document.activeElement.id") == "pmo-d-jalon"
    page.get_by_label("Jalon à préparer").select_option(GATE)
    entry = card(page, ACT02)
    entry.get_by_label("À faire", exact=True).focus()
    page.keyboard.press("ArrowRight")  # native radios: the arrow moves to « Fait »
    page.keyboard.press("Tab")
    page.keyboard.type("Compte rendu du 12 mars")
    page.keyboard.press("Enter")
    expect_said(page, "ACT-02 : fait, le .* Enregistré")
    assert "✓ Fait" in card(page, ACT02).inner_text()
    assert page.evaluate("document.activeElement.closest('li').dataset.key") == ACT02


def _download(page: Any, button: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).click()
    name: str = info.value.suggested_filename
    path = folder / name
    info.value.save_as(path)
    return path


def test_exports_and_the_project_file_round_trip(tabs: Callable[..., Tab], tmp_path: Path) -> None:
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
    assert [c.value for c in sheet[1]] == LIST_HEADERS
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["F"].width == 60
    rows = {row[2]: dict(zip(LIST_HEADERS, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"ACT-02", "REV-02"}
    assert rows["ACT-02"]["Statut"] == "fait" and rows["ACT-02"]["Preuve fournie"] == EVIDENCE_FORMULA
    assert rows["ACT-02"]["Niveau"] == "Obligatoire" and rows["ACT-02"]["Phase"] == "Planification"
    assert rows["ACT-02"]["Responsable"] == "Pilote de projet" and rows["ACT-02"]["Modèle"] == "Registre des actions"
    assert rows["ACT-02"]["Date"] is not None
    formula_cell = next(c for c in sheet["L"] if c.value == EVIDENCE_FORMULA)
    assert formula_cell.data_type == "s"  # stored as text: Excel never evaluates it
    assert rows["REV-02"]["Statut"] == "non applicable" and rows["REV-02"]["Justification"] == JUSTIFICATION_A
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    assert lists and all(f == '"fait,non applicable,à faire"' for f in lists.values())
    assert any(ref.startswith("J2") for ref in lists), lists
    criteria = {row[0]: row for row in workbook["Critères de passage"].iter_rows(min_row=2, values_only=True)}
    assert criteria[ACT01][3] == "fait" and criteria[ACT01][5] == EVIDENCE_LINK and criteria[ACT01][7] == "Oui"
    assert criteria["budget-approuve"][3] == "fait"

    # CSV for a French Excel.
    raw = _download(page, "Télécharger en CSV", tmp_path)
    assert raw.name == "dossier-prj-42-feu-vert-execution.csv"
    content = raw.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf") and b"\r\n" in content and b"\n" not in content.replace(b"\r\n", b"")
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert table[0] == LIST_HEADERS
    by_id = {row[2]: dict(zip(LIST_HEADERS, row, strict=True)) for row in table[1:] if row}
    assert by_id["ACT-02"]["Statut"] == "fait" and by_id["ACT-02"]["Preuve fournie"] == "'" + EVIDENCE_FORMULA
    assert by_id["REV-02"]["Statut"] == "non applicable" and by_id["REV-02"]["Justification"] == JUSTIFICATION_A
    assert ISO_DATE.match(by_id["ACT-02"]["Date"])

    # The project file, loaded in a fresh browser (no storage in common).
    saved = _download(page, "Enregistrer le projet dans un fichier (.json)", tmp_path)
    assert saved.name == "projet-prj-42.json"
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert document["schema"] == 1 and document["type"] == "pmo-dossier-de-jalon" and document["edition"] == "2024.2"
    assert document["project"]["name"] == "Refonte du portail" and document["project"]["category"] == "standard"
    assert set(document["project"]["entries"]) == {ACT01, BUDGET, ACT02, REV02}

    other = tabs()
    fresh = other.open()
    fresh.get_by_label("Charger un projet enregistré (fichier .json)").set_input_files(saved)
    expect_said(fresh, "Projet « Refonte du portail » chargé depuis le fichier")
    assert fresh.get_by_label("Projet affiché").locator("option").all_inner_texts() == ["Refonte du portail (PRJ-42)"]
    check_project_a(fresh)
    fresh.reload()
    fresh.locator(".pmo-dossier.is-ready").wait_for()
    check_project_a(fresh)
    # Loaded twice, it is added beside the first one, never over it.
    fresh.get_by_label("Charger un projet enregistré (fichier .json)").set_input_files(saved)
    expect_said(fresh, "Projet « Refonte du portail \\(fichier\\) » chargé")
    assert fresh.get_by_label("Projet affiché").locator("option").count() == 2


def test_the_printed_report(tabs: Callable[..., Tab], tmp_path: Path) -> None:
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


def test_old_checklist_ticks_become_a_project_once(tabs: Callable[..., Tab], data: dict[str, Any]) -> None:
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
        assert "✓ Fait" in card(page, key, context).inner_text(), key
    # The tick on 1.0.0 is flagged, with the wording it was given for and today's.
    changed = plain(card(page, ACT01, "c").locator(".pmo-dossier__changed").inner_text())
    assert "⚠ Modifié depuis votre coche" in changed
    assert "Texte au moment de votre coche (version 1.0.0, obligatoire) : Ouvrir le registre des actions du projet." in changed
    assert "Texte actuel (version 1.1.0) : Ouvrir le registre des actions du projet dès le cadrage." in changed
    assert card(page, ACT02).locator(".pmo-dossier__changed").count() == 0
    # The old keys stay for checklist.js; the migration happens once: a tick added later is not imported again.
    assert page.evaluate("localStorage.getItem('pmo:coche:PMO-STD-801@1.0.0#ACT-01')") == "1"
    page.evaluate("localStorage.setItem('pmo:coche:PMO-STD-801@1.1.0#ACT-03', '1')")
    page.reload()
    page.locator(".pmo-dossier.is-ready").wait_for()
    assert page.get_by_label("Projet affiché").locator("option").all_inner_texts() == ["Mon projet"]
    assert "PMO-STD-801#ACT-03" not in page.evaluate("JSON.parse(localStorage.getItem('pmo:dossier:v1'))."
                                                     "projects[JSON.parse(localStorage.getItem('pmo:dossier:v1')).current].entries")


def test_a_wording_changed_since_the_tick_is_flagged(tabs: Callable[..., Tab], data: dict[str, Any]) -> None:
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
    page.route("**/" + DATA, lambda route: route.fulfill(status=200, content_type="application/json",
                                                         body=json.dumps(newer, ensure_ascii=False)))
    page.reload()
    page.locator(".pmo-dossier.is-ready").wait_for()
    act02 = card(page, ACT02)
    changed = plain(act02.locator(".pmo-dossier__changed").inner_text())
    assert "⚠ Modifié depuis votre coche" in changed
    assert f"Texte au moment de votre coche (version 1.1.0, obligatoire) : {old['text']}" in changed
    assert "Texte actuel (version 1.2.0) : Nommer un responsable et une échéance pour chaque action." in changed
    assert "✓ Fait" in act02.inner_text()  # the status is kept, flagged
    assert card(page, REV02).locator(".pmo-dossier__changed").count() == 0  # unchanged: carried over silently
    assert "Modifiés depuis votre coche, à revoir : 1" in verdict(page)
    page.get_by_label("Statut", exact=True).select_option("modifie")
    assert act02.is_visible() and card(page, REV02).is_hidden()
    act02.get_by_role("button", name=re.compile("^Garder mon statut pour le texte actuel")).click()
    expect_said(page, "ACT-02 : statut gardé pour le texte actuel")
    assert card(page, ACT02).locator(".pmo-dossier__changed").count() == 0
    page.reload()
    page.locator(".pmo-dossier.is-ready").wait_for()
    assert card(page, ACT02).locator(".pmo-dossier__changed").count() == 0


def _project_file(tmp_path: Path, name: str, document: dict[str, Any] | str) -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _document(project: dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    base = {"name": "Projet fichier", "code": "F-1", "category": "standard", "phase": "planification",
            "entries": {ACT02: {"status": "fait", "justification": "", "evidence": "Compte rendu", "date": "2026-01-15",
                                "fingerprint": "45155eebfa88db28"}}}
    return {"schema": 1, "type": "pmo-dossier-de-jalon", "edition": "2024.2", "saved": "2026-01-15",
            "project": {**base, **(project or {})}, **top}


def test_hostile_and_invalid_project_files(tabs: Callable[..., Tab], tmp_path: Path) -> None:
    tab = tabs()
    page = tab.open()
    create_project(page, "Projet existant", "", "standard")
    picker = page.get_by_label("Charger un projet enregistré (fichier .json)")
    error = page.locator("#pmo-d-fichier-erreur")

    refused: dict[str, tuple[dict[str, Any] | str, str]] = {
        "pas-du-json.json": ("{ ceci n'est pas du JSON", "ce n'est pas un fichier JSON lisible"),
        "schema.json": (_document(schema=2), "« schema » : version 1 attendue (le fichier est en version 2)"),
        "type.json": (_document(type="autre-chose"), "« type » : « pmo-dossier-de-jalon » attendu"),
        "champ.json": (_document(script="alert(1)"), "champ inconnu « script »"),
        "statut.json": (_document({"entries": {ACT02: {"status": "validé"}}}),
                        f'« project.entries["{ACT02}"].status » : statut inconnu'),
        "justification.json": (_document({"entries": {REV02: {"status": "non applicable", "justification": "  "}}}),
                               f'« project.entries["{REV02}"] » : un élément « non applicable » doit avoir sa justification'),
        "long.json": (_document({"name": "x" * 121}), "« project.name » : 120 caractères au plus (121 ici)"),
        "categorie.json": (_document({"category": "geant"}), "« project.category » : catégorie inconnue « geant »"),
        "cle.json": (_document({"entries": {"__proto__": {"status": "fait"}}}), "clé invalide"),
        "types.json": (_document({"name": 42, "entries": []}), "« project.name » : un texte est attendu"),
        "date.json": (_document({"entries": {ACT02: {"status": "fait", "date": "15/01/2026"}}}), "date AAAA-MM-JJ attendue"),
    }
    for name, (document, message) in refused.items():
        picker.set_input_files(_project_file(tmp_path, name, document))
        expect_said(page, f"Fichier « {re.escape(name)} » refusé : .*{re.escape(plain(message))}")
        assert plain(message) in plain(error.inner_text()), name
        assert picker.get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Projet affiché").locator("option").all_inner_texts() == ["Projet existant"]
    assert page.evaluate("Object.prototype.status") is None

    # Valid but hostile text: loaded, shown as text everywhere, never run.
    hostile = _document({"name": HOSTILE_NAME, "code": "<b>X</b>",
                         "entries": {REV02: {"status": "non applicable", "justification": "<script>alert(3)</script>",
                                             "evidence": "javascript:alert(4)", "date": "2026-01-15"},
                                     ACT02: {"status": "fait", "evidence": "data:text/html,<script>alert(5)</script>"}}})
    picker.set_input_files(_project_file(tmp_path, "hostile.json", hostile))
    expect_said(page, "chargé depuis le fichier")
    assert error.is_hidden()
    dossier = page.locator("#pmo-dossier")
    assert dossier.locator("img, script, b").count() == 0
    assert page.get_by_label("Projet affiché").locator("option:checked").inner_text() == HOSTILE_NAME + " (<b>X</b>)"
    assert "<script>alert(3)</script>" in card(page, REV02).inner_text()
    # Evidence that is not an http(s) or relative address stays text.
    assert card(page, REV02).locator(".pmo-dossier__recorded a").count() == 0
    assert card(page, ACT02).locator(".pmo-dossier__recorded a").count() == 0
    assert HOSTILE_NAME in page.locator(".pmo-dossier__report").text_content()
    page.wait_for_timeout(300)  # an injected handler would have fired by now (the fixture checks no dialog opened)


def test_without_storage_the_visit_still_works(tabs: Callable[..., Tab]) -> None:
    tab = tabs()
    # As a browser that blocks storage does, but for dossier.js only: Material's own inline scripts read localStorage
    # without a try, and would fail first.
    tab.context.add_init_script("""(() => {
      const real = Object.getOwnPropertyDescriptor(window, 'localStorage').get;
      Object.defineProperty(window, 'localStorage', {configurable: true, get() {
        if ((new Error().stack || '').includes('dossier.js')) { throw new DOMException('refusé', 'SecurityError'); }
        return real.call(window);
      }});
    })();""")
    page = tab.open()
    warning = page.locator(".pmo-dossier__warning")
    assert "Ce navigateur n'autorise pas l'enregistrement local" in plain(warning.inner_text())
    create_project(page, "Projet sans stockage", "", "standard")
    mark(page, ACT02, "Fait")
    expect_said(page, "ACT-02 : fait, le .* Gardé pour cette visite seulement")
    assert warning.is_visible()


def test_a_full_storage_keeps_what_was_saved(tabs: Callable[..., Tab]) -> None:
    tab = tabs()
    page = tab.open()
    create_project(page, "Projet plein", "", "standard")
    mark(page, ACT02, "Fait")
    before = page.evaluate("localStorage.getItem('pmo:dossier:v1')")
    tab.context.add_init_script("Storage.prototype.setItem = function () { throw new DOMException('plein', 'QuotaExceededError'); };")
    page.reload()
    page.locator(".pmo-dossier.is-ready").wait_for()
    assert "✓ Fait" in card(page, ACT02).inner_text()
    mark(page, REV02, "Non applicable", justification="Pas de revue séparée.")
    expect_said(page, "REV-02 : non applicable, le .* Gardé pour cette visite seulement")
    assert "L'espace de stockage de ce navigateur est plein" in plain(page.locator(".pmo-dossier__warning").inner_text())
    assert "Non applicable" in card(page, REV02).locator(".pmo-dossier__status-label").inner_text()
    assert page.evaluate("localStorage.getItem('pmo:dossier:v1')") == before


@pytest.mark.parametrize(("stored", "message"), [
    ("{pas du JSON", "Les dossiers enregistrés dans ce navigateur étaient illisibles : ils sont conservés à part"),
    ('{"schema": 2, "projects": {"p1": {"nom": "Futur"}}}', "Vos dossiers ont été enregistrés par une version plus récente du site"),
])
def test_what_this_version_cannot_read_is_never_overwritten(tabs: Callable[..., Tab], stored: str, message: str) -> None:
    tab = tabs()
    page = tab.page
    page.goto(tab.base)
    page.evaluate("stored => localStorage.setItem('pmo:dossier:v1', stored)", stored)
    tab.open()
    assert message in plain(page.locator(".pmo-dossier__warning").inner_text())
    create_project(page, "Projet du jour", "", "standard")
    mark(page, ACT02, "Fait")
    if stored.startswith("{pas"):  # set aside, then a fresh start that is saved
        assert page.evaluate("localStorage.getItem('pmo:dossier:v1:illisible')") == stored
        assert page.evaluate("JSON.parse(localStorage.getItem('pmo:dossier:v1')).schema") == 1
    else:  # a newer site's data: left exactly as it is, this visit works in memory
        expect_said(page, "ACT-02 : fait, le .* Gardé pour cette visite seulement")
        assert page.evaluate("localStorage.getItem('pmo:dossier:v1')") == stored


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (320, "light"), (1280, "dark"), (320, "dark")])
def test_no_accessibility_violation(tabs: Callable[..., Tab], axe: Any, data: dict[str, Any], width: int, scheme: str) -> None:
    tab = tabs(width, scheme)
    page = tab.open()
    # The empty state first, then every state a card can take: done with a link, not applicable, refused, changed.
    _no_violation(page, axe, width)
    fill_project_b(page)
    page.get_by_role("button", name="Nouveau projet", exact=True).click()
    page.get_by_role("button", name="Annuler", exact=True).click()
    fill_project_a(page)
    refused = card(page, ACT02)
    refused.get_by_label("Non applicable", exact=True).check()
    refused.get_by_role("button", name=re.compile(r"^Enregistrer")).click()
    expect_said(page, "demande une justification")
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
