"""Reference data of the real référentiel as the edition in preparation makes it (the published one once it is): review
dates spread over the year, each standard owned at the level of a function, sources stated only as far as they can be
checked (OPM3, the PMBOK edition), the seed's figures given with what the seed says of their date."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from macros.core.dates import french_date
from macros.pages.standards import standard_page
from macros.project import Loaded
from tests.support import PROJECT, load_project, page_text

# Roles that exist for one project: none of them keeps a standard of the référentiel up to date.
PROJECT_ROLES = {"chef-de-projet", "equipe-projet", "acheteur", "metier", "fournisseur", "sponsor", "copil"}


@pytest.fixture(scope="module")
def upcoming() -> Loaded:
    loaded = load_project(PROJECT, preview=True)
    assert loaded.errors == []
    return loaded


def test_reviews_are_spread_over_the_year(upcoming: Loaded) -> None:
    dues = [sv.standard.review_due for sv in upcoming.catalog.current_standards()]
    assert len(dues) == 16
    months = Counter((d.year, d.month) for d in dues)
    # No more than two reviews in a month, in at least ten months of the year: the PMO can hold each one.
    assert max(months.values()) <= 2 and len(months) >= 10, months
    assert len(set(dues)) == len(dues)


def test_the_next_review_is_what_the_standard_page_shows(upcoming: Loaded) -> None:
    cat = upcoming.catalog
    sv = cat.current("planification")
    assert sv is not None
    page = standard_page(cat, sv, "standards/planification/index.md", current=True)
    # Planning is reviewed last: the closing of Atlas, in November, recommends a change to it (CLO-13).
    assert page.review_due == sv.standard.next_review and french_date(page.review_due) == "6 décembre 2027"


def test_each_standard_is_owned_at_the_level_of_a_function(upcoming: Loaded) -> None:
    cat = upcoming.catalog
    owners = {sv.standard.slug: sv.standard.owner for sv in cat.current_standards()}
    assert {slug: owner for slug, owner in owners.items() if owner in PROJECT_ROLES} == {}
    assert owners["achats-et-contrats"] == "responsable-des-achats"
    role = cat.roles["responsable-des-achats"]
    assert "fonction achats" in str(max(role.values(), key=lambda r: r.meta.version).meta.summary)


def glossary(site: Path) -> str:
    return page_text(site, "reference/glossaire/index.html")


def test_sources_are_stated_as_far_as_they_can_be_checked(real_site: Path) -> None:
    text = glossary(real_site)
    maturity = text[text.index("modèle de maturité¶"):][:600]
    assert "on cite notamment OPM3" not in text
    assert "The Standard for Organizational Project Management (OPM), paru en 2018" in maturity
    assert "à vérifier à la prochaine revue" in maturity
    pmbok = text[text.index("Guide PMBOK¶"):][:500]
    assert "citent sa 7e édition (2021)" in pmbok and "l'édition à citer est à vérifier à la prochaine revue" in pmbok
    guide = page_text(real_site, "guides/mettre-en-place-un-pmo/index.html")
    assert not re.search(r"comme OPM3", guide)
