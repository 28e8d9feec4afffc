"""« Mon dossier de jalon » never loses a state, in real Chromium: a browser that blocks storage (a real profile
setting, not a stub), a full storage, states this version cannot read (each set aside under its own dated key, never
overwritten), stored projects that fail validation and entries for withdrawn items (named, with a download), hostile
and invalid files (characters XML 1.0 forbids included), and export errors reported for what they are.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.support import (
    DOSSIER_PAGE,
    DossierTab,
    blocked_storage,
    create_project,
    dossier_line,
    expect_said,
    mark,
    plain,
    stored_dossier,
)

pytestmark = pytest.mark.browser

ACT02 = "PMO-STD-801#ACT-02"
REV02 = "PMO-STD-802#REV-02"
WITHDRAWN = "PMO-STD-801#ACT-99"  # no item of the référentiel has this key
HOSTILE_NAME = '<img src=x onerror="alert(1)"><script>alert(2)</script>{{ 7*7 }}'
ASIDE = re.compile(r"^pmo:dossier:v1:illisible:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z(-\d+)?$")


@pytest.fixture
def tabs(browser: Any, dossier_url: str) -> Iterator[Callable[..., DossierTab]]:
    opened: list[DossierTab] = []

    def make(width: int = 1280) -> DossierTab:
        tab = DossierTab(browser, dossier_url, width)
        opened.append(tab)
        return tab

    yield make
    for tab in opened:
        assert tab.close() == ([], [], [])


def _storage(page: Any) -> dict[str, str]:
    stored: dict[str, str] = page.evaluate("Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]))")
    return stored


def _seed(tab: DossierTab, items: dict[str, str]) -> None:
    """Write localStorage on the site's origin before the gate file opens."""
    tab.page.goto(tab.base)
    tab.page.evaluate("items => { for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v); }", items)


def _project(entries: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"id": "p1", "name": "Projet gardé", "code": "", "category": "standard", "phase": "planification", "gate": "",
            "created": "2026-01-15", "updated": "2026-01-15", "entries": entries, **fields}


def _file(tmp_path: Path, name: str, document: dict[str, Any] | str) -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _document(project: dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    base = {"name": "Projet fichier", "code": "F-1", "category": "standard", "phase": "planification",
            "entries": {ACT02: {"status": "fait", "justification": "", "evidence": "Compte rendu", "date": "2026-01-15",
                                "fingerprint": "45155eebfa88db28"}}}
    return {"schema": 1, "type": "pmo-dossier-de-jalon", "edition": "2024.2", "saved": "2026-01-15",
            "project": {**base, **(project or {})}, **top}


def test_each_unreadable_state_is_set_aside_under_its_own_key(tabs: Callable[..., DossierTab], tmp_path: Path) -> None:
    """Two unreadable states, found on two visits: both kept, each under its own dated key, named on the page, with a
    download and an erase that asks first. (The first one used to be overwritten by the second.)"""
    tab = tabs()
    page = tab.page
    _seed(tab, {"pmo:dossier:v1": "{pas du JSON"})
    tab.open()
    notice = page.locator(".pmo-dossier__notice")
    assert "Les dossiers enregistrés dans ce navigateur étaient illisibles : ils sont conservés à part" in plain(notice.inner_text())
    create_project(page, "Projet du jour", "", "standard")
    mark(page, ACT02, "Fait")
    page.evaluate("localStorage.setItem('pmo:dossier:v1', '[\"autre chose d\\'illisible\"]')")
    tab.reload()
    create_project(page, "Projet suivant", "", "standard")
    stored = _storage(page)
    aside = sorted(k for k in stored if k.startswith("pmo:dossier:v1:illisible"))
    assert len(aside) == 2 and all(ASIDE.match(k) for k in aside), aside
    assert sorted(stored[k] for k in aside) == sorted(["{pas du JSON", '["autre chose d\'illisible"]'])
    assert json.loads(stored["pmo:dossier:v1"])["schema"] == 2
    text = plain(page.locator(".pmo-dossier__notice").inner_text())
    assert "Ce navigateur garde 2 états illisibles du dossier, chacun sous sa propre clé" in text
    assert all(key in text for key in aside)
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger ces données (.json)").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert json.loads(saved.read_text(encoding="utf-8")) == {k: stored[k] for k in aside}
    # Erasing asks twice; then the keys are gone and the notice with them.
    page.get_by_role("button", name="Effacer ces données…").click()
    assert all(k in _storage(page) for k in aside)
    page.get_by_role("button", name="Oui, effacer définitivement").click()
    expect_said(page, "Données mises à part effacées")
    assert not any(k.startswith("pmo:dossier:v1:illisible") for k in _storage(page))
    assert page.locator(".pmo-dossier__notice").count() == 0


def test_a_state_written_by_a_newer_site_is_never_overwritten(tabs: Callable[..., DossierTab]) -> None:
    tab = tabs()
    page = tab.page
    stored = '{"schema": 3, "projects": {"p1": {"nom": "Futur"}}}'
    _seed(tab, {"pmo:dossier:v1": stored})
    tab.open()
    assert "Vos dossiers ont été enregistrés par une version plus récente du site" in plain(page.locator(".pmo-dossier__warning").inner_text())
    create_project(page, "Projet du jour", "", "standard")
    mark(page, ACT02, "Fait")
    expect_said(page, "ACT-02 : fait\\. Gardé pour cette visite seulement")
    assert page.evaluate("localStorage.getItem('pmo:dossier:v1')") == stored


def test_a_project_that_fails_validation_and_withdrawn_entries_are_named(tabs: Callable[..., DossierTab], tmp_path: Path) -> None:
    """A stored project this version cannot read is named with a download, and kept as it is; the entries of a project
    for items the référentiel withdrew are listed, counted, and can be downloaded. (Both used to be silent.)"""
    tab = tabs()
    page = tab.page
    broken = _project({ACT02: {"status": "validé"}}, id="p2", name="Projet abîmé")
    kept = _project({ACT02: {"status": "fait", "evidence": "CR du 3 mars", "date": "2026-03-03"},
                     WITHDRAWN: {"status": "fait", "evidence": "Ancienne preuve", "date": "2025-06-01"}})
    state = {"schema": 1, "projects": {"p1": kept, "p2": broken}, "current": "p1", "migrated": True}
    _seed(tab, {"pmo:dossier:v1": json.dumps(state, ensure_ascii=False)})
    tab.open()
    assert page.get_by_label("Projet affiché").locator("option").all_inner_texts() == ["Projet gardé"]
    notice = plain(page.locator(".pmo-dossier__notice").inner_text())
    assert "1 projet mis de côté Cette version du site ne peut pas lire ce projet enregistré" in notice
    assert "« Projet abîmé » (identifiant p2) :" in notice and "statut inconnu" in notice
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger ce projet (.json) Projet abîmé").click()
    document = json.loads(info.value.path().read_text(encoding="utf-8"))
    assert document["type"] == "pmo-dossier-de-jalon" and document["project"] == broken

    withdrawn = plain(page.locator(".pmo-dossier__withdrawn").inner_text())
    assert withdrawn.startswith("⚠ 1 élément retiré du référentiel Ce projet garde ce que vous aviez noté pour un élément qui n'existe plus")
    assert f"{WITHDRAWN} : Fait le 1er juin 2025 — Ancienne preuve" in withdrawn
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger ces éléments (.json)").click()
    assert json.loads(info.value.path().read_text(encoding="utf-8"))["entries"] == {
        WITHDRAWN: {"status": "fait", "justification": "", "evidence": "Ancienne preuve", "date": "2025-06-01", "fingerprint": ""}}
    # A change to the readable project keeps both the project set aside and the withdrawn entry.
    mark(page, REV02, "Fait")
    after = stored_dossier(page)
    assert after["projects"]["p2"] == broken
    assert after["projects"]["p1"]["entries"][WITHDRAWN]["evidence"] == "Ancienne preuve"


def test_hostile_and_invalid_project_files(tabs: Callable[..., DossierTab], tmp_path: Path) -> None:
    tab = tabs()
    page = tab.open()
    create_project(page, "Projet existant", "", "standard")
    picker = page.get_by_label("Charger un projet enregistré (fichier .json)")
    error = page.locator("#pmo-d-fichier-erreur")

    refused: dict[str, tuple[dict[str, Any] | str, str]] = {
        "pas-du-json.json": ("{ ceci n'est pas du JSON", "ce n'est pas un fichier JSON lisible"),
        "schema.json": (_document(schema=3), "« schema » : version 1 ou 2 attendue (le fichier est en version 3)"),
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
        # Characters XML 1.0 forbids: an Excel file holding one is not well-formed (Excel « repairs » it, losing content).
        "fffe.json": (_document({"entries": {ACT02: {"status": "fait", "evidence": "preuve\ufffe"}}}),
                      f'« project.entries["{ACT02}"].evidence » : caractère interdit (U+FFFE)'),
        "ffff.json": (_document({"name": "Projet\uffff"}), "« project.name » : caractère interdit (U+FFFF)"),
        "controle.json": (_document({"code": "F\u0001"}), "« project.code » : caractère interdit (U+0001)"),
    }
    for name, (document, message) in refused.items():
        picker.set_input_files(_file(tmp_path, name, document))
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
    picker.set_input_files(_file(tmp_path, "hostile.json", hostile))
    expect_said(page, "chargé depuis le fichier")
    assert error.is_hidden()
    dossier = page.locator("#pmo-dossier")
    assert dossier.locator("img, script, b").count() == 0
    assert page.get_by_label("Projet affiché").locator("option:checked").inner_text() == HOSTILE_NAME + " (<b>X</b>)"
    assert dossier_line(page, REV02).get_by_label(re.compile("^Justification")).input_value() == "<script>alert(3)</script>"
    # Evidence that is not an http(s) or relative address is no link.
    assert dossier_line(page, REV02).locator("a.pmo-dossier__open").is_hidden()
    assert dossier_line(page, ACT02).locator("a.pmo-dossier__open").is_hidden()
    assert HOSTILE_NAME in page.locator(".pmo-dossier__report").text_content()
    page.wait_for_timeout(300)  # an injected handler would have fired by now (the fixture checks no dialog opened)


def test_forbidden_characters_are_stripped_from_the_excel_export(tabs: Callable[..., DossierTab], tmp_path: Path) -> None:
    """Pasted text may carry U+FFFE, U+FFFF or a control character: the line keeps the rest, and the workbook is well
    formed (openpyxl refuses an ill-formed one)."""
    tab = tabs()
    page = tab.open()
    create_project(page, "Projet collé", "C-1", "standard")
    line = dossier_line(page, ACT02)
    line.get_by_label(re.compile("^Statut de ")).select_option(label="Fait")
    line.get_by_label(re.compile("^Preuve fournie")).fill("avant\ufffe\uffff\u0007après")
    expect_said(page, "ACT-02 : preuve enregistrée")
    assert stored_dossier(page)["projects"][stored_dossier(page)["current"]]["entries"][ACT02]["evidence"] == "avantaprès"
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger en Excel (.xlsx)", exact=True).click()
    path = tmp_path / "dossier.xlsx"
    info.value.save_as(path)
    sheet = openpyxl.load_workbook(path)["Liste de contrôle"]
    evidence = [c.value for c in sheet[1]].index("Preuve fournie") + 1  # found by its header: columns come from Python
    assert "avantaprès" in [row[evidence - 1] for row in sheet.iter_rows(values_only=True)]


def test_export_errors_say_what_failed(tabs: Callable[..., DossierTab]) -> None:
    """The library missing, and the library failing while it writes, are two different messages (every failure used to
    be blamed on ExcelJS not loading)."""
    tab = tabs()
    page = tab.page
    page.route("**/exceljs.min.js", lambda route: route.fulfill(status=404, body="absent"))
    tab.open()
    create_project(page, "Projet export", "", "standard")
    page.get_by_role("button", name="Télécharger en Excel (.xlsx)", exact=True).click()
    expect_said(page, "L'export Excel a échoué : la bibliothèque ExcelJS n'a pas pu être chargée depuis le site "
                      "\\(fichier exceljs.min.js introuvable ou illisible\\)\\. Essayez l'export CSV\\.")
    page.evaluate("window.ExcelJS = {Workbook: function () { throw new Error('feuille refusée'); }}")
    page.get_by_role("button", name="Télécharger en Excel (.xlsx)", exact=True).click()
    expect_said(page, "L'export Excel a échoué : le fichier n'a pas pu être préparé \\(feuille refusée\\)\\. Essayez l'export CSV\\.")
    assert page.get_by_role("button", name="Télécharger en Excel (.xlsx)", exact=True).get_attribute("aria-busy") is None


def test_a_full_storage_keeps_what_was_saved(tabs: Callable[..., DossierTab]) -> None:
    tab = tabs()
    page = tab.open()
    create_project(page, "Projet plein", "", "standard")
    mark(page, ACT02, "Fait")
    before = page.evaluate("localStorage.getItem('pmo:dossier:v1')")
    tab.context.add_init_script("Storage.prototype.setItem = function () { throw new DOMException('plein', 'QuotaExceededError'); };")
    tab.reload()
    assert dossier_line(page, ACT02).get_by_label(re.compile("^Statut de ")).input_value() == "fait"
    mark(page, REV02, "Non applicable", justification="Pas de revue séparée.")
    expect_said(page, "REV-02 : non applicable\\. Gardé pour cette visite seulement")
    assert "L'espace de stockage de ce navigateur est plein" in plain(page.locator(".pmo-dossier__warning").inner_text())
    assert plain(page.locator(".pmo-dossier__saved").inner_text()) == "⚠ Pour cette visite seulement"
    assert page.evaluate("localStorage.getItem('pmo:dossier:v1')") == before


def _our_errors(errors: list[Any]) -> list[str]:
    """Script errors thrown by the site's own scripts (Material's inline scripts fail on their own when storage is
    blocked: not ours to fix, and they do not stop the others)."""
    ours = re.compile(r"assets/javascripts/(?:pmo-common|dossier[\w-]*|quiz|checklist|catalogue)\.js")
    return [f"{e} {e.stack}" for e in errors if ours.search(getattr(e, "stack", "") or "") or not getattr(e, "stack", "")]


def test_blocked_storage_is_said_by_every_script_that_stores(browser: Any, dossier_url: str) -> None:
    """A Chromium whose profile blocks site data: the gate file, a quiz and a checklist each say, in French and in
    view, that nothing will be kept, and still work for this visit."""
    with blocked_storage(browser) as context:
        page = context.new_page()
        errors: list[Any] = []

        def record(error: Any) -> None:  # Playwright wants a Python function, not a bound builtin
            errors.append(error)
        page.on("pageerror", record)
        page.goto(dossier_url + DOSSIER_PAGE)
        page.locator(".pmo-dossier.is-ready").wait_for()
        assert page.evaluate("(() => { try { localStorage.length; return 'ouvert'; } catch (e) { return e.name; } })()") == "SecurityError"
        warning = page.locator(".pmo-dossier__warning")
        assert "Ce navigateur n'autorise pas l'enregistrement local : vos saisies valent pour cette visite seulement" in plain(warning.inner_text())
        create_project(page, "Projet sans stockage", "", "standard")
        mark(page, ACT02, "Fait")
        expect_said(page, "ACT-02 : fait\\. Gardé pour cette visite seulement")
        assert warning.is_visible()

        page.goto(dossier_url + "parcours/quiz/quiz-actions/")
        note = page.locator("[data-pmo-storage-warning]")
        assert note.is_visible() and "le quiz se corrige, mais vos réponses et votre résultat ne seront pas gardés" in plain(note.inner_text())
        assert note.evaluate("n => n.nextElementSibling.matches('[data-pmo-quiz]')")
        page.locator("fieldset[data-pmo-question]:not([hidden]) input").first.check()
        page.get_by_role("button", name="Valider mes réponses").click()
        assert page.locator("[data-pmo-result]").inner_text().strip() != ""  # still corrected

        page.goto(dossier_url + "parcours/")
        assert "votre progression ne peut pas être lue ni gardée ici" in plain(page.locator("[data-pmo-storage-warning]").inner_text())

        page.goto(dossier_url + "standards/suivi-des-actions/")
        note = page.locator("[data-pmo-storage-warning]").first
        assert "vos coches valent pour cette visite seulement" in plain(note.inner_text())
        assert note.evaluate("n => n.nextElementSibling.matches('form[data-pmo-checklist]')")
        box = page.locator("form[data-pmo-checklist] input[type=checkbox]").first
        box.check()
        assert box.is_checked() and "1 sur" in page.locator("form[data-pmo-checklist] [data-pmo-count]").first.inner_text()
        assert _our_errors(errors) == []
