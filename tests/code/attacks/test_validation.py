"""`pmo validate` catches what would break the build or silently vanish from the site: an id said twice, a reference to
an item not in force in the edition, a circle of `see`, an ill-formed glossary, an address with another scheme than
http(s) or mailto in a data text; each with its French message at its file, line, column and field."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.code.attacks.support import COMPLET, EDITIONS, STANDARD, error, errors, problems, run_pmo
from tests.support import FixtureProject

LIFECYCLE = "standards/lifecycle.yaml"
TAILORING = "standards/tailoring.yaml"
TERMINOLOGY = "standards/terminology.yaml"
ACTIONS = "standards/suivi-des-actions/1.1.0.yaml"  # the current version of the other standard
ACTIONS_GUIDANCE = "standards/suivi-des-actions/1.1.0.md"
REVUE_2 = "standards/revue-de-projet/2.0.0.yaml"  # the next version, without REV-02 (withdrawn_project)
SAME = "chaque identifiant ne désigne qu'une chose"

# « complet » has neither tailoring nor terminology: these make it a project where every new rule has something to check.
TAILORING_TEXT = """categories:
  - id: leger
    name: Léger
    description: Un projet court, d'une seule équipe.
  - id: standard
    name: Standard
    description: Le cas général.
  - id: majeur
    name: Majeur
    description: Un projet long ou exposé.
default: standard
rule: Le projet prend la catégorie la plus lourde qu'atteint l'un des critères.
criteria:
  - id: budget
    name: Budget total
    thresholds: {leger: moins de 150 000 €, standard: de 150 000 € à 1 500 000 €, majeur: plus de 1 500 000 €}
  - id: duree
    name: Durée prévue
    thresholds: {leger: moins de 6 mois, standard: de 6 à 18 mois, majeur: plus de 18 mois}
"""
TERMINOLOGY_TEXT = """terms:
  - term: commanditaire
    rejected: [parrain du projet, porteur du projet]
    definition: Membre de la direction qui porte le projet et en décide.
  - term: registre des actions
    rejected: [liste des tâches]
    definition: Le registre où chaque action a un responsable et une échéance.
  - term: revue de projet
    rejected: [point d'étape formel]
    definition: La réunion où l'on décide, sur des faits, de la suite du projet.
"""
RISK_MATRIX = """risk_matrix:
  probability:
    - {id: faible, name: Faible, definition: Peu probable.}
    - {id: forte, name: Forte, definition: Probable.}
  impact:
    - {id: faible, name: Faible, definition: Absorbé par le projet.}
    - {id: fort, name: Fort, definition: Dépasse une tolérance.}
  criticality:
    - {id: faible, name: Faible, action: Surveiller le risque., escalates_to: pilote}
    - {id: moderee, name: Modérée, action: Choisir une réponse., escalates_to: pilote}
    - {id: elevee, name: Élevée, action: Planifier la réponse., escalates_to: commanditaire}
  matrix:
    faible: {faible: faible, fort: moderee}
    forte: {faible: moderee, fort: elevee}
"""


def rules_project(root: Path) -> FixtureProject:
    """« complet » with a tailoring, a terminology and a risk matrix, valid: zero error, zero warning."""
    project = FixtureProject.named(COMPLET).copy(root)
    project.write(TAILORING, TAILORING_TEXT).write(TERMINOLOGY, TERMINOLOGY_TEXT)
    project.edit(STANDARD, "templates:\n", RISK_MATRIX + "templates:\n")
    return project.relock()


def withdrawn_project(root: Path, *, published: bool) -> FixtureProject:
    """« complet » plus edition 2024.3, where revue-de-projet 2.0.0 no longer holds REV-02: published (as `pmo publish`
    leaves it), or in preparation (a draft edition holding a draft version)."""
    project = rules_project(root)
    text = project.read(STANDARD)
    start = text.index("  - id: REV-02")
    text = text[:start] + text[text.index("  - id: REV-03"):]
    # The RACI covers what the version holds; a new version names no « responsible » (the RACI row says who).
    text = text.replace("covers: [REV-01, REV-02, REV-03]", "covers: [REV-01, REV-03]")
    text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("    responsible: "))
    for old, new in (('version: "1.0.0"', 'version: "2.0.0"'), ("effective_from: 2024-03-01", "effective_from: 2025-01-15\n"
                     "without_transition: Les revues de planification se tiennent désormais dans le comité de pilotage."),
                     ("status: active", "status: active" if published else "status: draft")):
        text = text.replace(old, new, 1)
    project.write(REVUE_2, text)
    # The question on REV-02 was reviewed against the new edition: it now covers the RACI only.
    project.edit("quizzes/quiz-revues.yaml", "covers: [REV-02, standards/revue-de-projet/index.md#raci]", "covers: [standards/revue-de-projet/index.md#raci]")
    if published:
        project.edit(STANDARD, "status: active", "status: superseded")
    roles = '    roles:\n      commanditaire: "1.0.0"\n      pilote: "1.0.0"\n      bureau-pmo: "1.0.0"\n'
    status = "published\n    date: 2025-01-15" if published else "draft"
    project.write(EDITIONS, project.read(EDITIONS) + (
        f'  - id: "2024.3"\n    status: {status}\n    notes: La revue de planification rejoint le comité de pilotage.\n'
        '    standards:\n      suivi-des-actions: "1.1.0"\n      revue-de-projet: "2.0.0"\n' + roles
        + "    changes:\n      - standard: revue-de-projet\n        item: REV-02\n        impact: exigence supprimée\n"
          "        note: Le comité de pilotage tient lieu de revue de planification.\n"))
    return project.relock()


@pytest.mark.parametrize("published", [True, False], ids=["publiee", "en-preparation"])
def test_the_rules_projects_are_valid(tmp_path: Path, published: bool) -> None:
    assert problems(rules_project(tmp_path / "regles")) == []
    assert problems(withdrawn_project(tmp_path / "retrait", published=published)) == []


def _at(project: FixtureProject, rel: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """Line and column (from 1) of the nth occurrence of needle in a file of the project."""
    text = project.read(rel)
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


# --- an identifier said twice ----------------------------------------------------------------------------------

# (file, text to find, text to put instead, the repeated id's occurrence, field, noun and first field of the message)
DUPLICATES = {
    "jalon": (LIFECYCLE, "  - id: feu-vert-execution", "  - id: feu-vert-planification", ("id: feu-vert-planification", 2),
              "gates[1].id", "le jalon gates[0]", ("id: feu-vert-planification", 1)),
    "phase": (LIFECYCLE, "  - id: planification", "  - id: cadrage", ("id: cadrage", 2), "phases[1].id", "la phase phases[0]", ("id: cadrage", 1)),
    "categorie": (TAILORING, "  - id: majeur", "  - id: leger", ("id: leger", 2), "categories[2].id", "la catégorie categories[0]", ("id: leger", 1)),
    "critere": (TAILORING, "  - id: duree", "  - id: budget", ("id: budget", 2), "criteria[1].id", "le critère criteria[0]", ("id: budget", 1)),
    "caracteristique": (TAILORING, "criteria:", "characteristics:\n  - id: fournisseur\n    name: Achète à un fournisseur\n"
                        "  - id: fournisseur\n    name: A un fournisseur principal\ncriteria:", ("id: fournisseur", 2),
                        "characteristics[1].id", "la caractéristique characteristics[0]", ("id: fournisseur", 1)),
    "niveau-de-criticite": (STANDARD, "{id: elevee, name: Élevée", "{id: moderee, name: Élevée", ("id: moderee", 2),
                            "risk_matrix.criticality[2].id", "le niveau de criticité risk_matrix.criticality[1]", ("id: moderee", 1)),
}


@pytest.mark.parametrize("case", DUPLICATES)
def test_id_said_twice_is_refused_where_it_is_repeated(tmp_path: Path, case: str) -> None:
    rel, old, new, (needle, nth), field, first, (first_needle, _) = DUPLICATES[case]
    project = rules_project(tmp_path).edit(rel, old, new)
    if rel == STANDARD:
        project.relock()
    line, column = _at(project, rel, needle, nth)
    first_line, _ = _at(project, rel, first_needle)
    identifier = needle.split(": ")[1]
    expected = error(rel, line, column + 4, field, f"identifiant « {identifier} » en double (déjà {first}, ligne {first_line}) : {SAME}")
    assert expected in errors(project), "\n".join(errors(project))


def test_two_gates_with_one_id_fail_validation_not_the_build(tmp_path: Path) -> None:
    """Before, two gates « go » passed `pmo validate`; the build then failed on an unrelated page."""
    project = rules_project(tmp_path).edit(LIFECYCLE, "  - id: feu-vert-execution", "  - id: feu-vert-planification")
    result = run_pmo(project.root, "validate")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == error(LIFECYCLE, 20, 9, "gates[1].id", "identifiant « feu-vert-planification » en double "
                                                  f"(déjà le jalon gates[0], ligne 16) : {SAME}")


# --- a reference to an item not in force in the edition --------------------------------------------------------

SEE_REV_02 = ("    text: Ouvrir le registre des actions du projet dès le cadrage.\n",
              "    text: Ouvrir le registre des actions du projet dès le cadrage.\n    see: REV-02\n")


def _criterion_on(project: FixtureProject, item: str) -> FixtureProject:
    return project.edit(LIFECYCLE, "    after: planification\n", f"    after: planification\n    criteria:\n      - item: {item}\n")


def _in_force(item: str, edition: str, what: str) -> str:
    return (f"« {item} » n'est pas en vigueur dans l'édition {edition} (retiré de son standard, ou pas encore publié) : {what} ; nommez "
            "l'élément en vigueur qui le reprend, ou retirez ce renvoi")


def _upcoming(item: str, edition: str, what: str) -> str:
    return (f"« {item} » n'est pas en vigueur dans l'édition {edition} en préparation : {what} à sa publication, qui sera refusée ; "
            "nommez l'élément qui le reprend, ou retirez ce renvoi")


def test_gate_criterion_naming_a_withdrawn_item_is_refused(tmp_path: Path) -> None:
    """Before, a criterion naming an item that the current edition withdrew passed, and left the gate's list unseen."""
    project = _criterion_on(withdrawn_project(tmp_path, published=True), "REV-02")
    line, column = _at(project, LIFECYCLE, "item: REV-02")
    assert error(LIFECYCLE, line, column + 6, "gates[1].criteria[0].item", _in_force("REV-02", "2024.3", "ce critère disparaîtrait de la "
                                                                                          "liste du jalon")) in errors(project)


def test_see_naming_a_withdrawn_item_is_refused(tmp_path: Path) -> None:
    project = withdrawn_project(tmp_path, published=True).edit(ACTIONS, *SEE_REV_02).relock()
    line, column = _at(project, ACTIONS, "see: REV-02")
    assert error(ACTIONS, line, column + 5, "checklist[0].see", _in_force("REV-02", "2024.3", "ce renvoi mènerait à un élément absent "
                                                                          "du site")) in errors(project)


def test_link_to_a_withdrawn_item_in_the_pmo_markdown_is_refused(tmp_path: Path) -> None:
    project = withdrawn_project(tmp_path, published=True)
    project.edit(ACTIONS_GUIDANCE, "2. Revoyez", "2. Préparez la revue ([REV-02](standard:revue-de-projet#REV-02)). Revoyez").relock()
    line, column = _at(project, ACTIONS_GUIDANCE, "standard:revue-de-projet#REV-02")
    assert error(ACTIONS_GUIDANCE, line, column, "corps", _in_force("REV-02", "2024.3", "le lien ne mènerait à aucune ligne de la page")) \
        in errors(project)


def test_reference_the_edition_in_preparation_withdraws_is_announced_then_blocks_its_publication(tmp_path: Path) -> None:
    """While 2024.3 is prepared, a criterion and a see naming REV-02 (which 2024.3 withdraws) are still right for the site
    in force: a warning says they will vanish; the PMO's preview, which shows 2024.3, refuses them; so does `pmo
    publish 2024.3`, with the same message."""
    project = _criterion_on(withdrawn_project(tmp_path, published=False), "REV-02").edit(ACTIONS, *SEE_REV_02).relock()
    criterion, see = _at(project, LIFECYCLE, "item: REV-02"), _at(project, ACTIONS, "see: REV-02")
    warnings = [p.format() for p in project.load().warnings]
    assert f"{LIFECYCLE}:{criterion[0]}:{criterion[1] + 6}: avertissement : gates[1].criteria[0].item : " + _upcoming(
        "REV-02", "2024.3", "ce critère disparaîtra de la liste du jalon") in warnings
    assert f"{ACTIONS}:{see[0]}:{see[1] + 5}: avertissement : checklist[0].see : " + _upcoming(
        "REV-02", "2024.3", "ce renvoi mènera à un élément absent") in warnings
    assert errors(project) == []
    preview = [p.format() for p in project.load(preview=True).errors]
    assert error(LIFECYCLE, criterion[0], criterion[1] + 6, "gates[1].criteria[0].item",
                 _in_force("REV-02", "2024.3", "ce critère disparaîtrait de la liste du jalon")) in preview
    result = run_pmo(project.root, "publish", "2024.3")
    assert result.returncode == 1
    assert error(LIFECYCLE, criterion[0], criterion[1] + 6, "gates[1].criteria[0].item",
                 _in_force("REV-02", "2024.3", "ce critère disparaîtrait de la liste du jalon")) in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1] == "Erreur : publication refusée : le résultat ne serait pas valide ; rien n'a été écrit."


def test_circle_of_see_is_refused_once(tmp_path: Path) -> None:
    project = rules_project(tmp_path).edit(ACTIONS, "    text: Ouvrir le registre des actions du projet dès le cadrage.\n",
                                           "    text: Ouvrir le registre des actions du projet dès le cadrage.\n    see: REV-01\n")
    project.edit(STANDARD, "    text: Tenir une revue de cadrage avant de planifier.\n",
                 "    text: Tenir une revue de cadrage avant de planifier.\n    see: ACT-01\n").relock()
    line, column = _at(project, ACTIONS, "see: REV-01")
    circle = [p for p in errors(project) if "renvoi circulaire" in p]
    assert circle == [error(ACTIONS, line, column + 5, "checklist[0].see", "renvoi circulaire : ACT-01 → REV-01 → ACT-01 ; aucun de ces "
                            "éléments ne porte l'exigence : que l'un d'eux la porte, sans see")]


# --- the glossary -------------------------------------------------------------------------------------------------

NOT_EMPTY = "le texte ne doit pas être vide"
# (text to find, text to put instead, (needle, nth) of the place, field, message)
GLOSSARY = {
    "synonyme-vide": ("[liste des tâches]", '[liste des tâches, ""]', ('""', 1), "terms[1].rejected[1]", NOT_EMPTY),
    "terme-d-espaces": ("  - term: revue de projet", '  - term: "   "', ('"   "', 1), "terms[2].term", NOT_EMPTY),
    "sigle-vide": ("    definition: Membre", '    abbreviation: ""\n    definition: Membre', ('""', 1), "terms[0].abbreviation", NOT_EMPTY),
    "terme-en-double": ("  - term: revue de projet", "  - term: Commanditaire", ("Commanditaire", 1), "terms[2].term",
                        "terme « Commanditaire » déjà défini (terms[0].term, ligne 2) : une notion n'a qu'une entrée ; réunissez les deux "
                        "définitions"),
    "terme-retenu-et-ecarte": ("[liste des tâches]", "[liste des tâches, Revue  de projet]", ("Revue  de projet", 1), "terms[1].rejected[1]",
                               "« Revue  de projet » est un terme retenu (terms[2].term, ligne 8) : il ne peut pas être aussi un synonyme écarté ; "
                               "retirez-le de rejected ou de la liste des termes"),
    "synonyme-de-deux-termes": ("[point d'étape formel]", "[point d'étape formel, Porteur du projet]", ("Porteur du projet", 1),
                                "terms[2].rejected[1]", "synonyme « Porteur du projet » déjà écarté au profit de « commanditaire » "
                                "(terms[0].rejected[1], ligne 3) : un mot écarté renvoie à un seul terme retenu"),
}


@pytest.mark.parametrize("case", GLOSSARY)
def test_ill_formed_glossary_is_refused(tmp_path: Path, case: str) -> None:
    old, new, (needle, nth), field, message = GLOSSARY[case]
    project = rules_project(tmp_path).edit(TERMINOLOGY, old, new)
    line, column = _at(project, TERMINOLOGY, needle, nth)
    assert errors(project) == [error(TERMINOLOGY, line, column, field, message)]


def test_blank_rejected_synonym_gives_one_error_not_thousands_of_warnings(tmp_path: Path) -> None:
    """Before, `rejected: [""]` was « found » between every two characters of every text: 9,847 warnings."""
    project = rules_project(tmp_path).edit(TERMINOLOGY, "[liste des tâches]", '[""]')
    line, column = _at(project, TERMINOLOGY, '""')
    assert errors(project) == [error(TERMINOLOGY, line, column, "terms[1].rejected[0]", NOT_EMPTY)]
    assert [p.format() for p in project.load().warnings] == ["quizzes:1:1: avertissement : (fichier) : quiz non vérifiés tant que les "
                                                             "standards contiennent des erreurs"]


# --- addresses in data texts -------------------------------------------------------------------------------------

ADDRESS = "adresse « {} » interdite dans un texte : seules les adresses http://, https:// et mailto: sont permises ; {}"
FIX_HERE = "retirez-la, ou donnez l'adresse http(s) de la page"
# name -> (file, text to find, text put after it, the address as written, field)
ADDRESSES = {
    "javascript-dans-une-exigence": (REVUE_2, "text: Tenir une revue de cadrage", " (voir javascript:alert(1))", "javascript:",
                                     "checklist[0].text"),
    "lien-markdown-data": ("quizzes/quiz-actions.yaml", "explanation: Le registre s'ouvre dès le cadrage.", " [Détails](data:text/html,<b>x</b>)",
                           "data:", "questions[0].explanation"),
    "ftp-dans-les-notes": (EDITIONS, "notes: La revue de planification", " (ftp://exemple.invalid/notes)", "ftp:", "editions[2].notes"),
    "fichier-dans-une-phase": (LIFECYCLE, "description: Définir le projet.", " Modèle sur file:///srv/modeles/charte.docx", "file:",
                               "phases[0].description"),
    "vbscript-dans-le-glossaire": (TERMINOLOGY, "definition: Le registre", " <vbscript:msgbox(1)>", "vbscript:", "terms[1].definition"),
}


@pytest.mark.parametrize("case", ADDRESSES)
def test_address_with_another_scheme_is_refused_at_its_place(tmp_path: Path, case: str) -> None:
    """Before, a `javascript:` written in a data text passed `pmo validate`; the build's last check refused it, naming
    the built pages, not the YAML field."""
    rel, anchor, added, address, field = ADDRESSES[case]
    project = withdrawn_project(tmp_path, published=False).edit(rel, anchor, anchor + added)
    line, column = _at(project, rel, address)
    found = problems(project)
    assert error(rel, line, column, field, ADDRESS.format(address, FIX_HERE)) in found, "\n".join(found)


def test_address_in_a_published_file_is_a_warning_to_fix_in_the_next_version(tmp_path: Path) -> None:
    """A published version never changes: its text is fixed in the next one, so the warning does not block the PMO."""
    project = rules_project(tmp_path).edit(STANDARD, "text: Tenir une revue de cadrage", "text: Tenir (tel:+33100000000) une revue de cadrage")
    project.relock()
    line, column = _at(project, STANDARD, "tel:")
    assert problems(project) == [f"{STANDARD}:{line}:{column}: avertissement : checklist[0].text : "
                                 + ADDRESS.format("tel:", "corrigez-la dans la prochaine version")]


def test_http_https_and_mailto_addresses_are_welcome(tmp_path: Path) -> None:
    project = withdrawn_project(tmp_path, published=False).edit(
        EDITIONS, "notes: La revue de planification rejoint le comité de pilotage.", 'notes: "La revue de planification rejoint le comité '
        '(https://exemple.invalid/revue, http://exemple.invalid, mailto:pmo@exemple.invalid, à 12:30, N.B. : rien, Note: rien)."')
    assert problems(project) == []


def test_a_citation_of_the_case_is_no_address_and_an_address_beside_it_keeps_its_column(tmp_path: Path) -> None:
    """Before, « ((essai:budget)) » and « ((essai:budget:signe)) » were refused as addresses with the schemes « essai: »
    and « budget: »: the case study's citations could not be written in a quiz."""
    rel, anchor = "quizzes/quiz-actions.yaml", "explanation: Le registre s'ouvre dès le cadrage."
    project = withdrawn_project(tmp_path, published=False).edit(rel, anchor, anchor + " Le budget est de ((essai:budget)), soit ((essai:budget:signe)).")
    assert problems(project) == []
    project.edit(rel, "((essai:budget:signe)).", "((essai:budget:signe)), voir javascript:alert(1).")
    line, column = _at(project, rel, "javascript:")
    assert problems(project) == [f"{rel}:{line}:{column}: erreur : questions[0].explanation : " + ADDRESS.format("javascript:", FIX_HERE)]


UNRESOLVED = ("lien « {} » non résolu : liens permis : https://, mailto:, #ancre d'une section de ce texte, standard:<standard>[#ancre] et "
              "role:<rôle>")


@pytest.mark.parametrize(("case", "written", "target"), [
    ("lien-automatique-ftp", "<ftp://exemple.invalid/actions.xlsx>", "ftp://exemple.invalid/actions.xlsx"),
    ("definition-de-reference-data", "[modele]: data:text/html;base64,PGI+eDwvYj4=", "data:text/html;base64,PGI+eDwvYj4="),
    ("lien-automatique-fichier", "<file:///srv/modeles/registre.xlsx>", "file:///srv/modeles/registre.xlsx"),
])
def test_other_link_forms_of_the_pmo_markdown_are_checked_too(tmp_path: Path, case: str, written: str, target: str) -> None:
    """An autolink or a reference definition with another scheme was dropped from the page by the sanitiser, silently."""
    project = rules_project(tmp_path).edit(ACTIONS_GUIDANCE, "## Contexte\n", f"## Contexte\n\nVoir le modèle.\n\n{written}\n").relock()
    line, column = _at(project, ACTIONS_GUIDANCE, target)
    assert error(ACTIONS_GUIDANCE, line, column, "corps", UNRESOLVED.format(target)) in errors(project)
