"""In real Chromium, on the fixture site « adapte »: a light project's gate list (its decider, its items of some projects
only) and the templates catalogue filtered by category and by the project's characteristics (catalogue.js); axe-core
finds nothing, at 1280 and 320 px. No request leaves the test server, no script error happens."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.support import Visit, checked_visit

pytestmark = pytest.mark.browser

SITE = "Projet adapté d'essai"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def visit(browser: Any, adapte_url: str) -> Iterator[Visit]:
    with checked_visit(browser, adapte_url) as v:
        yield v


def no_violation(page: Any) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    found = [f"{v['id']} {n['target']}" for v in results.response["violations"] for n in v["nodes"]]
    assert found == []


def shown(page: Any) -> list[str]:
    ids: list[str] = page.locator("table[data-pmo-templates] tbody tr:visible").evaluate_all("rows => rows.map(r => r.dataset.pmoTemplate)")
    return ids


@pytest.mark.parametrize("width", [1280, 320])
def test_light_gate_list(visit: Visit, width: int) -> None:
    page = visit.page
    page.set_viewport_size({"width": width, "height": 900})
    visit.open("listes-de-controle/bilan-final/leger/", f"Liste de contrôle\u00a0: Bilan final (projet léger) - {SITE}")
    expect(page.get_by_text("Décision prononcée par")).to_contain_text("Comité de pilotage")
    group = page.get_by_role("group", name="Obligatoires selon le projet")
    expect(group).to_contain_text("si le projet met un livrable en service ou si le projet a un fournisseur")
    # The recommended ACT-04 points to the light template that replaces the action sheet for a light project.
    expect(page.locator("li", has_text="ACT-04").get_by_role("link", name="Fiche action courte")).to_be_visible()
    page.get_by_label("ACT-07", exact=False).check()
    no_violation(page)


def test_catalogue_by_category_and_by_characteristic(visit: Visit) -> None:
    page = visit.page
    visit.open("modeles/", f"Catalogue des modèles - {SITE}")
    everything = shown(page)
    assert {"fiche-action", "fiche-action-courte", "convention-de-suivi"} <= set(everything)
    # A light project: the light sheet, not the full one.
    page.get_by_label("Catégorie de projet", exact=True).select_option("leger")
    assert "fiche-action-courte" in shown(page) and "fiche-action" not in shown(page)
    page.get_by_label("Catégorie de projet", exact=True).select_option("")
    # A project without a supplier: what only a supplier's project needs goes.
    traits = page.get_by_role("group", name="Votre projet (décochez ce qui ne le concerne pas)")
    traits.get_by_label("Achats ou fournisseur").uncheck()
    assert shown(page) == [t for t in everything if t != "convention-de-suivi"]
    assert parse_qs(urlsplit(page.url).query) == {"sans": ["fournisseur"]}
    no_violation(page)
    # The address keeps the choice; « Réinitialiser » ticks everything again.
    page.reload()
    expect(traits.get_by_label("Achats ou fournisseur")).not_to_be_checked()
    assert "convention-de-suivi" not in shown(page)
    page.get_by_role("button", name="Réinitialiser").click()
    expect(traits.get_by_label("Achats ou fournisseur")).to_be_checked()
    assert shown(page) == everything and "sans" not in parse_qs(urlsplit(page.url).query)
