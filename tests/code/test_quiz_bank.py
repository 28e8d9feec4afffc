"""The quiz bank's guards against content that moved on, on copies of « complet » (suivi-des-actions 1.0.0, published in
2024.1, replaced by 1.1.0 in 2024.2): a quoted passage found only in the replaced version, and a question whose premise
names an item that no longer belongs to a project's gate checklists."""
from __future__ import annotations

import pytest

from macros.checks.quiz_bank import _not_in_force, normalized, quotes
from tests.support import DRAFT_EDITION, DRAFT_STANDARD, DRAFT_VERSION, FixtureProject, add_draft_edition

QUIZ = "quizzes/quiz-actions.yaml"
REVUES = "quizzes/quiz-revues.yaml"
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


def test_texts_in_force_are_read_only_while_a_quote_is_looked_for() -> None:
    """1,000 standards are not normalized at each validation when the quotes are found in the first ones; each part is
    normalized once for the two views (published and in preparation), and a quote found nowhere is what is returned."""
    def never() -> list[str]:
        raise AssertionError("lu alors que toutes les citations étaient trouvées")

    memo: dict[object, str] = {}
    parts = [("a", lambda: ["Ouvrir le **registre** des actions."]), ("b", lambda: ["L\u2019équipe"]), ("c", never)]
    assert _not_in_force({"le registre des actions", "l'équipe"}, iter(parts), memo) == set()
    assert memo == {"a": "ouvrir le registre des actions.", "b": "l'équipe"}
    assert _not_in_force({"l'équipe"}, iter([("b", never), ("c", never)]), memo) == set()  # from the memo
    with pytest.raises(AssertionError, match="lu alors"):
        _not_in_force({"absente"}, iter(parts), memo)
    assert _not_in_force({"absente", "équipe"}, iter(parts[:2]), memo) == {"absente"}


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
    complet_copy.edit(CURRENT, "    covers: [ACT-04]\n", "")  # its RACI row covers nothing else
    complet_copy.relock()
    complet_copy.edit(QUIZ, PROMPT, "    prompt: Votre projet applique ACT-04. Quand ouvrez-vous le registre des actions ?")
    assert [e for e in errors(complet_copy) if e.startswith(QUIZ)] == [
        f"{QUIZ}:11:13: erreur : questions[0].prompt : la question part de ACT-04 comme d'un point de contrôle du projet, mais "
        "ACT-04 a été supprimé dans l'édition 2024.2 et ne figure plus dans les listes de contrôle des jalons : "
        "reformulez-la autour d'un point du projet"]


def test_a_premise_on_an_item_still_in_the_project_checklists_is_accepted(complet_copy: FixtureProject) -> None:
    complet_copy.edit(QUIZ, PROMPT, "    prompt: La liste du jalon vous rappelle ACT-01. Quand ouvrez-vous le registre des actions ?")
    assert errors(complet_copy) == []


def test_what_the_edition_in_preparation_changes_warns_then_blocks_the_publication(complet_copy: FixtureProject) -> None:
    # The edition being prepared (see support.add_draft_edition) rewords REV-01 and gives REV-02 to the PMO; two questions
    # still teach the published wording and premise. Everything else a publication asks is done.
    add_draft_edition(complet_copy)
    draft = f"standards/{DRAFT_STANDARD}/{DRAFT_VERSION}.yaml"
    complet_copy.edit(draft, "    text: Tenir une revue de cadrage avant de planifier.", "    text: Tenir une revue de cadrage.")
    complet_copy.edit(draft, "    text: Présenter le planning en revue avant les travaux.\n    level: obligatoire\n",
                      "    text: Présenter le planning en revue avant les travaux.\n    level: obligatoire\n    applies_to: pmo\n")
    complet_copy.edit(REVUES, "    explanation: La revue de cadrage précède la planification. Elle décide du feu vert.\n    covers: [REV-01]",
                      "    explanation: Le standard demande de « tenir une revue de cadrage avant de planifier ».\n    covers: [REV-01]\n"
                      f'    reviewed: "{DRAFT_EDITION}"')
    complet_copy.edit(REVUES, "    prompt: Le planning est présenté en revue avant les travaux.",
                      "    prompt: Le planning est présenté en revue avant les travaux (REV-02).")
    editions = complet_copy.read("standards/editions.yaml").rstrip("\n")
    complet_copy.write("standards/editions.yaml", editions + "\n    changes:\n      - {standard: revue-de-projet, item: REV-01, "
                       "impact: clarification, note: La revue de cadrage se tient toujours avant la planification.}\n")
    quote = ("la citation « tenir une revue de cadrage avant de planifier » ne figure que dans la version 1.0.0 du standard "
             f"« Revue de projet », remplacée (la version {DRAFT_VERSION} est en vigueur) : citez le texte en vigueur ou reformulez "
             "la question")
    loaded = complet_copy.load()
    assert loaded.errors == []
    assert [p.format() for p in loaded.warnings] == [
        f"{REVUES}:20:18: avertissement : questions[0].explanation : {quote} ; l'édition {DRAFT_EDITION} en préparation le rend "
        "caduc : corrigez-le avant de la publier",
        f"{REVUES}:25:13: avertissement : questions[1].prompt : la question part de REV-02 comme d'un point de contrôle du projet, "
        f"mais REV-02 concernera le PMO lui-même dans l'édition {DRAFT_EDITION} en préparation et ne figure plus dans les listes "
        "de contrôle des jalons : corrigez la question avant de publier l'édition"]
    result = complet_copy.pmo("publish", DRAFT_EDITION)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{REVUES}:20:18: erreur : questions[0].explanation : {quote}",
        f"{REVUES}:25:13: erreur : questions[1].prompt : la question part de REV-02 comme d'un point de contrôle du projet, mais "
        f"REV-02 concerne depuis l'édition {DRAFT_EDITION} le PMO lui-même et ne figure plus dans les listes de contrôle des jalons : "
        "reformulez-la autour d'un point du projet",
        "Erreur : publication refusée : le résultat ne serait pas valide ; rien n'a été écrit."]
