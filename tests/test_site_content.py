"""Whole-site tests of the hand-written pages: each exists and carries the seed's key facts."""
from __future__ import annotations

import re
from pathlib import Path

from tests.support import load_catalog, page_text


def test_home_has_three_doors(built_site: Path) -> None:
    text = page_text(built_site, "index.html")
    for door in ("Je débute comme chef de projet", "Je cherche un modèle", "Je publie les standards (PMO)"):
        assert door in text
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in html
    for target in ("tutoriels/debuter-comme-chef-de-projet/", "guides/trouver-un-modele/", "guides/publier-les-standards/"):
        assert f'href="{target}"' in html


def test_pmo_page_states_role_and_four_team_roles(built_site: Path) -> None:
    text = page_text(built_site, "comprendre/le-pmo/index.html")
    assert "structuration" in text and "pilotage" in text
    assert "portefeuille" in text
    for role in ("soutien", "processus", "rapports", "formation"):
        assert role in text, role
    for duty in ("gestion du portefeuille", "gestion des ressources", "gestion des risques", "direction générale"):
        assert duty in text.lower(), duty


def test_six_steps_each_once_in_order(built_site: Path) -> None:
    html = (built_site / "guides/mettre-en-place-un-pmo/index.html").read_text(encoding="utf-8")
    steps = [
        "Définir le but et les objectifs du PMO",
        "Évaluer les capacités actuelles",
        "Développer et mettre en œuvre des processus",
        "Mettre en place une structure de gouvernance",
        "Identifier et former le personnel du PMO",
        "Mettre en place des mesures et des processus de reporting",
    ]
    headings = [re.sub(r"<[^>]+>", "", h).replace("\u2019", "'")
                for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, flags=re.S)]
    found = [next(i for i, h in enumerate(headings) if step in h) for step in steps]
    assert found == sorted(found)
    for step in steps:
        assert sum(step in h for h in headings) == 1, step


def test_salary_figures_with_source_and_scope(built_site: Path) -> None:
    text = page_text(built_site, "reference/remuneration/index.html")
    assert "Glassdoor" in text
    assert "États-Unis" in text
    for figure in ("87 000", "58 000", "125 000"):
        assert re.search(figure.replace(" ", r"[\s\u00a0\u202f]"), text), figure
    for factor in ("expérience", "secteur", "lieu"):
        assert factor in text.lower()


def test_become_project_manager_page(built_site: Path) -> None:
    text = page_text(built_site, "guides/devenir-chef-de-projet/index.html")
    assert "PMP" in text and "Project Management Institute" in text
    assert "stage" in text.lower()
    assert "commerce" in text and "ingénierie" in text


def test_consulting_firm_promotion_left_out(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        assert "Mi GSO" not in page.read_text(encoding="utf-8"), page


def test_glossary_has_30_terms_and_abbreviations_are_tooltips(built_site: Path, project: Path) -> None:
    html = (built_site / "reference/glossaire/index.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<(?:h3|dt)[ >]", html)) >= 30
    abbreviations = re.findall(r"^\*\[([^\]]+)\]:", (project / "includes/abbreviations.md").read_text(encoding="utf-8"), re.M)
    assert len(abbreviations) >= 30
    # The glossary explains every abbreviation that shows as a tooltip.
    text = page_text(built_site, "reference/glossaire/index.html")
    for abbreviation in abbreviations:
        assert abbreviation in text, abbreviation
    assert '<abbr title="' in (built_site / "comprendre/le-pmo/index.html").read_text(encoding="utf-8")


def test_faq_answers_what_is_a_pmo(built_site: Path) -> None:
    text = page_text(built_site, "reference/faq/index.html")
    assert "Qu'est-ce qu'un PMO" in text


def test_404_is_french(built_site: Path) -> None:
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert "Page introuvable" in html and "Not found" not in html


def test_home_states_the_edition_in_force(built_site: Path, project: Path) -> None:
    cat = load_catalog(project / "standards")
    text = page_text(built_site, "index.html")
    assert f"Édition du référentiel en vigueur : {cat.current_edition().id}" in text
    assert f"les {len(cat.current_standards())} standards en vigueur" in text
