"""The PMO's authoring loop on the fixture project « complet »: a new standard and role written as the README says,
what `pmo validate` says before `pmo publish` refuses it, and the diff that shows the PMO's own classification.

The repairs (renumbering a draft, an edit of a published file, a past transition) are in tests/code/test_repairs.py.
"""
from __future__ import annotations

import json

from tests.support import FixtureProject

EDITION = "2024.3"
COSTS = "standards/suivi-des-couts/1.0.0.yaml"
# A new draft standard whose evidence names a column of its own register, with a role no edition holds yet.
NEW_STANDARD = """\
id: PMO-STD-803
slug: suivi-des-couts
title: Suivi des coûts
version: "1.0.0"
status: draft
effective_from: 2025-01-15
owner: bureau-pmo
last_reviewed: 2025-01-15
review_every_months: 12
summary: Les engagements du projet, suivis chaque mois.
objectives:
  - Connaître à tout moment ce que le projet a engagé.
scope: Tous les projets du projet d'essai.
checklist:
  - id: COU-01
    phase: execution
    text: Inscrire chaque engagement au registre des coûts le jour où il est signé.
    level: obligatoire
    template: registre-des-couts
    evidence: Colonne « Montant engagé » renseignée pour chaque engagement.
raci:
  - activity: Tenir le registre des coûts
    covers: [COU-01]
    R: [pilote]
    A: commanditaire
    C: [controleur]
templates:
  - id: registre-des-couts
    title: Registre des coûts
    kind: register
    formats: [xlsx, csv, md]
    description: Les engagements du projet.
    columns:
      - name: Engagement
      - name: Montant engagé
        type: amount
"""
NEW_ROLE = """\
---
id: controleur
name: Contrôleur
version: "1.0.0"
summary: Vérifie les engagements du projet.
---

## Mission

Vérifier les engagements.

## Responsabilités

Relire le registre des coûts.

## Compétences

Comptabilité.
"""
SHORTFALL = ("le standard « suivi-des-couts » n'a aucune question dans les quiz des quatre semaines : il en faut au moins 3 ; "
             "ajoutez-en 3 au quiz « quiz-actions » de la semaine 1 (quizzes/quiz-actions.yaml), chacune couvrant un de ses éléments "
             "(covers: COU-01), et sa page aux lectures de cette semaine (pages: standards/suivi-des-couts/index.md)")
QUESTIONS = """
  - id: q-engagement-signe
    type: single
    scenario: true
    prompt: Un bon de commande vient d'être signé. Quand l'inscrivez-vous au registre des coûts ?
    choices:
      - id: mois
        text: À la fin du mois, avec les autres engagements.
        feedback: COU-01 demande de l'inscrire le jour où il est signé.
      - id: jour
        text: Le jour même de la signature.
        correct: true
      - id: facture
        text: À réception de la facture correspondante.
        feedback: La facture arrive trop tard ; l'engagement compte dès la signature.
    explanation: COU-01 demande d'inscrire chaque engagement le jour où il est signé.
    covers: [COU-01]
  - id: q-montant-engage
    type: true_false
    prompt: La colonne « Montant engagé » peut rester vide tant que la facture n'est pas arrivée.
    choices:
      - id: vrai
        text: Vrai
      - id: faux
        text: Faux
        correct: true
    explanation: Le montant engagé se renseigne dès la signature (COU-01).
    covers: [COU-01]
  - id: q-registre-des-couts
    type: multiple
    scenario: true
    prompt: Le commanditaire demande ce que le projet a engagé. Où regardez-vous ?
    choices:
      - id: registre
        text: Le registre des coûts, tenu le jour de chaque signature.
        correct: true
      - id: montant
        text: La colonne « Montant engagé » de ce registre.
        correct: true
      - id: planning
        text: Le planning du projet.
        feedback: Le planning ne dit rien des montants engagés.
    explanation: Le registre des coûts garde chaque engagement dès sa signature (COU-01).
    covers: [COU-01]
"""


def add_costs_standard(project: FixtureProject) -> FixtureProject:
    return project.write(COSTS, NEW_STANDARD).write("standards/roles/controleur/1.0.0.md", NEW_ROLE)


def test_a_draft_citing_a_column_of_its_own_template_is_accepted(complet_copy: FixtureProject) -> None:
    project = add_costs_standard(complet_copy)
    checked = project.pmo("validate")
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.splitlines()[0] == (f"{COSTS}:5:9: avertissement : status : brouillon hors de toute édition : ouvrez une "
                                              "édition (pmo edition new <id>), elle le reprendra")
    # A first version keeps its number: there is nothing to renumber it from.
    first = project.pmo("new-version", "suivi-des-couts", "--major", "--transition", "2027-06-30")
    assert first.stdout.strip() == ("Erreur : « suivi-des-couts » n'a pas encore de version publiée : son premier brouillon garde le "
                                    "numéro 1.0.0.")
    opened = project.pmo("edition", "new", EDITION, "--notes", "Suivi des coûts.")
    assert opened.returncode == 0, opened.stdout
    edition = project.load().catalog.draft_edition()
    assert edition is not None and edition.standards["suivi-des-couts"] == "1.0.0" and edition.roles["controleur"] == "1.0.0"


def test_a_misnamed_column_gets_the_closest_one(complet_copy: FixtureProject) -> None:
    project = add_costs_standard(complet_copy).edit(COSTS, "Colonne « Montant engagé »", "Colonne « Montant engage »")
    assert [p.format() for p in project.load().errors] == [
        f"{COSTS}:20:15: erreur : checklist[0].evidence : la colonne « Montant engage » citée dans la preuve attendue n'existe ni dans "
        "les modèles de ce standard ni dans ceux de l'édition 2024.2 (vouliez-vous dire « Montant engagé » ?) : corrigez son nom ou "
        "ajoutez-la au modèle"]


def test_validate_says_what_publish_refuses(complet_copy: FixtureProject) -> None:
    project = add_costs_standard(complet_copy)
    assert project.pmo("edition", "new", EDITION, "--notes", "Suivi des coûts.").returncode == 0
    checked = project.pmo("validate")
    assert checked.returncode == 0
    assert checked.stdout.splitlines() == [
        f"quizzes/parcours.yaml:4:5: avertissement : modules[0] : [bloque la publication] {SHORTFALL}",
        "Référentiel valide (3 standards, 4 versions, 4 rôles, 3 éditions, 8 éléments de contrôle en vigueur, 4 quiz, 13 questions) ; "
        f"1 avertissement ; la publication de l'édition {EDITION} serait refusée : 1 point bloquant, marqué [bloque la publication]."]
    report = json.loads(project.pmo("validate", "--format", "json").stdout)
    assert report["valid"] is True and report["publication"] == {"edition": EDITION, "ready": False, "blocking": 1}
    assert [(w["message"], w["blocks_publication"]) for w in report["warnings"]] == [(SHORTFALL, True)]
    # publish refuses exactly that, nothing more, and writes nothing.
    before = project.read("standards/editions.yaml")
    refused = project.pmo("publish", EDITION)
    assert refused.returncode == 1
    assert refused.stdout.splitlines() == [
        f"quizzes/parcours.yaml:4:5: erreur : modules[0] : [bloque la publication] {SHORTFALL}",
        f"Erreur : publication de l'édition {EDITION} refusée : 1 point bloquant, marqué [bloque la publication] ; rien n'a été écrit."]
    assert project.read("standards/editions.yaml") == before
    # With its questions, the standard is published.
    project.write("quizzes/quiz-actions.yaml", project.read("quizzes/quiz-actions.yaml").rstrip("\n") + "\n" + QUESTIONS)
    project.edit("quizzes/parcours.yaml", "      - standards/suivi-des-actions/index.md#liste-de-controle\n",
                 "      - standards/suivi-des-actions/index.md#liste-de-controle\n      - standards/suivi-des-couts/index.md\n")
    ready = project.pmo("validate")
    assert ready.stdout.splitlines()[-1].endswith("; 0 avertissement."), ready.stdout
    published = project.pmo("publish", EDITION)
    assert published.returncode == 0, published.stdout


def test_validate_publishes_on_a_copy_to_find_the_rest(complet_copy: FixtureProject) -> None:
    """What no check says before publishing, the publication made on a copy finds: here, a day before the last edition."""
    project = complet_copy
    assert project.pmo("edition", "new", EDITION, "--notes", "Essai.").returncode == 0
    assert project.pmo("new-version", "revue-de-projet", "--minor").returncode == 0
    project.edit("standards/revue-de-projet/1.1.0.yaml", "    text: Tenir une revue de cadrage avant de planifier.",
                 "    text: Tenir une revue de cadrage avant de planifier, avec le bureau PMO.")
    early = project.pmo("validate", env={"PMO_TODAY": "2024-09-01"})
    assert early.returncode == 0
    assert ("standards/editions.yaml:30:5: avertissement : editions[2] : [bloque la publication] la date de publication 2024-09-01 "
            "précède celle de l'édition 2024.2 (2024-09-16)") in early.stdout.splitlines()
    assert "Erreur" not in project.pmo("validate").stdout


def test_an_unchanged_version_is_published_only_with_a_reason(complet_copy: FixtureProject) -> None:
    project = complet_copy
    assert project.pmo("edition", "new", EDITION, "--notes", "Essai.").returncode == 0
    assert project.pmo("new-version", "revue-de-projet", "--patch").returncode == 0
    warned = project.pmo("validate")
    assert warned.stdout.splitlines()[0] == (
        "standards/editions.yaml:35:24: avertissement : editions[2].standards.revue-de-projet : [bloque la publication] revue-de-projet "
        f"1.0.1 ne change rien à la version 1.0.0 : remettez « 1.0.0 » dans l'édition {EDITION} (et supprimez le brouillon), ou dites "
        'pourquoi la publier dans changes: de l\'édition : - {standard: revue-de-projet, impact: rédactionnel, note: "…"}')
    assert project.pmo("publish", EDITION).returncode == 1
    project.write("standards/editions.yaml", project.read("standards/editions.yaml") + (
        "    changes:\n      - {standard: revue-de-projet, impact: rédactionnel, note: Version republiée pour sa nouvelle date de revue.}\n"))
    assert "[bloque la publication]" not in project.pmo("validate").stdout
    assert project.pmo("publish", EDITION).returncode == 0


def test_edition_add_registers_a_standard_written_after_the_edition_opened(complet_copy: FixtureProject) -> None:
    project = complet_copy
    refused = project.pmo("edition", "add", "revue-de-projet")
    assert refused.returncode == 1
    assert refused.stdout.strip() == ("Erreur : aucune édition en préparation : ouvrez-en une (pmo edition new <id> --notes « … ») ; "
                                      "elle reprend d'elle-même les brouillons des standards et les nouveaux rôles.")
    assert project.pmo("edition", "new", EDITION, "--notes", "Suivi des coûts.").returncode == 0
    warned = add_costs_standard(project).pmo("validate")
    assert f"{COSTS}:5:9: avertissement : status : brouillon hors de l'édition en préparation {EDITION} : inscrivez-le " \
           "(pmo edition add suivi-des-couts)" in warned.stdout.splitlines()
    added = project.pmo("edition", "add", "suivi-des-couts")
    assert added.returncode == 0, added.stdout
    # The new role the standard names comes with it.
    assert added.stdout.splitlines() == [f"standards/editions.yaml : édition {EDITION} : suivi-des-couts passe en 1.0.0",
                                         f"standards/editions.yaml : édition {EDITION} : controleur passe en 1.0.0",
                                         "Vérifiez : pmo validate."]
    again = project.pmo("edition", "add", "controleur")
    assert again.stdout.splitlines()[0] == f"standards/editions.yaml : inchangé : l'édition {EDITION} contient déjà controleur 1.0.0"


def test_diff_shows_the_classification_of_the_edition_in_preparation(complet_copy: FixtureProject) -> None:
    project = complet_copy
    assert project.pmo("edition", "new", EDITION, "--notes", "Essai.").returncode == 0
    assert project.pmo("new-version", "suivi-des-actions", "--minor").returncode == 0
    project.edit("standards/suivi-des-actions/1.2.0.yaml", "    text: Revoir les actions ouvertes", "    text: Passer en revue les actions ouvertes")
    before = project.pmo("diff", "suivi-des-actions").stdout
    assert "~ élément ACT-03 [à qualifier] " in before
    project.write("standards/editions.yaml", project.read("standards/editions.yaml") + (
        "    changes:\n      - {standard: suivi-des-actions, item: ACT-03, impact: rédactionnel, note: \"Même revue, autre verbe.\"}\n"))
    text = project.pmo("diff", "suivi-des-actions").stdout.splitlines()
    assert [line for line in text if "ACT-03" in line] == [
        "~ élément ACT-03 [rédactionnel] texte : [retiré : Revoir] [ajouté : Passer en revue] les actions ouvertes à chaque comité. ; "
        "note du PMO : Même revue, autre verbe."]
    markdown = project.pmo("diff", "suivi-des-actions", "--format", "markdown").stdout
    assert "| Modification | élément ACT-03 | rédactionnel |" in markdown and "*Note du PMO :* Même revue, autre verbe." in markdown


def test_an_unknown_standard_or_edition_gets_the_closest_name(complet: FixtureProject) -> None:
    new = complet.pmo("new-version", "revue-de-projt", "--minor")
    assert new.stdout.strip() == ("Erreur : standard inconnu « revue-de-projt » (vouliez-vous dire « revue-de-projet » ?) ; standards : "
                                  "revue-de-projet, suivi-des-actions ; rôles : bureau-pmo, commanditaire, pilote.")
    diff = complet.pmo("diff", "suivi-des-action")
    assert diff.stdout.strip() == ("Erreur : standard inconnu « suivi-des-action » (vouliez-vous dire « suivi-des-actions » ?) ; "
                                   "standards : revue-de-projet, suivi-des-actions.")
    role = complet.pmo("new-version", "pilot", "--minor")
    assert "(vouliez-vous dire « pilote » ?)" in role.stdout
