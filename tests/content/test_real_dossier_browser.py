"""« Mon dossier de jalon » on the real référentiel as its next edition makes it (the edition in preparation, as the PMO's
preview shows it, or the one in force once it is published), in real Chromium: a light project without a supplier is
not shown the purchasing items, the same project with one is; its characteristics are asked with its name, from the
data; axe-core finds nothing at 1280 and 320 px, and nothing leaves the test server."""
from __future__ import annotations

from typing import Any

import pytest

from macros.project import Loaded
from tests.support import (
    PROJECT,
    DossierTab,
    assert_accessible,
    create_project,
    dossier_contract,
    expect_said,
    load_project,
    plain,
    serve_dossier_data,
)

pytestmark = pytest.mark.browser

TITLE = "Mon dossier de jalon - Référentiel PMO"
PURCHASING = "PMO-STD-013"  # the purchasing standard: its items concern the projects that buy or have a supplier


@pytest.fixture(scope="module")
def upcoming() -> Loaded:
    loaded = load_project(PROJECT, preview=True)
    assert loaded.errors == []
    return loaded


def shown_keys(page: Any) -> list[str]:
    keys: list[str] = page.locator("li.pmo-dossier__entry[data-context='i']").evaluate_all("ls => ls.map(l => l.dataset.key)")
    return keys


@pytest.mark.parametrize("width", [1280, 320])
def test_a_light_project_sees_the_purchasing_items_only_with_a_supplier(browser: Any, real_url: str, upcoming: Loaded,
                                                                         width: int) -> None:
    data = dossier_contract(upcoming)
    questions = [c["question"] for c in data["characteristics"]]
    assert len(questions) >= 5
    # The light project's purchasing items of the planning phase, those that apply only with a supplier.
    purchasing = [i["key"] for i in data["items"] if i["standard"] == PURCHASING and i["phase"] == "planification"
                  and i["onlyIf"] == ["fournisseur"] and i["levels"]["leger"] != "non applicable"]
    assert len(purchasing) >= 3
    tab = DossierTab(browser, real_url, width, title=TITLE)
    serve_dossier_data(tab.page, data)
    page = tab.open()
    form = page.locator("form.pmo-dossier__project-form")
    assert [plain(t) for t in form.locator("fieldset.pmo-dossier__trait legend").all_inner_texts()] == [plain(q) for q in questions]
    nothing = {c["id"]: False for c in data["characteristics"]}

    create_project(page, "Intranet sans achat", "", "leger", characteristics=nothing)
    without = shown_keys(page)
    assert without and not set(purchasing) & set(without)
    apart = page.locator("details.pmo-dossier__na--traits")
    assert {f"{PURCHASING} {key.split('#')[1]}" for key in purchasing} <= {
        plain(t) for t in apart.locator("li .pmo-item__id").all_text_contents()}
    apart.locator("summary").click()
    assert_accessible(page, width)

    create_project(page, "Intranet avec prestataire", "", "leger", characteristics={**nothing, "fournisseur": True})
    with_supplier = shown_keys(page)
    assert set(purchasing) <= set(with_supplier) and set(without) < set(with_supplier)
    line = page.locator(f"li.pmo-dossier__entry[data-key='{purchasing[0]}'][data-context='i']")
    assert plain(line.locator(".pmo-dossier__who").inner_text()).startswith("R Réalise : ")
    line.locator("button.pmo-dossier__more").click()
    assert "si le projet achète ou a un fournisseur" in plain(line.locator(".pmo-dossier__details").inner_text())
    assert_accessible(page, width)
    # The same project changes its answer: the purchasing items go again.
    page.get_by_role("button", name="Modifier le projet", exact=True).click()
    form.locator("fieldset[data-trait='fournisseur']").get_by_label("Non", exact=True).check()
    page.get_by_role("button", name="Enregistrer le projet", exact=True).click()
    expect_said(page, "Projet « Intranet avec prestataire » modifié")
    assert shown_keys(page) == without
    assert tab.close() == ([], [], [])
