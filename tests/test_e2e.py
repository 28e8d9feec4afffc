"""End to end in real Chromium: home and its doors, search, downloads, a quiz, « Mon parcours », the keyboard, the 404 page.

Each test opens its own browser context (its own localStorage) on one shared browser, serves the built
site on 127.0.0.1 (port 0), asserts the page title before anything else, and ends by checking that no
request left the test server.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser import answer_quiz, new_visit, open_search, quiz_data

pytestmark = pytest.mark.browser

SITE = "Référentiel PMO"
QUIZ = "parcours/quiz/role-du-pmo/"


class Visit:
    """One browser context and its page; records every request that leaves the test server."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.context, self.outside, self.page = new_visit(browser, base)

    def open(self, path: str, title: str) -> Any:
        """Go to a page of the site and assert its title first."""
        response = self.page.goto(self.base + path)
        assert self.page.title() == title
        return response


@pytest.fixture
def visit(browser: Any, base: str) -> Iterator[Visit]:
    v = Visit(browser, base)
    yield v
    v.context.close()
    # Every test's last word: nothing was fetched from outside 127.0.0.1.
    assert v.outside.urls == [], v.outside.urls


def test_home_and_its_three_doors(visit: Visit) -> None:
    page = visit.page
    visit.open("", SITE)
    assert page.locator("html").get_attribute("lang") == "fr"
    doors = page.locator(".grid.cards > ul > li")
    assert doors.count() == 3
    expected = {
        "Je débute comme chef de projet": {
            "Commencer le tutoriel": "Débuter comme chef de projet",
            "Suivre mon parcours de quatre semaines": "Mon parcours",
        },
        "Je cherche un modèle": {
            "Trouver un modèle": "Trouver un modèle",
            "Catalogue des modèles": "Catalogue des modèles",
            "Listes de contrôle par jalon": "Listes de contrôle par jalon",
        },
        "Je publie les standards (PMO)": {"Publier les standards": "Publier les standards"},
    }
    found = {}
    for i in range(3):
        door = doors.nth(i)
        heading = door.locator("h2").inner_text().rstrip("¶").strip()  # without its permalink
        found[heading] = {a.inner_text().strip() for a in door.locator("a:not(.headerlink)").all()}
    assert found == {door: set(links) for door, links in expected.items()}
    for door, links in expected.items():
        for text, title in links.items():
            visit.open("", SITE)
            page.locator(".grid.cards > ul > li", has=page.locator("h2", has_text=door)).get_by_role("link", name=text).click()
            page.wait_for_load_state()
            assert page.title() == f"{title} - {SITE}", (door, text)
            assert page.locator("h1").first.inner_text().rstrip("¶").strip() == title


def test_french_search_finds_a_standard(visit: Visit) -> None:
    page = visit.page
    searched: list[str] = []
    page.on("request", lambda r: searched.append(r.url))
    visit.open("", SITE)
    assert page.locator("input.md-search__input").get_attribute("placeholder") == "Rechercher"
    open_search(page, "risques")
    links = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => [a.href, a.innerText])")
    # search.highlight adds ?h=risques; the page itself is the standard's current version.
    standard = [i for i, (href, _) in enumerate(links) if urlsplit(href).path == "/standards/gestion-des-risques/"]
    assert standard, links
    assert "PMO-STD-005 — Gestion des risques" in links[standard[0]][1]
    meta = page.locator(".md-search-result__meta").inner_text()
    assert re.fullmatch(r"\d+ documents? trouvés?", meta), meta  # Material's French interface
    # Offline: the index and lunr's French support come from the site itself, through Material's worker.
    assert any(url.endswith("/search/search_index.json") for url in searched)
    assert any("/assets/javascripts/workers/search." in url for url in searched)
    assert any(url.endswith("/assets/javascripts/lunr/min/lunr.fr.min.js") for url in searched), searched
    page.locator(".md-search-result__link").nth(standard[0]).click()
    page.wait_for_load_state()
    assert page.title() == f"PMO-STD-005 — Gestion des risques - {SITE}"


def standard_meta(page: Any) -> tuple[str, str]:
    """The id and version a standard page shows in its metadata block (the version as « 1.0.0 », without its « v »)."""
    meta = page.locator("dl.pmo-meta")
    standard_id = meta.locator("dt:text-is('Identifiant') + dd").inner_text().strip()
    version = meta.locator("dt:text-is('Version') + dd").inner_text().strip().removeprefix("v")
    assert re.fullmatch(r"PMO-STD-\d{3}", standard_id) and re.fullmatch(r"\d+\.\d+\.\d+", version), (standard_id, version)
    return standard_id, version


def download(page: Any, link: Any, folder: Path) -> Path:
    """Click a download link; the file, saved under the name the server gave it."""
    with page.expect_download() as info:
        link.click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_word_template_carries_its_standard_and_version(visit: Visit, tmp_path: Path) -> None:
    import docx

    page = visit.page
    visit.open("standards/lancement-de-projet/", f"PMO-STD-002 — Lancement de projet et charte de projet - {SITE}")
    standard_id, version = standard_meta(page)
    assert standard_id == "PMO-STD-002"
    word = page.locator("#modele-charte-de-projet ~ p").get_by_role("link", name="Word (.docx)").first
    path = download(page, word, tmp_path)
    assert path.name == "charte-de-projet.docx"
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.startswith("Charte de projet\n")
    assert f"({standard_id})" in text and f"Version {version} — Édition " in text
    footer = "\n".join(p.text for s in document.sections for p in s.footer.paragraphs)
    assert f"{standard_id} v{version}" in footer
    assert f"{standard_id}; {version};" in document.core_properties.keywords


def test_excel_register_has_its_drop_downs(visit: Visit, tmp_path: Path) -> None:
    import openpyxl

    page = visit.page
    visit.open("standards/gestion-des-risques/", f"PMO-STD-005 — Gestion des risques - {SITE}")
    standard_id, version = standard_meta(page)
    excel = page.locator("#modele-registre-des-risques ~ p").get_by_role("link", name="Excel (.xlsx)").first
    path = download(page, excel, tmp_path)
    assert path.name == "registre-des-risques.xlsx"
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[headers.index("Probabilité")]
    lists = {str(v.sqref).split(":")[0].rstrip("0123456789"): v.formula1 for v in sheet.data_validations.dataValidation
             if v.type == "list"}
    assert lists[column] == '"Faible,Moyenne,Forte,Très forte"'
    assert f"{standard_id}; {version};" in (workbook.properties.keywords or "")


def test_quiz_wrong_then_right_then_kept_and_on_my_path(visit: Visit) -> None:
    page = visit.page
    visit.open(QUIZ, f"Le rôle du PMO - {SITE}")
    answer_quiz(page, right=False)
    result = page.locator("[data-pmo-result]")
    assert result.inner_text().startswith("✗ Pas encore réussi : 0 bonne réponse sur 10 (0 %)")
    assert "Seuil de réussite : 75 %" in result.inner_text()
    first = page.locator("fieldset[data-pmo-question]").first
    assert first.locator("[data-pmo-feedback]").inner_text() == "✗ Réponse incorrecte."
    assert "✗ votre réponse, incorrecte" in first.inner_text() and "✓ bonne réponse" in first.inner_text()
    # The explanation opens by itself after a wrong answer, with a link to the rule it teaches.
    explanation = first.locator("details[data-pmo-answer]")
    assert explanation.evaluate("d => d.open")
    rule = explanation.locator(".pmo-quiz__covers a").first
    assert rule.is_visible() and rule.get_attribute("href")
    assert page.evaluate("() => JSON.parse(localStorage.getItem('pmo:quiz:role-du-pmo')).passed") is False

    page.get_by_role("button", name="Recommencer").click()
    assert page.locator("fieldset[data-pmo-question] input:checked").count() == 0
    answer_quiz(page, right=True)
    assert result.inner_text().startswith("✓ Réussi : 10 bonnes réponses sur 10 (100 %)")
    assert first.locator("[data-pmo-feedback]").inner_text() == "✓ Bonne réponse."

    page.reload()
    assert page.title() == f"Le rôle du PMO - {SITE}"
    assert re.match(r"Dernière validation le \d\d/\d\d/\d{4}\. ✓ Réussi : 10 bonnes réponses", result.inner_text())
    assert page.locator("fieldset[data-pmo-question] input:checked").count() == sum(
        len(q["correct"]) for q in quiz_data(page)["questions"])

    visit.open("parcours/", f"Mon parcours - {SITE}")
    week = page.locator("[data-pmo-week-status][data-quiz='role-du-pmo']")
    assert re.fullmatch(r"✓ Terminé : quiz réussi le \d\d/\d\d/\d{4}\.", week.inner_text())
    assert page.locator("#semaine-1 ~ [data-pmo-week-status]").first.get_attribute("data-quiz") == "role-du-pmo"
    assert page.locator("[data-pmo-parcours-progress]").inner_text() == "Semaines terminées : 1 sur 4."
    assert page.locator("[data-pmo-week-status][data-quiz='gouvernance']").inner_text() == "○ À faire : quiz pas encore tenté."


def test_a_quiz_question_with_the_keyboard_alone(visit: Visit) -> None:
    page = visit.page
    visit.open(QUIZ, f"Le rôle du PMO - {SITE}")
    question = quiz_data(page)["questions"][0]

    def focused() -> dict[str, Any]:
        return page.evaluate("""() => { const e = document.activeElement || document.body; return {
            tag: e.tagName, type: e.type || '', value: e.value || '', text: (e.innerText || '').trim(),
            question: e.closest('fieldset[data-pmo-question]')?.dataset.pmoQuestion || '',
            visible: e.matches(':focus-visible') }; }""")

    for presses in range(1, 120):  # from the top of the page, as a keyboard user starts
        page.keyboard.press("Tab")
        if focused()["question"]:
            break
    here = focused()
    assert here["question"] == question["id"] and here["type"] == "radio", here
    assert here["visible"], "le focus clavier doit être visible"
    assert presses < 60, f"{presses} tabulations pour atteindre la première question"
    for _ in range(10):
        if focused()["value"] in question["correct"]:
            break
        page.keyboard.press("ArrowDown")  # arrows move within a radio group
    page.keyboard.press("Space")
    assert page.locator(f"fieldset[data-pmo-question='{question['id']}'] input:checked").get_attribute("value") in question["correct"]
    for _ in range(200):
        page.keyboard.press("Tab")
        if focused()["text"] == "Valider mes réponses":
            break
    assert focused()["text"] == "Valider mes réponses"
    page.keyboard.press("Enter")
    first = page.locator(f"fieldset[data-pmo-question='{question['id']}']")
    assert first.locator("[data-pmo-feedback]").inner_text() == "✓ Bonne réponse."
    result = page.locator("[data-pmo-result]")
    assert result.inner_text().startswith("✗ Pas encore réussi : 1 bonne réponse sur 10 (10 %)")
    # The result takes the focus, so a screen reader reads it and the keyboard goes on from there.
    assert page.evaluate("() => document.activeElement.hasAttribute('data-pmo-result')")
    for _ in range(5):  # « Recommencer » stands just before the result
        page.keyboard.press("Shift+Tab")
        if focused()["text"] == "Recommencer":
            break
    assert focused()["text"] == "Recommencer"
    page.keyboard.press("Enter")
    assert page.locator("fieldset[data-pmo-question] input:checked").count() == 0
    assert focused()["question"] == question["id"]


def test_missing_page_gets_the_french_404(visit: Visit) -> None:
    page = visit.page
    response = visit.open("standards/page-qui-n-existe-pas/", f"Page introuvable (erreur 404) - {SITE}")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Page introuvable (erreur 404)"
    assert "La page demandée n'existe pas" in page.locator("article").inner_text()
    # Served from a nested missing path, its styles and links still work: they start at the site root.
    assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    page.get_by_role("link", name="Revenir à l'accueil du Référentiel PMO").click()
    page.wait_for_load_state()
    assert page.title() == SITE
