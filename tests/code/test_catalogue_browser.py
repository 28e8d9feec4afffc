"""The templates catalogue's filters (docs/assets/javascripts/catalogue.js) in real Chromium, on the fixture site
« complet »: the rows shown are exactly the templates the model says match, the count is said in a polite live
region, the choice survives a reload through the address, « Réinitialiser » shows everything again, and axe-core
finds nothing with the filters open, at 1280 and 320 px. Each test ends by checking that no request left the test
server and no script error happened."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from macros.pages.templates import TemplatesIndex, templates_index
from tests.support import FixtureProject, Visit, checked_visit

pytestmark = pytest.mark.browser

PAGE = "modeles/"
TITLE = "Catalogue des modèles - Projet complet d'essai"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def visit(browser: Any, complet_url: str) -> Iterator[Visit]:
    with checked_visit(browser, complet_url) as v:
        yield v


@pytest.fixture(scope="module")
def index(complet: FixtureProject) -> TemplatesIndex:
    return templates_index(complet.load().catalog)


def matching(index: TemplatesIndex, phase: str = "", role: str = "", fmt: str = "") -> list[str]:
    """The templates the model says match these filters, in the page's order."""
    return [u.template.id for u in index.uses
            if (not phase or phase in u.phases) and (not role or role in u.roles) and (not fmt or fmt in u.template.formats)]


def shown(page: Any) -> list[str]:
    rows = page.locator("table[data-pmo-templates] tbody tr:visible")
    ids: list[str] = rows.evaluate_all("rows => rows.map(r => r.dataset.pmoTemplate)")
    return ids


def query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_filters_show_exactly_the_matching_templates_and_live_in_the_address(visit: Visit, index: TemplatesIndex) -> None:
    page = visit.page
    visit.open(PAGE, TITLE)
    total = len(index.uses)
    status = page.locator("form[data-pmo-catalogue] [role=status][aria-live=polite]")
    expect(page.get_by_label("Phase", exact=True)).to_be_visible()
    expect(status).to_have_text(f"{total} modèles affichés sur {total}")
    assert shown(page) == matching(index)

    # A phase, then a format: each narrows the list to what the model says, and the count follows.
    page.get_by_label("Phase", exact=True).select_option("cadrage")
    by_phase = matching(index, phase="cadrage")
    assert 1 < len(by_phase) < total
    assert shown(page) == by_phase
    expect(status).to_have_text(f"{len(by_phase)} modèles affichés sur {total}")
    page.get_by_label("Format", exact=True).select_option(label="Word (.docx)")
    both = matching(index, phase="cadrage", fmt="docx")
    assert len(both) == 1 and both != by_phase
    assert shown(page) == both
    expect(status).to_have_text(f"1 modèle affiché sur {total}")
    assert query(page) == {"phase": ["cadrage"], "format": ["docx"]}

    # The address brings the same view back, as a bookmark or a shared link does.
    page.reload()
    assert page.title() == TITLE
    expect(status).to_have_text(f"1 modèle affiché sur {total}")
    assert page.get_by_label("Phase", exact=True).input_value() == "cadrage"
    assert page.get_by_label("Format", exact=True).input_value() == "docx"
    assert shown(page) == both

    # Nothing matches: said in words, and the empty table goes.
    page.get_by_label("Phase", exact=True).select_option("execution")
    page.get_by_label("Format", exact=True).select_option(label="Excel (.xlsx)")
    assert matching(index, phase="execution", fmt="xlsx") == []
    expect(status).to_have_text("Aucun modèle ne correspond à ces filtres.")
    expect(page.locator("table[data-pmo-templates]")).to_be_hidden()
    assert query(page) == {"phase": ["execution"], "format": ["xlsx"]}

    page.get_by_role("button", name="Réinitialiser", exact=True).click()
    expect(status).to_have_text(f"{total} modèles affichés sur {total}")
    assert shown(page) == matching(index) and query(page) == {}
    assert page.get_by_label("Phase", exact=True).input_value() == ""

    # An address naming a phase the page does not offer (an old bookmark) shows everything.
    visit.open(PAGE + "?phase=disparue&format=md", TITLE)
    expect(status).to_have_text(f"{len(matching(index, fmt='md'))} modèles affichés sur {total}")
    assert page.get_by_label("Phase", exact=True).input_value() == ""


@pytest.mark.parametrize("width", [1280, 320])
def test_no_accessibility_violation_with_filters_open(visit: Visit, width: int) -> None:
    page = visit.page
    page.set_viewport_size({"width": width, "height": 900})
    visit.open(PAGE + "?phase=cadrage", TITLE)
    expect(page.locator("form[data-pmo-catalogue]")).to_be_visible()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    found = [f"{v['id']} {' '.join(n['target'])} : {n['html'][:160]}" for v in results.response["violations"] for n in v["nodes"]]
    assert found == []
    # WCAG 1.4.10: no sideways scrolling at 320 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
