"""The built « adapte » site: who does and approves each item (R and A) everywhere a line is shown, the gate lists of
each category with their decider and criteria, items of some projects only (« Obligatoire si … »), the light template
that takes the place of another, the characteristics in the gate file's data and the catalogue, the risk matrix's
escalation."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

import docx
import openpyxl

from tests.support import FixtureProject

LISTS = "listes-de-controle"


def gate_csv(site: FixtureProject, name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(site.file(f"{LISTS}/{name}.csv").read_text(encoding="utf-8-sig")), delimiter=";"))


def test_each_category_has_its_decider_and_its_criteria(adapte: FixtureProject) -> None:
    leger = adapte.page(f"{LISTS}/feu-vert-planification/leger/index.html")
    standard = adapte.page(f"{LISTS}/feu-vert-planification/index.html")
    assert "Décision prononcée par : Commanditaire." in leger
    assert "Décision prononcée par : Comité de pilotage." in standard
    # The criterion of the gate's own holds for standard and major projects only.
    assert "budget-estime Le budget est estimé." in standard and "budget-estime" not in leger
    # A criterion that names an item holds only where that item is mandatory: ACT-02 and REV-02 are recommended when light.
    execution_leger = adapte.page(f"{LISTS}/feu-vert-execution/leger/index.html")
    criteria = execution_leger[execution_leger.index("Critères de passage"):execution_leger.index("Ce que la phase demande")]
    assert "Ce jalon n'a pas de critère de passage défini" in criteria
    criteria = adapte.page(f"{LISTS}/feu-vert-execution/index.html")
    assert "REV-02 Présenter le planning en revue avant les travaux." in criteria and "ACT-02 Nommer un responsable" in criteria
    index = adapte.page(f"{LISTS}/index.html")
    assert "Feu vert pour la planification Cadrage Commanditaire (léger) ; Comité de pilotage (standard, majeur)" in index
    assert "Léger : 1 (+ 1) / 1" in index


def test_lines_say_who_does_and_who_approves(adapte: FixtureProject) -> None:
    page = adapte.page(f"{LISTS}/feu-vert-planification/index.html")
    assert ("REV-01 Tenir une revue de cadrage avant de planifier.PMO-STD-802 v2.0.0 · Réalise (R) : Pilote de projet · "
            "Approuve (A) : Commanditaire") in page
    rows = gate_csv(adapte, "feu-vert-execution")
    assert rows[0][6:8] == ["Réalise (R)", "Approuve (A)"]
    by_id = {r[2]: r for r in rows[1:]}
    assert (by_id["ACT-06"][4], by_id["ACT-06"][6], by_id["ACT-06"][7]) == ("Obligatoire si le projet a un fournisseur", "Pilote de projet",
                                                                           "Pilote de projet")
    sheet = openpyxl.load_workbook(adapte.file(f"{LISTS}/feu-vert-execution.xlsx")).worksheets[0]
    assert [c.value for c in sheet[1]][6:8] == ["Réalise (R)", "Approuve (A)"]
    # The role page lists what the role does (R) and what it approves (A).
    pilote = adapte.page("roles/pilote/index.html")
    assert "Éléments de contrôle qu'il réalise ou approuve" in pilote
    assert "PMO-STD-801 ACT-06 R (Réalise), A (Approuve)" in pilote and "PMO-STD-802 REV-01 R (Réalise) Obligatoire" in pilote
    assert "PMO-STD-802 REV-01 A (Approuve) Obligatoire" in adapte.page("roles/commanditaire/index.html")


def test_items_of_some_projects_say_so(adapte: FixtureProject) -> None:
    html = adapte.html(f"{LISTS}/bilan-final/leger/index.html")
    page = adapte.page(f"{LISTS}/bilan-final/leger/index.html")
    assert "Obligatoires selon le projet" in page
    assert ("Obligatoire si le projet met un livrable en service ou si le projet a un fournisseur ACT-07 Vérifier que les actions "
            "bloquantes de la mise en service sont closes.") in page
    assert '<span class="pmo-condition">si le projet met un livrable en service ou si le projet a un fournisseur</span>' in html
    # The standard's page says it in its adaptation table.
    standard = adapte.page("standards/suivi-des-actions/index.html")
    assert "ACT-06 Convenir avec le fournisseur du suivi des actions qui le concernent. Obligatoire si le projet a un fournisseur" in standard


def test_a_light_template_takes_the_place_of_another(adapte: FixtureProject) -> None:
    html = adapte.html(f"{LISTS}/bilan-final/leger/index.html")
    # ACT-04 names « Fiche action »: a light project's list points to the light template instead.
    line = html[html.index("ACT-04"):]
    line = line[:line.index("</li>")]
    assert "Fiche action courte" in line and "fiche-action-courte.docx" in line
    standard_html = adapte.html(f"{LISTS}/bilan-final/index.html")
    line = standard_html[standard_html.index("ACT-04"):]
    assert "fiche-action.docx" in line[:line.index("</li>")]
    assert "Pour un projet léger, à la place de « Fiche action »." in adapte.page("standards/suivi-des-actions/index.html")


def test_word_template_names_the_raci(adapte: FixtureProject) -> None:
    document = docx.Document(str(adapte.file("standards/suivi-des-actions/2.0.0/fiche-action.docx")))
    approval = next(t for t in document.tables if t.rows[0].cells[0].text == "Rôle" and t.rows[0].cells[3].text == "Visa")
    # ACT-03 and ACT-04 use it: their rows' R and A, each once.
    assert [r.cells[0].text for r in approval.rows] == ["Rôle", "Rédigé par\u00a0: Pilote de projet, Bureau PMO (R)", "Vérifié par",
                                                         "Approuvé par\u00a0: Commanditaire (A)"]


def test_gate_file_data_carries_characteristics_conditions_and_raci(adapte: FixtureProject) -> None:
    data: dict[str, Any] = json.loads(adapte.file(f"{LISTS}/dossier-referentiel.json").read_text(encoding="utf-8"))
    assert data["characteristics"] == [
        {"id": "fournisseur", "name": "Achats ou fournisseur", "question": "Le projet fait-il appel à un fournisseur ?",
         "condition": "le projet a un fournisseur"},
        {"id": "mise-en-service", "name": "Mise en service", "question": "Le projet met-il un livrable en service ?",
         "condition": "le projet met un livrable en service"}]
    items = {i["id"]: i for i in data["items"]}
    assert (items["ACT-07"]["onlyIf"], items["ACT-07"]["R"], items["ACT-07"]["A"]) == (["mise-en-service", "fournisseur"], ["pilote"], "commanditaire")
    assert items["ACT-01"]["onlyIf"] == []
    gates = {g["id"]: g for g in data["gates"]}
    assert gates["feu-vert-planification"]["deciders"] == {"leger": "Commanditaire", "standard": "Comité de pilotage", "majeur": "Comité de pilotage"}
    criteria = {c["id"]: c["categories"] for c in gates["feu-vert-planification"]["criteria"]}
    assert criteria == {"REV-01": ["leger", "standard", "majeur"], "budget-estime": ["standard", "majeur"]}
    assert {c["id"]: c["categories"] for c in gates["feu-vert-execution"]["criteria"]} == {"REV-02": ["standard", "majeur"], "ACT-02": ["standard", "majeur"]}


def test_catalogue_knows_categories_and_characteristics(adapte: FixtureProject) -> None:
    html = adapte.html("modeles/index.html")
    rows = {row.split('data-pmo-template="')[1].split('"')[0]: row for row in html.split("<tr")[1:] if "data-pmo-template" in row}
    assert 'data-categories="leger"' in rows["fiche-action-courte"] and 'data-categories="majeur standard"' in rows["fiche-action"]
    assert 'data-conditions="fournisseur"' in rows["convention-de-suivi"] and 'data-conditions=""' in rows["registre-des-actions"]
    assert '<input type="checkbox" id="filtre-caracteristique-fournisseur" value="fournisseur" checked data-pmo-trait>' in html
    page = adapte.page("modeles/index.html")
    assert "Selon le projet" in page and "Achats ou fournisseur¶ Suivi des actions : Convention de suivi avec le fournisseur" in page


def test_categories_page_says_who_decides_and_what_each_characteristic_adds(adapte: FixtureProject) -> None:
    page = adapte.page(f"{LISTS}/categories-de-projet/index.html")
    assert "Qui décide chaque jalon" in page
    assert "Feu vert pour la planification Commanditaire Comité de pilotage Comité de pilotage" in page
    assert "Achats ou fournisseur¶ Le projet fait-il appel à un fournisseur ? Si oui, s'appliquent aussi : ACT-06, ACT-07." in page
    # ACT-02 and REV-02 are recommended for a light project; ACT-06 and ACT-07 depend on characteristics.
    counts = [part.split(".")[0] for part in page.split("Éléments obligatoires pour tout projet de cette catégorie : ")[1:]]
    assert counts == ["4, et 2 de plus selon les caractéristiques du projet"] + ["6, et 2 de plus selon les caractéristiques du projet"] * 2


def test_risk_matrix_says_who_decides_and_whom_each_level_reaches(adapte: FixtureProject) -> None:
    page = adapte.page("standards/revue-de-projet/index.html")
    assert "NiveauDéfinitionQui décideFaibleAbsorbé par le projet.—FortDemanderait une décision du comité.Comité de pilotage" in page
    assert "CriticitéRéponse attendueRemonte àBasseSuivre en revue.Pilote de projetHautePrésenter au comité.Comité de pilotage" in page
