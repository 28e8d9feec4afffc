"""« Mon dossier de jalon » adapted to the project, in real Chromium, on the fixture site « adapte »: the project's
characteristics asked when it is created (the questions of tailoring.yaml, from the page's data), changed later, kept
in the project file and its exports; only the items and criteria that apply shown, an item of some projects with its
level « Obligatoire si … »; who does (R) and approves (A) each line; the decider of the project's category; a project
saved before the questions existed asked once. And on « variante », a version published ahead of its date marked
« À venir » as on the pages. axe-core finds nothing at 1280 and 320 px; no request leaves the test server, no dialog
opens, no script error happens.

On « adapte »: ACT-06 (planning) is mandatory if the project has a supplier; ACT-07 (closing), mandatory if it puts
something into service or has a supplier, is also a criterion of « Bilan final »; the gate « Feu vert pour la
planification » is decided by the sponsor for a light project, and its own criterion « budget-estime » holds for
standard and major projects only.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from macros.render.files.gate_file import LIST_COLUMNS
from tests.support import (
    DossierTab,
    FixtureProject,
    answer_characteristics,
    assert_accessible,
    create_project,
    dossier_line,
    expect_said,
    mark,
    plain,
    serve,
    stored_dossier,
)

pytestmark = pytest.mark.browser

TITLE = "Mon dossier de jalon - Projet adapté d'essai"
ACT02, ACT06, ACT07 = "PMO-STD-801#ACT-02", "PMO-STD-801#ACT-06", "PMO-STD-801#ACT-07"
REV02 = "PMO-STD-802#REV-02"
SUPPLIER = "Obligatoire si le projet a un fournisseur"
LIST_HEADERS = [header for _, header, _ in LIST_COLUMNS]


@pytest.fixture
def tabs(browser: Any, adapte_url: str) -> Iterator[Callable[..., DossierTab]]:
    opened: list[DossierTab] = []

    def make(width: int = 1280) -> DossierTab:
        tab = DossierTab(browser, adapte_url, width, title=TITLE)
        opened.append(tab)
        return tab

    yield make
    for tab in opened:
        assert tab.close() == ([], [], [])


def shown_keys(page: Any, context: str = "i") -> list[str]:
    keys: list[str] = page.locator(f"li.pmo-dossier__entry[data-context='{context}']").evaluate_all("ls => ls.map(l => l.dataset.key)")
    return keys


def not_concerned(page: Any) -> list[str]:
    """The folded list of the items this project does not need given its characteristics: its summary, then each line."""
    found = page.locator("details.pmo-dossier__na--traits")
    if not found.count():
        return []
    return [plain(found.locator("summary").text_content()), *(plain(t) for t in found.locator("li").all_text_contents())]


def verdict(page: Any) -> str:
    return plain(page.locator(".pmo-dossier__verdict").inner_text())


def gate_info(page: Any) -> str:
    return plain(page.locator(".pmo-dossier__gate-info").inner_text())


def choose_gate(page: Any, gate: str) -> None:
    page.get_by_label("Jalon à préparer").select_option(gate)
    expect_said(page, "Jalon « ")


def details(page: Any, key: str, context: str = "i") -> str:
    line = dossier_line(page, key, context)
    if line.locator("button.pmo-dossier__more").get_attribute("aria-expanded") == "false":
        line.locator("button.pmo-dossier__more").click()
    return plain(line.locator(".pmo-dossier__details").inner_text())


def meta(page: Any) -> dict[str, str]:
    """The project's summary (dt → dd), made plain."""
    dts = page.locator(".pmo-dossier__project-meta dt").all_inner_texts()
    dds = page.locator(".pmo-dossier__project-meta dd").all_inner_texts()
    return {plain(k): plain(v) for k, v in zip(dts, dds, strict=True)}


@pytest.mark.parametrize("width", [1280, 320])
def test_a_light_project_with_and_without_a_supplier(tabs: Callable[..., DossierTab], width: int) -> None:
    page = tabs(width).open()
    form = page.locator("form.pmo-dossier__project-form")
    # The questions are tailoring.yaml's, asked with the project's name; none answered: the project is not created.
    legends = [plain(t) for t in form.locator("fieldset.pmo-dossier__trait legend").all_inner_texts()]
    assert legends == ["Le projet fait-il appel à un fournisseur ?", "Le projet met-il un livrable en service ?"]
    page.get_by_label("Nom du projet (obligatoire)").fill("Sans fournisseur")
    page.get_by_label("Catégorie du projet").select_option("leger")
    page.get_by_role("button", name="Créer le projet", exact=True).click()
    expect_said(page, "Projet non enregistré : répondez à chaque question sur les caractéristiques du projet \\(2 questions sans réponse\\)")
    assert page.evaluate("document.activeElement.id") == "pmo-d-c-fournisseur-oui"
    assert_accessible(page, width)
    answer_characteristics(form, {"fournisseur": False, "mise-en-service": False})
    page.get_by_role("button", name="Créer le projet", exact=True).click()
    expect_said(page, "Projet « Sans fournisseur » créé")
    assert meta(page)["Caractéristiques"] == "Achats ou fournisseur : non Mise en service : non"

    # Cadrage: the light project's decider is the sponsor, and the gate's own criterion of larger projects is not asked.
    choose_gate(page, "feu-vert-planification")
    assert gate_info(page).startswith("Décidé par : Commanditaire.")
    assert shown_keys(page, "c") == ["PMO-STD-802#REV-01"]
    # Planification: ACT-06 is not in the list; it is named apart, with its level.
    choose_gate(page, "feu-vert-execution")
    assert shown_keys(page) == [ACT02, REV02] and shown_keys(page, "c") == []
    assert not_concerned(page) == ["Sans objet pour ce projet, d'après ses caractéristiques (1)",
                                   f"PMO-STD-801 ACT-06 Convenir avec le fournisseur du suivi des actions qui le concernent. ({SUPPLIER}) "
                                   "Voir l'exigence ACT-06"]
    assert "Éléments obligatoires : 0 fait, 0 non applicable, 0 manquant (sur 0)" in verdict(page)
    # Clôture: ACT-07 neither an item nor a criterion of this project.
    choose_gate(page, "bilan-final")
    assert ACT07 not in shown_keys(page) and shown_keys(page, "c") == []

    # The same project with a supplier.
    create_project(page, "Avec fournisseur", "", "leger", characteristics={"fournisseur": True, "mise-en-service": False})
    choose_gate(page, "feu-vert-execution")
    assert shown_keys(page) == [ACT02, ACT06, REV02] and not_concerned(page) == []
    assert "Éléments obligatoires : 0 fait, 0 non applicable, 1 manquant (sur 1)" in verdict(page)
    # Who does it and who approves it, on the line; its level « Obligatoire si … » in its details.
    who = dossier_line(page, ACT06).locator(".pmo-dossier__who")
    assert plain(who.inner_text()) == "R Réalise : Pilote de projet A Approuve : Pilote de projet"
    assert details(page, ACT06).startswith("OBLIGATOIRE si le projet a un fournisseur PMO-STD-801 v2.0.0 · Réalise (R) : Pilote de projet · "
                                           "Approuve (A) : Pilote de projet · Modèle : Convention de suivi avec le fournisseur")
    assert plain(dossier_line(page, ACT02).locator(".pmo-dossier__who").inner_text()) == "R Réalise : Pilote de projet A Approuve : Commanditaire"
    mark(page, ACT06, "Fait")
    assert verdict(page).startswith("✓ Prêt pour le passage")
    choose_gate(page, "bilan-final")
    assert ACT07 in shown_keys(page) and shown_keys(page, "c") == [ACT07]
    assert details(page, ACT07, "c").startswith("OBLIGATOIRE si le projet met un livrable en service ou si le projet a un fournisseur PMO-STD-801")
    assert_accessible(page, width)

    # The first project changes its answers later: something goes into service, and ACT-07 comes with it.
    page.get_by_label("Projet affiché").select_option(label="Sans fournisseur")
    expect_said(page, "Projet affiché : « Sans fournisseur »")
    page.get_by_role("button", name="Modifier le projet", exact=True).click()
    assert form.locator("fieldset[data-trait='fournisseur']").get_by_label("Non", exact=True).is_checked()
    answer_characteristics(form, {"mise-en-service": True})
    page.get_by_role("button", name="Enregistrer le projet", exact=True).click()
    expect_said(page, "Projet « Sans fournisseur » modifié")
    assert shown_keys(page, "c") == [ACT07] and ACT07 in shown_keys(page)
    answers = {p["name"]: p["characteristics"] for p in stored_dossier(page)["projects"].values()}
    assert answers == {"Sans fournisseur": {"fournisseur": False, "mise-en-service": True},
                       "Avec fournisseur": {"fournisseur": True, "mise-en-service": False}}
    choose_gate(page, "feu-vert-execution")
    page.locator("details.pmo-dossier__na--traits summary").click()
    assert_accessible(page, width)


def _seed(tab: DossierTab, state: dict[str, Any]) -> None:
    tab.page.goto(tab.base)
    tab.page.evaluate("s => localStorage.setItem('pmo:dossier:v1', s)", json.dumps(state, ensure_ascii=False))


def _old_project(pid: str, name: str) -> dict[str, Any]:
    """A project as the gate file kept it before the characteristics (schema 1): no « characteristics »."""
    return {"id": pid, "name": name, "code": "", "category": "standard", "phase": "planification", "gate": "feu-vert-execution",
            "created": "2026-01-15", "updated": "2026-01-15",
            "entries": {ACT02: {"status": "fait", "justification": "", "evidence": "CR du 3 mars", "date": "2026-03-03", "fingerprint": ""}}}


def test_a_project_saved_before_is_kept_and_asked_once(tabs: Callable[..., DossierTab]) -> None:
    tab = tabs()
    page = tab.page
    # A project of a later edition's question: it answered the supplier's, not the one added since.
    newer = {**_old_project("p3", "Projet d'une édition antérieure"), "characteristics": {"fournisseur": True}}
    _seed(tab, {"schema": 1, "projects": {"p1": _old_project("p1", "Projet ancien"), "p2": _old_project("p2", "Projet reporté"),
                                          "p3": newer}, "current": "p1", "migrated": True})
    tab.open()
    expect_said(page, "Dossier prêt : projet « Projet ancien »\\. Ses caractéristiques sont à préciser\\.")
    # Read as it was (nothing set aside), its statuses kept; until answered, everything that depends on one is shown.
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('illisible'))") == []
    assert dossier_line(page, ACT02).get_by_label("Statut de ACT-02").input_value() == "fait"
    assert shown_keys(page) == [ACT02, ACT06, REV02]
    assert meta(page)["Caractéristiques"] == "Achats ou fournisseur : non précisée Mise en service : non précisée"
    panel = page.get_by_role("group", name="Caractéristiques du projet à préciser")
    assert "« Projet ancien » a été enregistré avant que le référentiel ne pose ces questions" in plain(panel.inner_text())
    assert_accessible(page, 1280)
    answer_characteristics(panel, {"fournisseur": False})
    panel.get_by_role("button", name="Enregistrer les réponses").click()
    expect_said(page, "Caractéristiques du projet enregistrées \\(1 question sans réponse\\)")
    assert panel.count() == 0 or panel.is_hidden()
    assert shown_keys(page) == [ACT02, REV02] and "ACT-06" in not_concerned(page)[1]
    stored = stored_dossier(page)
    # The question left without an answer is recorded as asked (null): it counts as holding, and is not asked again.
    assert stored["schema"] == 2 and stored["projects"]["p1"]["characteristics"] == {"fournisseur": False, "mise-en-service": None}
    assert stored["projects"]["p2"].get("characteristics") is None  # written back as read: still to be asked
    # Asked once: not again after a reload.
    tab.reload()
    assert page.locator(".pmo-dossier__questions").is_hidden()
    # The other project: « Plus tard » is an answer too; its items stay, and the project is not asked again.
    page.get_by_label("Projet affiché").select_option(label="Projet reporté")
    page.get_by_role("group", name="Caractéristiques du projet à préciser").get_by_role("button", name="Plus tard").click()
    expect_said(page, "Questions laissées sans réponse")
    assert shown_keys(page) == [ACT02, ACT06, REV02]
    tab.reload()
    page.get_by_label("Projet affiché").select_option(label="Projet reporté")
    assert page.locator(".pmo-dossier__questions").is_hidden()
    assert stored_dossier(page)["projects"]["p2"]["characteristics"] == {"fournisseur": None, "mise-en-service": None}
    # The question a later edition added is asked alone, once.
    page.get_by_label("Projet affiché").select_option(label="Projet d'une édition antérieure")
    panel = page.get_by_role("group", name="Caractéristiques du projet à préciser")
    assert "n'a pas encore répondu à cette question, nouvelle dans le référentiel" in plain(panel.inner_text())
    assert panel.locator("fieldset.pmo-dossier__trait").evaluate_all("fs => fs.map(f => f.dataset.trait)") == ["mise-en-service"]
    answer_characteristics(panel, {"mise-en-service": True})
    panel.get_by_role("button", name="Enregistrer les réponses").click()
    expect_said(page, "Caractéristiques du projet enregistrées\\.")
    assert stored_dossier(page)["projects"]["p3"]["characteristics"] == {"fournisseur": True, "mise-en-service": True}


def _download(page: Any, button: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_the_characteristics_travel_with_the_project(tabs: Callable[..., DossierTab], tmp_path: Path) -> None:
    """In the project file (schema 2), its Excel and CSV exports and the printed report; a file saved before them is
    read and asked once; loading a file over the project lists a changed answer."""
    tab = tabs()
    page = tab.open()
    create_project(page, "Portail fournisseurs", "PF-1", "standard", characteristics={"fournisseur": True, "mise-en-service": False})
    choose_gate(page, "feu-vert-execution")
    mark(page, ACT06, "Fait", evidence="Convention signée le 2 mars")

    saved = _download(page, "Enregistrer le projet dans un fichier (.json)", tmp_path)
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert document["schema"] == 2 and document["project"]["characteristics"] == {"fournisseur": True, "mise-en-service": False}

    xlsx = openpyxl.load_workbook(_download(page, "Télécharger en Excel (.xlsx)", tmp_path))
    about = {row[0]: row[1] for row in xlsx["Dossier"].iter_rows(values_only=True)}
    assert (about["Achats ou fournisseur"], about["Mise en service"]) == ("Oui", "Non")
    assert [c.value for c in xlsx["Liste de contrôle"][1]] == LIST_HEADERS
    rows = {row[2]: dict(zip(LIST_HEADERS, row, strict=True)) for row in xlsx["Liste de contrôle"].iter_rows(min_row=2, values_only=True)}
    assert rows["ACT-06"]["Niveau"] == SUPPLIER and rows["ACT-06"]["Caractéristique du projet"] == "Achats ou fournisseur : oui"
    assert rows["ACT-02"]["Niveau"] == "Obligatoire" and rows["ACT-02"]["Caractéristique du projet"] == ""
    assert (rows["ACT-06"]["Réalise (R)"], rows["ACT-06"]["Approuve (A)"]) == ("Pilote de projet", "Pilote de projet")
    table = list(csv.reader(io.StringIO(_download(page, "Télécharger en CSV", tmp_path).read_text(encoding="utf-8-sig")), delimiter=";"))
    assert table[0] == LIST_HEADERS
    by_id = {row[2]: dict(zip(LIST_HEADERS, row, strict=True)) for row in table[1:]}
    assert by_id["ACT-06"]["Niveau"] == SUPPLIER and by_id["ACT-06"]["Caractéristique du projet"] == "Achats ou fournisseur : oui"

    # The printed report: the answers beside the category, and what the project does not need, with why.
    page.get_by_role("button", name="Modifier le projet", exact=True).click()
    answer_characteristics(page.locator("form.pmo-dossier__project-form"), {"fournisseur": False})
    page.get_by_role("button", name="Enregistrer le projet", exact=True).click()
    expect_said(page, "Projet « Portail fournisseurs » modifié")
    page.emulate_media(media="print")
    report = plain(page.locator(".pmo-dossier__report").inner_text())
    assert "Catégorie Standard Caractéristiques Achats ou fournisseur : non Mise en service : non Phase en cours" in report
    assert (f"Éléments sans objet pour ce projet, d'après ses caractéristiques PMO-STD-801 ACT-06 Convenir avec le fournisseur du "
            f"suivi des actions qui le concernent. ({SUPPLIER})") in report
    page.emulate_media(media="screen")

    # The file saved with a supplier, loaded over the project: the changed answer is listed, then taken.
    picker = page.get_by_label("Charger un projet enregistré (fichier .json)")
    picker.set_input_files(saved)
    expect_said(page, "Ce projet existe déjà : 1 changement à confirmer")
    assert [plain(t) for t in page.locator(".pmo-dossier__changes li").all_inner_texts()] == ["Achats ou fournisseur : non → oui"]
    page.get_by_role("button", name="Mettre à jour le projet").click()
    assert ACT06 in shown_keys(page)

    # A file of schema 1 (no characteristics) is read, and its project asked once.
    old = {**document, "schema": 1, "project": {k: v for k, v in document["project"].items() if k != "characteristics"}}
    old["project"].update(id="p-ancien", name="Projet d'avant")
    path = tmp_path / "projet-ancien.json"
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    picker.set_input_files(path)
    expect_said(page, "Projet « Projet d'avant » chargé depuis le fichier")
    assert page.get_by_role("group", name="Caractéristiques du projet à préciser").is_visible()
    assert dossier_line(page, ACT06).get_by_label("Statut de ACT-06").input_value() == "fait"
    # A file of a schema this site does not know is refused, naming the ones it reads.
    path.write_text(json.dumps({**old, "schema": 3}, ensure_ascii=False), encoding="utf-8")
    picker.set_input_files(path)
    expect_said(page, "Fichier « projet-ancien\\.json » refusé")
    assert "« schema » : version 1 ou 2 attendue (le fichier est en version 3)" in plain(page.locator("#pmo-d-fichier-erreur").inner_text())


@pytest.fixture(scope="module")
def variante_url(variante: FixtureProject) -> Iterator[str]:
    assert variante.site is not None
    with serve(variante.site) as url:
        yield url


def test_a_version_ahead_of_its_date_is_marked_as_on_the_pages(browser: Any, variante: FixtureProject, variante_url: str) -> None:
    """« variante » publishes suivi-des-actions 1.1.0 ahead of its date: its items say « À venir — entre en vigueur le … »
    in the gate file, in the words of its gate's page; the other standard's items say nothing."""
    tab = DossierTab(browser, variante_url)
    page = tab.open()
    create_project(page, "Projet prévenu", "", "standard")
    page_text = variante.page("listes-de-controle/feu-vert-execution/index.html")
    badge = plain(dossier_line(page, ACT02).locator(".pmo-dossier__text .pmo-badge--upcoming").inner_text())
    assert re.fullmatch(r"À venir — entre en vigueur le 14 octobre 2024", badge) and badge in plain(page_text)
    assert dossier_line(page, REV02).locator(".pmo-badge--upcoming").count() == 0
    assert_accessible(page, 1280)
    assert tab.close() == ([], [], [])
