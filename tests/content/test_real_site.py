"""The real site, built once from the repository (tests/content/conftest.py): it builds strictly without a warning,
its hand-written pages carry the seed's facts, and a crawl finds every link, anchor and download in place and
nothing fetched from another host.

These are checks of the content: the generated pages' structure is tested on fixture projects (tests/code/).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import (
    PROJECT,
    Page,
    broken_anchors,
    broken_links,
    checked_anchors,
    external_assets,
    linked_downloads,
    load_project,
    outside_fetches,
    page_text,
    parse_site,
    prose_text,
)

# --- the hand-written pages and the seed's facts -----------------------------------------------------


def test_home_has_three_doors(real_site: Path) -> None:
    text = page_text(real_site, "index.html")
    for door in ("Je débute comme chef de projet", "Je cherche un modèle", "Je publie les standards (PMO)"):
        assert door in text
    html = (real_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in html
    for target in ("tutoriels/debuter-comme-chef-de-projet/", "guides/trouver-un-modele/", "guides/publier-les-standards/"):
        assert f'href="{target}"' in html


def test_pmo_page_states_role_and_four_team_roles(real_site: Path) -> None:
    text = page_text(real_site, "comprendre/le-pmo/index.html")
    assert "structuration" in text and "pilotage" in text
    assert "portefeuille" in text
    for role in ("soutien", "processus", "rapports", "formation"):
        assert role in text, role
    for duty in ("gestion du portefeuille", "gestion des ressources", "gestion des risques", "direction générale"):
        assert duty in text.lower(), duty


def test_six_steps_each_once_in_order(real_site: Path) -> None:
    html = (real_site / "guides/mettre-en-place-un-pmo/index.html").read_text(encoding="utf-8")
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


def test_salary_figures_with_source_and_scope(real_site: Path) -> None:
    text = page_text(real_site, "reference/remuneration/index.html")
    assert "Glassdoor" in text
    assert "États-Unis" in text
    for figure in ("87 000", "58 000", "125 000"):
        assert re.search(figure.replace(" ", r"[\s\u00a0\u202f]"), text), figure
    for factor in ("expérience", "secteur", "lieu"):
        assert factor in text.lower()
    # The seed gives no date for these figures: the page says so rather than date them.
    assert "Date des chiffres non indiquée : l'article ne dit ni l'année ni la période des données de Glassdoor" in text


def test_become_project_manager_page(real_site: Path) -> None:
    text = page_text(real_site, "guides/devenir-chef-de-projet/index.html")
    assert "PMP" in text and "Project Management Institute" in text
    assert "stage" in text.lower()
    assert "commerce" in text and "ingénierie" in text


def test_consulting_firm_promotion_left_out(real_site: Path) -> None:
    for page in real_site.rglob("*.html"):
        assert "Mi GSO" not in page.read_text(encoding="utf-8"), page


def test_glossary_has_30_terms_and_abbreviations_are_tooltips(real_site: Path) -> None:
    html = (real_site / "reference/glossaire/index.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<(?:h3|dt)[ >]", html)) >= 30
    abbreviations = re.findall(r"^\*\[([^\]]+)\]:", (PROJECT / "includes/abbreviations.md").read_text(encoding="utf-8"), re.M)
    assert len(abbreviations) >= 30
    # The glossary explains every abbreviation that shows as a tooltip.
    text = page_text(real_site, "reference/glossaire/index.html")
    for abbreviation in abbreviations:
        assert abbreviation in text, abbreviation
    assert '<abbr title="' in (real_site / "comprendre/le-pmo/index.html").read_text(encoding="utf-8")


def test_glossary_contents_list_letters_and_every_term_keeps_its_anchor(real_site: Path) -> None:
    html = (real_site / "reference/glossaire/index.html").read_text(encoding="utf-8")
    sidebar = html.split('<nav class="md-nav md-nav--secondary"', 1)[1].split('<div class="md-content"', 1)[0]
    # toc_depth: 2 — the letters are listed, no term is (no nested list under a letter), every term keeps its anchor.
    assert 'href="#lettre-a"' in sidebar and 'href="#lettre-t"' in sidebar
    assert 'href="#adaptation"' not in sidebar and 'href="#tolerance"' not in sidebar and sidebar.count("<nav") == 1
    assert 'id="adaptation"' in html and 'id="tolerance"' in html


def test_each_abbreviation_is_expanded_once_per_page(real_site: Path) -> None:
    for page in real_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        titled = re.findall(r'<abbr title="[^"]*">([^<]*)</abbr>', html)
        assert len(titled) == len(set(titled)), page


def test_faq_answers_what_is_a_pmo(real_site: Path) -> None:
    text = page_text(real_site, "reference/faq/index.html")
    assert "Qu'est-ce qu'un PMO" in text


def test_real_site_builds_strictly(real_site: Path) -> None:
    """The session's build (tests/content/conftest.py) fails on any error or warning; every section is there."""
    for page in ("index.html", "tutoriels/index.html", "guides/index.html", "reference/index.html", "comprendre/index.html",
                 "standards/index.html", "parcours/index.html", "editions/index.html"):
        assert (real_site / page).is_file(), page


def test_404_is_french(real_site: Path) -> None:
    html = (real_site / "404.html").read_text(encoding="utf-8")
    assert "Page introuvable" in html and "Not found" not in html


def test_home_states_the_edition_in_force(real_site: Path) -> None:
    cat = load_project(PROJECT).catalog
    assert cat.current_edition() is not None
    text = page_text(real_site, "index.html")
    assert f"Édition du référentiel en vigueur : {cat.current_edition().id}" in text  # type: ignore[union-attr]
    assert f"les {len(cat.current_standards())} standards en vigueur" in text


# --- a crawl of the whole real site ------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(real_site: Path) -> dict[str, Page]:
    return parse_site(real_site)


def test_crawler_reads_the_whole_site(pages: dict[str, Page]) -> None:
    assert "index.html" in pages and "404.html" in pages
    assert len(pages) >= 50
    assert sum(len(page.refs) for page in pages.values()) > 5000


def test_every_internal_link_resolves(real_site: Path, pages: dict[str, Page]) -> None:
    errors = broken_links(real_site, pages)
    assert errors == [], "\n".join(errors[:50])


def test_every_anchor_exists(pages: dict[str, Page]) -> None:
    assert checked_anchors(pages) > 100  # the RACI, checklist and quiz pages link into each other by anchor
    errors = broken_anchors(pages)
    assert errors == [], "\n".join(errors[:50])


def test_every_download_exists(real_site: Path, pages: dict[str, Page]) -> None:
    linked, missing = linked_downloads(real_site, pages)
    assert missing == [], "\n".join(missing)
    assert {ext for ext, found in linked.items() if not found} == set(), linked
    for found in linked.values():
        for name in found:
            assert (real_site / name).stat().st_size > 0, f"{name} est vide"


def test_external_urls_only_in_links(pages: dict[str, Page]) -> None:
    errors = outside_fetches(pages)
    assert errors == [], "\n".join(errors)


def test_nothing_is_fetched_from_another_host(real_site: Path) -> None:
    assert external_assets(real_site) == {}
    html = (real_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


# --- the generated pages speak French, in sentences ----------------------------------------------


# What only raw data would show: an empty value's placeholder, a category or scope id where its name belongs (not the
# PMO's e-mail address), an English gate decision the terminology rejects, a citation of the case left unresolved.
RAW_TOKENS = re.compile(r"\(vide\)|\bleger\b|(?<![\w@.-])pmo(?![\w@.-])|\bportfolio\b|\bno-go\b|\bgo/no-go\b|\(\([a-z][a-z0-9-]*:")


def test_no_page_shows_raw_data_values(real_site: Path) -> None:
    found = {}
    for path in sorted(real_site.rglob("*.html")):
        page = path.relative_to(real_site).as_posix()
        if page == "reference/glossaire/index.html":
            continue  # the glossary names the rejected synonyms (« no-go ») to point to the term to use
        if hits := sorted({m.group() for m in RAW_TOKENS.finditer(prose_text(real_site, page))}):
            found[page] = hits
    assert found == {}


def test_release_notes_say_changes_in_sentences(real_site: Path) -> None:
    notes = page_text(real_site, "editions/2027.1/index.html").replace("\u00a0", " ").replace("\u202f", " ")
    assert "LAN-10 (devient obligatoire pour un projet majeur ; ne concerne plus que le PMO lui-même" in notes
    history = page_text(real_site, "standards/suivi-et-reporting/historique/index.html").replace("\u00a0", " ").replace("\u202f", " ")
    assert "niveau : recommandé → obligatoire ; reste recommandé pour un projet léger" in history
    assert "les projets démarrés avant peuvent garder la version précédente jusqu'au 30 juin 2027" in history
