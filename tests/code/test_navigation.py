"""The navigation of the fixture site: its size does not grow with the number of standards on every page.

Each standard stays in the navigation (its tab and section are active on its page, « Précédent » and « Suivant » go
from standard to standard), but a sidebar lists a standard only on that standard's own page; the standards' index
lists them all. Listed on every page of the tab, they made the site grow as their number squared."""
from __future__ import annotations

import re
from pathlib import Path

from tests.support import FixtureProject

STANDARDS = {"suivi-des-actions": "PMO-STD-801 Suivi des actions", "revue-de-projet": "PMO-STD-802 Revue de projet"}


def _sidebar(site: Path, page: str) -> str:
    html = (site / page).read_text(encoding="utf-8")
    return html[html.index('class="md-sidebar md-sidebar--primary"'):html.index('class="md-sidebar md-sidebar--secondary"')]


def _footer(site: Path, page: str) -> list[str]:
    html = (site / page).read_text(encoding="utf-8")
    return re.findall(r'class="md-footer__link md-footer__link--(?:prev|next)" aria-label="([^"]*)"', html)


def test_a_standard_page_lists_itself_and_no_other_standard(complet: FixtureProject) -> None:
    assert complet.site is not None
    for slug, label in STANDARDS.items():
        sidebar = _sidebar(complet.site, f"standards/{slug}/index.html")
        assert sidebar.count(label) == 2  # its label, and its link, marked as the current page
        assert 'href="./" class="md-nav__link md-nav__link--active"' in sidebar
        assert [other for other in STANDARDS.values() if other != label and other in sidebar] == []
        # Its tab and section are those of the standards.
        assert re.search(r'md-nav__item--active md-nav__item--section md-nav__item--nested">\s*<input[^>]*>\s*<div[^>]*>\s*'
                         r'<a href="../" class="md-nav__link ">\s*<span class="md-ellipsis">\s*Standards en vigueur', sidebar)


def test_other_pages_list_no_standard_and_the_index_links_them_all(complet: FixtureProject) -> None:
    assert complet.site is not None
    for page in ("standards/index.html", "roles/pilote/index.html", "listes-de-controle/index.html"):
        sidebar = _sidebar(complet.site, page)
        assert "Standards en vigueur" in sidebar and [label for label in STANDARDS.values() if label in sidebar] == []
    index = (complet.site / "standards/index.html").read_text(encoding="utf-8")
    assert all(f'<td><a href="{slug}/">' in index for slug in STANDARDS)


def test_previous_and_next_still_go_from_standard_to_standard(complet: FixtureProject) -> None:
    assert complet.site is not None
    assert _footer(complet.site, "standards/suivi-des-actions/index.html")[1] == "Suivant&nbsp;: PMO-STD-802 Revue de projet"
    assert _footer(complet.site, "standards/revue-de-projet/index.html")[0] == "Précédent&nbsp;: PMO-STD-801 Suivi des actions"
