"""The rules on who does what and what applies to which project, each proven on a copy of « adapte » with its exact
French message (file:line:column, field). A published edition can no longer change: the rules on meaning warn there;
the edition in preparation cannot be published while one of them still speaks (last tests)."""
# ruff: noqa: E501 - the expected messages are exact
from __future__ import annotations

import pytest

from tests.support import FixtureProject

SUIVI = "standards/suivi-des-actions/2.0.0.yaml"
REVUE = "standards/revue-de-projet/2.0.0.yaml"
LIFE = "standards/lifecycle.yaml"
TAIL = "standards/tailoring.yaml"

# Each case: the edits that break « adapte » (file, text, replacement), then every problem `pmo validate` reports.

CASES: dict[str, tuple[list[tuple[str, str, str]], list[str]]] = {
    "uncovered": (
        [(SUIVI, "    covers: [ACT-01, ACT-02, ACT-03, ACT-05, ACT-07]", "    covers: [ACT-01, ACT-02, ACT-03, ACT-05]")],
        [
            "standards/suivi-des-actions/2.0.0.yaml:49:9: avertissement : checklist[6].id : [bloque la publication] ACT-07 n'est couvert par aucune activité du RACI : ajoutez-le à covers de l'activité qui le réalise (son R fait l'élément, son A l'approuve)",
        ]),
    "covered_twice": (
        [(SUIVI, "    covers: [ACT-06]", "    covers: [ACT-06, ACT-02]")],
        [
            "standards/suivi-des-actions/2.0.0.yaml:64:22: avertissement : raci[1].covers[1] : [bloque la publication] ACT-02 est déjà couvert par l'activité « Tenir le registre des actions » : un élément n'a qu'une ligne du RACI, qui dit qui le réalise (R) et qui l'approuve (A)",
        ]),
    "gate_without_row": (
        [(REVUE, "    gates: [feu-vert-planification, feu-vert-execution, bilan-final]", "    gates: [feu-vert-planification, feu-vert-execution]")],
        [
            "standards/lifecycle.yaml:41:17: avertissement : gates[2].decided_by : [bloque la publication] aucune activité du RACI ne couvre la décision de ce jalon dans l'édition à venir : ajoutez « gates: [bilan-final] » à l'activité qui la porte, avec son décideur en R ou en A",
        ]),
    "gate_twice": (
        [(SUIVI, "    covers: [ACT-06]", "    covers: [ACT-06]\n    gates: [bilan-final]")],
        [
            "standards/revue-de-projet/2.0.0.yaml:41:57: avertissement : raci[1].gates[2] : [bloque la publication] la décision du jalon « bilan-final » est déjà couverte par l'activité « Suivre les actions du fournisseur » de suivi-des-actions : une seule activité par décision",
        ]),
    "decider_not_r_or_a": (
        [(REVUE, "    A: commanditaire\n    C: [pilote]", "    A: comite\n    C: [pilote]")],
        [
            "standards/lifecycle.yaml:20:14: avertissement : gates[0].decided_by.leger : [bloque la publication] Commanditaire décide ce jalon pour un projet léger, mais n'est ni R ni A de l'activité « Décider du passage des jalons » (revue-de-projet 2.0.0) qui couvre sa décision",
        ]),
    "unknown_gate": (
        [(REVUE, "    gates: [feu-vert-planification, feu-vert-execution, bilan-final]", "    gates: [feu-vert-planification, feu-vert-execution, bilan-final, feu-vert-recette]")],
        [
            "standards/revue-de-projet/2.0.0.yaml:41:70: erreur : raci[1].gates[3] : jalon inconnu « feu-vert-recette » ; jalons : feu-vert-planification, feu-vert-execution, bilan-final",
        ]),
    "unknown_characteristic": (
        [(SUIVI, "    only_if: [fournisseur]", "    only_if: [fournisseurs]")],
        [
            "standards/suivi-des-actions/2.0.0.yaml:47:15: erreur : checklist[5].only_if[0] : caractéristique inconnue « fournisseurs » ; caractéristiques : fournisseur, mise-en-service",
        ]),
    "characteristic_twice": (
        [(SUIVI, "    only_if: [fournisseur]", "    only_if: [fournisseur, fournisseur]")],
        [
            "standards/suivi-des-actions/2.0.0.yaml:47:28: erreur : checklist[5].only_if[1] : caractéristique « fournisseur » citée deux fois",
        ]),
    "characteristic_defined_twice": (
        [(TAIL, "  - id: mise-en-service", "  - id: fournisseur")],
        [
            "standards/tailoring.yaml:26:9: erreur : characteristics[1].id : identifiant « fournisseur » en double (déjà la caractéristique "
            "characteristics[0], ligne 22) : chaque identifiant ne désigne qu'une chose",
            # The item that named the characteristic renamed away is told so.
            "standards/suivi-des-actions/2.0.0.yaml:53:15: erreur : checklist[6].only_if[0] : caractéristique inconnue « mise-en-service » ; "
            "caractéristiques : fournisseur, fournisseur",
        ]),
    "template_unknown_category": (
        [(SUIVI, "    categories: [leger]", "    categories: [petit]")],
        [
            "standards/suivi-des-actions/2.0.0.yaml:85:18: erreur : templates[1].categories[0] : catégorie inconnue « petit » ; catégories : leger, standard, majeur",
            "standards/suivi-des-actions/2.0.0.yaml:33:15: avertissement : checklist[2].template : [bloque la publication] ACT-03 est obligatoire pour un projet léger, mais son modèle « Fiche action » n'y existe pas : il n'est pas proposé pour cette catégorie et aucun modèle ne l'y remplace ; rendez ACT-03 recommandé pour cette catégorie (levels:) ou appuyez-le sur un document que ce projet établit",
        ]),
    "replaces_unknown_template": (
        [(SUIVI, "    replaces: [fiche-action]", "    replaces: [fiche-actions]")],
        [
            "standards/suivi-des-actions/2.0.0.yaml:86:16: erreur : templates[1].replaces[0] : modèle inconnu « fiche-actions » dans les standards de l'édition à venir",
            "standards/suivi-des-actions/2.0.0.yaml:33:15: avertissement : checklist[2].template : [bloque la publication] ACT-03 est obligatoire pour un projet léger, mais son modèle « Fiche action » n'y existe pas : il n'est pas proposé pour cette catégorie et aucun modèle ne l'y remplace ; rendez ACT-03 recommandé pour cette catégorie (levels:) ou appuyez-le sur un document que ce projet établit",
        ]),
    "replaces_without_categories": (
        [(SUIVI, "    categories: [leger]\n", "")],
        [
            "standards/suivi-des-actions/2.0.0.yaml:85:15: erreur : templates[1].replaces : un modèle qui en remplace d'autres dit pour quelles catégories (categories:)",
        ]),
    "replaced_still_served": (
        [(SUIVI, "    categories: [standard, majeur]\n", "")],
        [
            "standards/suivi-des-actions/2.0.0.yaml:85:16: avertissement : templates[1].replaces[0] : [bloque la publication] « Fiche action » sert encore un projet léger : qu'il ne le serve plus (categories: dans son standard), ou ne le remplacez pas",
        ]),
    "mandatory_without_its_document": (
        [(SUIVI, "    text: Revoir les actions ouvertes à chaque comité.\n    level: obligatoire\n", "    text: Revoir les actions ouvertes à chaque comité.\n    level: obligatoire\n    levels:\n      leger: non applicable\n"), (SUIVI, "    text: Clore ou transférer chaque action restante.\n    level: recommandé\n", "    text: Clore ou transférer chaque action restante.\n    level: obligatoire\n")],
        [
            "standards/suivi-des-actions/2.0.0.yaml:40:15: avertissement : checklist[3].template : [bloque la publication] ACT-04 est obligatoire pour un projet léger, mais son modèle « Fiche action » n'y existe pas : ACT-03, qui l'établit, est non applicable pour cette catégorie ; rendez ACT-04 recommandé pour cette catégorie (levels:) ou appuyez-le sur un document que ce projet établit",
        ]),
    "mandatory_template_not_served": (
        [(SUIVI, "    replaces: [fiche-action]\n", ""), (SUIVI, "    categories: [leger]\n", "    categories: [majeur]\n")],
        [
            "standards/suivi-des-actions/2.0.0.yaml:33:15: avertissement : checklist[2].template : [bloque la publication] ACT-03 est obligatoire pour un projet léger, mais son modèle « Fiche action » n'y existe pas : il n'est pas proposé pour cette catégorie et aucun modèle ne l'y remplace ; rendez ACT-03 recommandé pour cette catégorie (levels:) ou appuyez-le sur un document que ce projet établit",
        ]),
    "criterion_category_unknown": (
        [(LIFE, "        categories: [standard, majeur]", "        categories: [standard, grand]")],
        [
            "standards/lifecycle.yaml:29:32: erreur : gates[0].criteria[1].categories[1] : catégorie inconnue « grand » ; catégories : leger, standard, majeur",
        ]),
    "criterion_on_recommended_item": (
        [(LIFE, "      - item: REV-02", "      - item: REV-02\n        categories: [leger, standard]")],
        [
            "standards/lifecycle.yaml:37:22: avertissement : gates[1].criteria[0].categories[0] : [bloque la publication] critère de passage pour un projet léger, mais REV-02 n'y est que « recommandé » : un critère porte sur un élément obligatoire",
        ]),
    "deciders_out_of_order": (
        [(LIFE, "      leger: commanditaire\n      standard: comite\n      majeur: comite", "      standard: comite\n      leger: commanditaire\n      majeur: comite")],
        [
            "standards/lifecycle.yaml:20:7: erreur : gates[0].decided_by : un décideur par catégorie, dans cet ordre : leger, standard, majeur",
        ]),
    "decider_unknown_role": (
        [(LIFE, "      leger: commanditaire", "      leger: sponsor")],
        [
            "standards/lifecycle.yaml:20:14: erreur : gates[0].decided_by.leger : rôle inconnu « sponsor » ; rôles définis : bureau-pmo, comite, commanditaire, pilote",
            "standards/lifecycle.yaml:20:14: avertissement : gates[0].decided_by.leger : [bloque la publication] sponsor décide ce jalon pour un projet léger, mais n'est ni R ni A de l'activité « Décider du passage des jalons » (revue-de-projet 2.0.0) qui couvre sa décision",
        ]),
    "criticality_without_escalation": (
        [(REVUE, "action: Suivre en revue., escalates_to: pilote}", "action: Suivre en revue.}")],
        [
            "standards/revue-de-projet/2.0.0.yaml:65:7: avertissement : risk_matrix.criticality[0] : [bloque la publication] la criticité « Basse » ne dit pas à qui le risque remonte (escalates_to: le rôle qui en est saisi)",
        ]),
    "escalation_goes_down": (
        [(REVUE, "action: Suivre en revue., escalates_to: pilote}", "action: Suivre en revue., escalates_to: comite}"), (REVUE, "action: Présenter au comité., escalates_to: comite}", "action: Présenter au comité., escalates_to: pilote}")],
        [
            "standards/revue-de-projet/2.0.0.yaml:66:76: avertissement : risk_matrix.criticality[1].escalates_to : [bloque la publication] la criticité « Haute » remonte moins haut que la précédente : une criticité plus forte va au moins aussi loin",
        ]),
    "impact_decider_never_reached": (
        [(REVUE, "decided_by: comite}", "decided_by: commanditaire}")],
        [
            "standards/revue-de-projet/2.0.0.yaml:63:91: avertissement : risk_matrix.impact[1].decided_by : [bloque la publication] aucune criticité ne remonte jusqu'à Commanditaire : un impact qui demande sa décision ne lui parviendrait jamais",
        ]),
    "cell_below_the_decider": (
        [(REVUE, "    faible: {faible: basse, fort: haute}", "    faible: {faible: basse, fort: basse}")],
        [
            "standards/revue-de-projet/2.0.0.yaml:68:35: avertissement : risk_matrix.matrix.faible.fort : [bloque la publication] probabilité faible × impact fort donne « Basse », qui ne remonte pas jusqu'à Comité de pilotage ; un impact « Fort » demande sa décision : la case vaut au moins « Haute »",
        ]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule(adapte_copy: FixtureProject, case: str) -> None:
    edits, expected = CASES[case]
    for rel, old, new in edits:
        adapte_copy.edit(rel, old, new)
    adapte_copy.relock()  # as if the broken data had been published: only the rule under test speaks
    assert [p.format() for p in adapte_copy.load().problems] == expected


def test_adapte_is_valid(adapte_copy: FixtureProject) -> None:
    assert adapte_copy.load().problems == []


def test_the_rules_on_meaning_warn_in_a_draft_and_stop_its_publication(adapte_copy: FixtureProject) -> None:
    project = adapte_copy
    assert project.pmo("edition", "new", "2025.2", "--notes", "Essai.").returncode == 0
    assert project.pmo("new-version", "revue-de-projet", "--minor").returncode == 0
    draft = "standards/revue-de-projet/2.1.0.yaml"
    # The PMO forgets who does REV-02: the draft saves, validates (with a warning) and previews…
    project.edit(draft, "    covers: [REV-01, REV-02, REV-03]", "    covers: [REV-01, REV-03]")
    message = (f"{draft}:22:9: {{}} : checklist[1].id : [bloque la publication] REV-02 n'est couvert par aucune activité du RACI : ajoutez-le à covers de "
               "l'activité qui le réalise (son R fait l'élément, son A l'approuve)")
    validate = project.pmo("validate")
    assert validate.returncode == 0 and message.format("avertissement") in validate.stdout.splitlines()
    # …but cannot be published: the same rule is then an error.
    publish = project.pmo("publish", "2025.2")
    assert publish.returncode == 1
    assert publish.stdout.splitlines() == [
        message.format("erreur"),
        "Erreur : publication de l'édition 2025.2 refusée : 1 point bloquant, marqué [bloque la publication] ; rien n'a été écrit."]
    # Fixed, the edition publishes.
    project.edit(draft, "    covers: [REV-01, REV-03]", "    covers: [REV-01, REV-02, REV-03]")
    assert project.pmo("publish", "2025.2").returncode == 0
