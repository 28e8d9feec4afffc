"""The quiz bank's guards against content that moved on, on copies of « complet » (suivi-des-actions 1.0.0, published in
2024.1, replaced by 1.1.0 in 2024.2): a quoted passage found only in the replaced version, and a question whose premise
names an item that no longer belongs to a project's gate checklists."""
from __future__ import annotations

from macros.checks.quiz_bank import normalized, quotes
from tests.support import FixtureProject

QUIZ = "quizzes/quiz-actions.yaml"
OLD = "standards/suivi-des-actions/1.0.0.yaml"
CURRENT = "standards/suivi-des-actions/1.1.0.yaml"
EXPLANATION = "    explanation: Le registre s'ouvre dès le cadrage. Les premières actions naissent à la première réunion."
PROMPT = "    prompt: Vous lancez un projet. Quand ouvrez-vous le registre des actions ?"


def errors(project: FixtureProject) -> list[str]:
    return [p.format() for p in project.load().errors]


def test_quotes_are_found_nested_and_normalized() -> None:
    text = "Le standard dit « Ouvrir le registre, dès le cadrage. » et cite « la colonne « Statut » » ; « a »."
    assert quotes(text) == ["ouvrir le registre, dès le cadrage", "statut", "la colonne « statut »"]
    assert normalized("**Planifier** par [vagues](standard:planification)\u202f: l\u2019équipe") == "planifier par vagues : l'équipe"


def test_a_quote_of_a_replaced_version_only_is_refused(complet_copy: FixtureProject) -> None:
    complet_copy.edit(OLD, "    text: Ouvrir le registre des actions du projet.", "    text: Ouvrir le registre des actions avant la première revue.")
    complet_copy.relock()
    complet_copy.edit(QUIZ, EXPLANATION, "    explanation: Le standard demandait d'ouvrir le registre « avant la première revue » ; "
                                         "il s'ouvre désormais « dès le cadrage ».")
    assert errors(complet_copy) == [
        f"{QUIZ}:22:18: erreur : questions[0].explanation : la citation « avant la première revue » ne figure que dans la "
        "version 1.0.0 du standard « Suivi des actions », remplacée (la version 1.1.0 est en vigueur) : citez le texte en vigueur "
        "ou reformulez la question"]


def test_a_quote_still_in_force_somewhere_is_accepted(complet_copy: FixtureProject) -> None:
    # « Ouverte, En cours, Close » was the old list; each value is still a value of the current template.
    complet_copy.edit(QUIZ, EXPLANATION, "    explanation: Le registre s'ouvre « dès le cadrage » ; une action « Ouverte » le reste "
                                         "jusqu'à sa clôture.")
    assert errors(complet_copy) == []


def test_a_premise_on_an_item_that_left_the_project_checklists_is_refused(complet_copy: FixtureProject) -> None:
    complet_copy.edit(CURRENT, "    responsible: bureau-pmo\n  - id: ACT-05", "    responsible: bureau-pmo\n    applies_to: pmo\n  - id: ACT-05")
    complet_copy.relock()
    complet_copy.edit(QUIZ, PROMPT, "    prompt: La liste du jalon vous rappelle ACT-04 ; quand ouvrez-vous le registre des actions ?")
    assert errors(complet_copy) == [
        f"{QUIZ}:11:13: erreur : questions[0].prompt : la question part de ACT-04 comme d'un point de contrôle du projet, mais "
        "ACT-04 concerne depuis l'édition 2024.2 le PMO lui-même et ne figure plus dans les listes de contrôle des jalons : "
        "reformulez-la autour d'un point du projet"]


def test_a_premise_on_a_removed_item_is_refused(complet_copy: FixtureProject) -> None:
    complet_copy.edit(CURRENT, "  - id: ACT-04\n    phase: cloture\n    text: Clore ou transférer chaque action restante.\n"
                               "    level: recommandé\n    responsible: bureau-pmo\n", "")
    complet_copy.relock()
    complet_copy.edit(QUIZ, PROMPT, "    prompt: Votre projet applique ACT-04. Quand ouvrez-vous le registre des actions ?")
    assert [e for e in errors(complet_copy) if e.startswith(QUIZ)] == [
        f"{QUIZ}:11:13: erreur : questions[0].prompt : la question part de ACT-04 comme d'un point de contrôle du projet, mais "
        "ACT-04 a été supprimé dans l'édition 2024.2 et ne figure plus dans les listes de contrôle des jalons : "
        "reformulez-la autour d'un point du projet"]


def test_a_premise_on_an_item_still_in_the_project_checklists_is_accepted(complet_copy: FixtureProject) -> None:
    complet_copy.edit(QUIZ, PROMPT, "    prompt: La liste du jalon vous rappelle ACT-01. Quand ouvrez-vous le registre des actions ?")
    assert errors(complet_copy) == []
