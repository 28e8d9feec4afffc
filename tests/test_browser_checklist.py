"""In real Chromium: a gate checklist keeps its ticks across a reload, resets, and fetches nothing outside 127.0.0.1."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_gate_checklist_ticks_survive_reload(browser: object, base: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page.goto(base + "listes-de-controle/passage-en-execution/")
    assert page.title() == "Liste de contrôle : Passage en exécution - Référentiel PMO"
    first = page.locator("form[data-pmo-checklist] input[type=checkbox]").first
    label = page.locator(f"label[for='{first.get_attribute('id')}']")
    assert label.text_content().startswith("Obligatoire ")
    label.click()  # ticking through the label proves the label is tied to its box
    assert first.is_checked()
    status = page.locator("[data-pmo-count]")
    assert status.inner_text().startswith("1 sur ")
    page.reload()
    first = page.locator("form[data-pmo-checklist] input[type=checkbox]").first
    assert first.is_checked()
    # The same item on its standard's page shares the tick: keyed by standard version and item id, not URL.
    key = first.get_attribute("data-pmo-key")
    stored = page.evaluate("k => window.localStorage.getItem('pmo:coche:' + k)", key)
    assert stored == "1"
    page.get_by_role("button", name="Tout décocher").click()
    assert not first.is_checked()
    page.reload()
    assert not page.locator("form[data-pmo-checklist] input[type=checkbox]").first.is_checked()
    assert outside == []
    page.close()
