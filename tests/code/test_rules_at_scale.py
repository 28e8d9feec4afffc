"""Rules whose cost once grew with the number of terms or standards, pinned on their exact results: rejected synonyms
found in one pass per text, and near-duplicate items compared only with the items they may repeat."""
from __future__ import annotations

from macros.checks.duplicates import check_duplicates
from tests.support import FixtureProject
from tests.support import write_lock as lock_project

TERMINOLOGY = """terms:
  - term: sponsor
    rejected: [commanditaire, parrain]
    definition: Membre de la direction qui porte le projet.
  - term: chef de projet
    rejected: [chef de programme, chef de programme senior, programme senior, gestionnaire de projet]
    definition: Personne qui conduit le projet.
  - term: maîtrise d'ouvrage
    rejected: [maître d'ouvrage, comité directeur, bla bla]
    definition: L'entité qui porte le besoin.
  - term: revue de portefeuille
    rejected: [comité de portefeuille (pour la séance)]
    definition: Séance où le comité de portefeuille réexamine les projets.
"""

PAGE = """---
mise_a_jour: 2026-01-01
---
# Essai

Le Commanditaire et le parrain parrain du chef de programme senior.
Un maître d’ouvrage, un comité\u00a0directeur ; bla bla bla ; le chef de
programme n'est pas cité à cheval sur deux lignes. Le comité de portefeuille (pour la séance) non plus.
Commanditaires, parrainage : d'autres mots.
"""


def _terms(project: FixtureProject, *files: str) -> list[str]:
    """The warnings about rejected synonyms in these files (« complet » names a role « commanditaire » elsewhere)."""
    return [p.format().split(" (terme retenu")[0] for p in project.load().problems if "employez" in p.message and p.file in files]


def test_every_rejected_synonym_is_found_once_at_its_place(complet_copy: FixtureProject) -> None:
    complet_copy.write("standards/terminology.yaml", TERMINOLOGY)
    complet_copy.write("docs/guides/essai.md", PAGE)
    assert _terms(complet_copy, "docs/guides/essai.md") == [
        "docs/guides/essai.md:6:4: avertissement : (fichier) : « Commanditaire » : employez « sponsor »",
        "docs/guides/essai.md:6:24: avertissement : (fichier) : « parrain » : employez « sponsor »",
        "docs/guides/essai.md:6:32: avertissement : (fichier) : « parrain » : employez « sponsor »",
        # Several rejected terms at one place, or one inside another: each is reported, in the terminology's order.
        "docs/guides/essai.md:6:43: avertissement : (fichier) : « chef de programme » : employez « chef de projet »",
        "docs/guides/essai.md:6:43: avertissement : (fichier) : « chef de programme senior » : employez « chef de projet »",
        "docs/guides/essai.md:6:51: avertissement : (fichier) : « programme senior » : employez « chef de projet »",
        # Any apostrophe and any space between words; one term's matches never overlap (« bla bla » once in « bla bla bla »).
        "docs/guides/essai.md:7:4: avertissement : (fichier) : « maître d’ouvrage » : employez « maîtrise d'ouvrage »",
        "docs/guides/essai.md:7:25: avertissement : (fichier) : « comité\u00a0directeur » : employez « maîtrise d'ouvrage »",
        "docs/guides/essai.md:7:44: avertissement : (fichier) : « bla bla » : employez « maîtrise d'ouvrage »",
    ]


def test_in_yaml_only_values_are_read_and_published_files_are_left_alone(complet_copy: FixtureProject) -> None:
    complet_copy.write("standards/terminology.yaml", TERMINOLOGY.replace("[commanditaire, parrain]", "[parrain, audience]"))
    complet_copy.edit("quizzes/quiz-actions.yaml", "pass_mark: 75\n", "pass_mark: 75\n# Le parrain n'est pas lu ici.\n")
    complet_copy.edit("quizzes/quiz-actions.yaml", "description: Ce quiz", "description: Pour le parrain, ce quiz")
    # A published file keeps its wording: the next version will be warned about.
    complet_copy.edit(ACTIONS, "title: Suivi des actions", "title: Suivi des actions du parrain").relock()
    assert _terms(complet_copy, "quizzes/quiz-actions.yaml", ACTIONS) == [  # not the key « audience: », nor the comment
        "quizzes/quiz-actions.yaml:4:22: avertissement : (fichier) : « parrain » : employez « sponsor »"]


# --- near duplicates ---------------------------------------------------------------------------------------------

ACTIONS = "standards/suivi-des-actions/1.1.0.yaml"
REVIEW = "standards/revue-de-projet/1.0.0.yaml"


def _near(project: FixtureProject, review: str, actions: str) -> list[str]:
    project.edit(REVIEW, "text: Tenir une revue de cadrage avant de planifier.", f"text: {review}")
    project.edit(ACTIONS, "text: Ouvrir le registre des actions du projet dès le cadrage.", f"text: {actions}")
    lock_project(project.root)
    cat = project.load().catalog
    return [p.message.split(" : ")[0] for p in check_duplicates(cat)]


def test_a_near_duplicate_is_found_whichever_words_it_shares(complet_copy: FixtureProject) -> None:
    # 3 shared words of 5 in all: 0.6, reported. Items are filed under pairs of their first words, rarest first: the
    # longer item's two own words (the rarest) come first, and its second shared word is the last one a correct filter
    # looks at (one word fewer and the pair is missed).
    assert _near(complet_copy, "Tenir registre actions zèbre girafe.", "Tenir registre actions.") == [
        "REV-01 demande presque la même chose que ACT-01"]


def test_one_word_items_are_compared_with_one_word_items_only(complet_copy: FixtureProject) -> None:
    assert _near(complet_copy, "Planifier.", "Planifier !") == ["REV-01 demande presque la même chose que ACT-01"]


def test_items_below_the_threshold_are_not_reported(complet_copy: FixtureProject) -> None:
    # 4 shared words of 7 in all: 0.57, under 0.6.
    assert _near(complet_copy, "Tenir projet registre actions zèbre.", "Tenir projet registre actions girafe lion.") == []
