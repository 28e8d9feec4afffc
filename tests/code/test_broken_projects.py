"""Broken variants of the fixture project « complet »: each must fail the strict build with a message naming its cause."""
from __future__ import annotations

import pytest

from tests.support import FixtureProject

PAGE = "docs/guides/preparer-une-revue.md"
HOME = "docs/index.md"
ANCHOR = "## Avant la revue\n"

# (file to break, text to find, text to put instead, what the build's output must name)
CASES = {
    "unknown_macro": (HOME, "Le PMO tient", "{{ macro_inconnue() }} Le PMO tient", ["index.md", "macro_inconnue"]),
    "undefined_variable": (HOME, "Le PMO tient", "{{ variable_inconnue }} Le PMO tient", ["index.md", "variable_inconnue"]),
    "broken_link": (PAGE, ANCHOR, ANCHOR + "\nVoir [la page absente](absente.md).\n", ["guides/preparer-une-revue.md", "absente.md"]),
    "broken_anchor": (PAGE, ANCHOR, ANCHOR + "\nVoir [une section](index.md#section-absente).\n",
                      ["guides/preparer-une-revue.md", "section-absente"]),
    "data_error": ("quizzes/quiz-revues.yaml", "covers: [REV-01]", "covers: [REV-99]", [
        "Données du référentiel invalides :",
        "quizzes/quiz-revues.yaml:21:14: erreur : questions[0].covers[0] : point de contrôle « REV-99 » introuvable dans les "
        "standards de l'édition en vigueur"]),
    "nav_anchor_missing": ("mkdocs.yml", "nav_after: Guides pratiques", "nav_after: Guides", [
        "mkdocs.yml : extra.referentiel.nav_after désigne la section « Guides », absente de nav "
        "(sections : Accueil, Tutoriels, Guides pratiques)"]),
    "nav_anchor_absent": ("mkdocs.yml", "    nav_parcours: Tutoriels\n", "", [
        "mkdocs.yml : extra.referentiel.nav_parcours manquant : indiquez le titre de la section de navigation "
        "près de laquelle placer les pages générées"]),
}


def test_complet_builds_strictly_without_warning(complet: FixtureProject) -> None:
    """The unbroken project: the session's build (tests/conftest.py) failed on any warning."""
    assert complet.file("guides/preparer-une-revue/index.html").is_file()
    assert "Avant la revue" in complet.page("guides/preparer-une-revue/index.html")


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_project_fails_naming_the_cause(complet_copy: FixtureProject, case: str) -> None:
    rel, old, new, expected = CASES[case]
    complet_copy.edit(rel, old, new)
    result = complet_copy.build_result()
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for part in expected:
        assert part in output, output
    assert "Aborted" in output or "Error" in output or "error" in output
