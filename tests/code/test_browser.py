"""End to end in real Chromium, on the fixture site « complet »: search, downloads, a quiz, « Mon parcours », the
keyboard, a gate checklist kept across reloads, the 404 page.

Each test opens its own browser context (its own localStorage) on one shared browser, serves the built site on
127.0.0.1 (port 0), asserts the page title before anything else, and ends by checking that no request left the
test server. The real site's home page and accessibility are checked in tests/content/.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import docx
import openpyxl
import pytest

from tests.support import Visit, answer_quiz, open_search, quiz_data

pytestmark = pytest.mark.browser

SITE = "Projet complet d'essai"
QUIZ = "parcours/quiz/quiz-actions/"
QUIZ_TITLE = f"Le suivi des actions - {SITE}"


@pytest.fixture
def visit(browser: Any, complet_url: str) -> Iterator[Visit]:
    v = Visit(browser, complet_url)
    yield v
    # Every test's last word: nothing was fetched from outside 127.0.0.1.
    assert v.close() == []


def test_french_search_finds_a_standard(visit: Visit) -> None:
    page = visit.page
    searched: list[str] = []
    page.on("request", lambda r: searched.append(r.url))
    visit.open("", SITE)
    assert page.locator("input.md-search__input").get_attribute("placeholder") == "Rechercher"
    open_search(page, "actions")
    links = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => [a.href, a.innerText])")
    # search.highlight adds ?h=actions; the page itself is the standard's current version.
    standard = [i for i, (href, _) in enumerate(links) if urlsplit(href).path == "/standards/suivi-des-actions/"]
    assert standard, links
    assert "PMO-STD-801 — Suivi des actions" in links[standard[0]][1]
    meta = page.locator(".md-search-result__meta").inner_text()
    assert re.fullmatch(r"\d+ documents? trouvés?", meta), meta  # Material's French interface
    # Offline: the index and lunr's French support come from the site itself, through Material's worker.
    assert any(url.endswith("/search/search_index.json") for url in searched)
    assert any("/assets/javascripts/workers/search." in url for url in searched)
    assert any(url.endswith("/assets/javascripts/lunr/min/lunr.fr.min.js") for url in searched), searched
    page.locator(".md-search-result__link").nth(standard[0]).click()
    page.wait_for_load_state()
    assert page.title() == f"PMO-STD-801 — Suivi des actions - {SITE}"


INDEX = "/search/search_index.json"


def test_the_search_index_is_fetched_when_the_visitor_turns_to_the_search(visit: Visit) -> None:
    """The index (half of a first visit) is not fetched by a page that nobody searches from; Material's key « / »
    fetches it and the search works; a page reached from a result (« ?h= ») gets it at once, to highlight the words."""
    page = visit.page
    requested: list[str] = []
    page.on("request", lambda r: requested.append(urlsplit(r.url).path))
    visit.open("", SITE)
    page.wait_for_load_state("networkidle")
    page.mouse.move(5, 400)
    page.wait_for_timeout(500)
    assert INDEX not in requested
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("actions", delay=20)
    page.locator(".md-search-result__item").first.wait_for()
    assert requested.count(INDEX) == 1
    requested.clear()
    visit.open("standards/suivi-des-actions/?h=actions", f"PMO-STD-801 — Suivi des actions - {SITE}")
    page.locator("mark[data-md-highlight]").first.wait_for()
    assert INDEX in requested


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
    page = visit.page
    visit.open("standards/suivi-des-actions/", f"PMO-STD-801 — Suivi des actions - {SITE}")
    assert standard_meta(page) == ("PMO-STD-801", "1.1.0")
    word = page.locator("#modele-fiche-action ~ p").get_by_role("link", name="Word (.docx)").first
    path = download(page, word, tmp_path)
    assert path.name == "fiche-action-v1.1.0.docx"  # the version in the name: two versions never mix up
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.startswith("Fiche action\n")
    assert "(PMO-STD-801)" in text
    # Every page says which standard, version and edition the template follows.
    footer = "\n".join(p.text for s in document.sections for p in s.footer.paragraphs)
    assert "PMO-STD-801 v1.1.0 — Édition 2024.2" in footer
    assert "PMO-STD-801; 1.1.0;" in document.core_properties.keywords


def test_excel_register_has_its_drop_downs(visit: Visit, tmp_path: Path) -> None:
    page = visit.page
    visit.open("standards/suivi-des-actions/", f"PMO-STD-801 — Suivi des actions - {SITE}")
    excel = page.locator("#modele-registre-des-actions ~ p").get_by_role("link", name="Excel (.xlsx)").first
    path = download(page, excel, tmp_path)
    assert path.name == "registre-des-actions-v1.1.0.xlsx"
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[headers.index("Statut")]
    lists = {str(v.sqref).split(":")[0].rstrip("0123456789"): v.formula1 for v in sheet.data_validations.dataValidation
             if v.type == "list"}
    assert lists[column] == '"Ouverte,En cours,Bloquée,Close"'
    assert "PMO-STD-801; 1.1.0;" in (workbook.properties.keywords or "")


def test_quiz_wrong_then_right_then_kept_and_on_my_path(visit: Visit) -> None:
    page = visit.page
    visit.open(QUIZ, QUIZ_TITLE)
    assert len(quiz_data(page)["questions"]) == 4
    answer_quiz(page, right=False)
    result = page.locator("[data-pmo-result]")
    assert result.inner_text().startswith("✗ Pas encore réussi : 0 bonne réponse sur 4 (0 %)")
    assert "Seuil de réussite : 75 %" in result.inner_text()
    first = page.locator("fieldset[data-pmo-question]").first
    assert first.locator("[data-pmo-feedback]").inner_text() == "✗ Réponse incorrecte."
    assert "✗ votre réponse, incorrecte" in first.inner_text() and "✓ bonne réponse" in first.inner_text()
    # The explanation opens by itself after a wrong answer, with a link to the rule it teaches.
    explanation = first.locator("details[data-pmo-answer]")
    assert explanation.evaluate("d => d.open")
    rule = explanation.locator(".pmo-quiz__covers a").first
    assert rule.is_visible() and rule.get_attribute("href")
    assert page.evaluate("() => JSON.parse(localStorage.getItem('pmo:quiz:quiz-actions')).passed") is False

    page.get_by_role("button", name="Recommencer").click()
    assert page.locator("fieldset[data-pmo-question] input:checked").count() == 0
    answer_quiz(page, right=True)
    assert result.inner_text().startswith("✓ Réussi : 4 bonnes réponses sur 4 (100 %)")
    assert first.locator("[data-pmo-feedback]").inner_text() == "✓ Bonne réponse."

    page.reload()
    assert page.title() == QUIZ_TITLE
    assert re.match(r"Dernière validation le \d\d/\d\d/\d{4}\. ✓ Réussi : 4 bonnes réponses", result.inner_text())
    assert page.locator("fieldset[data-pmo-question] input:checked").count() == sum(
        len(q["correct"]) for q in quiz_data(page)["questions"])

    visit.open("parcours/", f"Mon parcours - {SITE}")
    week = page.locator("[data-pmo-week-status][data-quiz='quiz-actions']")
    assert re.fullmatch(r"✓ Terminé : quiz réussi le \d\d/\d\d/\d{4}\.", week.inner_text())
    assert page.locator("#semaine-1 ~ [data-pmo-week-status]").first.get_attribute("data-quiz") == "quiz-actions"
    assert page.locator("[data-pmo-parcours-progress]").inner_text() == "Semaines terminées : 1 sur 4."
    assert page.locator("[data-pmo-week-status][data-quiz='quiz-revues']").inner_text() == "○ À faire : quiz pas encore tenté."


def test_a_quiz_question_with_the_keyboard_alone(visit: Visit) -> None:
    page = visit.page
    visit.open(QUIZ, QUIZ_TITLE)
    question = quiz_data(page)["questions"][0]

    def focused() -> dict[str, Any]:
        found: dict[str, Any] = page.evaluate("""() => { const e = document.activeElement || document.body; return {
            tag: e.tagName, type: e.type || '', value: e.value || '', text: (e.innerText || '').trim(),
            question: e.closest('fieldset[data-pmo-question]')?.dataset.pmoQuestion || '',
            visible: e.matches(':focus-visible') }; }""")
        return found

    presses = 0
    while presses < 120 and not focused()["question"]:  # from the top of the page, as a keyboard user starts
        page.keyboard.press("Tab")
        presses += 1
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
    assert result.inner_text().startswith("✗ Pas encore réussi : 1 bonne réponse sur 4 (25 %)")
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


def test_gate_checklist_ticks_survive_reload_and_are_shared(visit: Visit) -> None:
    page = visit.page
    visit.open("listes-de-controle/bilan-final/", f"Liste de contrôle\u00a0: Bilan final - {SITE}")
    first = page.locator("form[data-pmo-checklist] input[type=checkbox]").first
    label = page.locator(f"label[for='{first.get_attribute('id')}']")
    assert label.text_content().startswith("Obligatoire ")
    label.click()  # ticking through the label proves the label is tied to its box
    assert first.is_checked()
    assert page.locator("[data-pmo-count]").inner_text().startswith("1 sur 2")
    page.reload()
    first = page.locator("form[data-pmo-checklist] input[type=checkbox]").first
    assert first.is_checked()
    key = first.get_attribute("data-pmo-key")
    assert key == "PMO-STD-802@1.0.0#REV-03"
    assert page.evaluate("k => window.localStorage.getItem('pmo:coche:' + k)", key) == "1"
    # The same item on its standard's page shares the tick: keyed by standard version and item id, not URL.
    visit.open("standards/revue-de-projet/", f"PMO-STD-802 — Revue de projet - {SITE}")
    assert page.locator(f"input[data-pmo-key='{key}']").is_checked()
    visit.open("listes-de-controle/bilan-final/", f"Liste de contrôle\u00a0: Bilan final - {SITE}")
    page.get_by_role("button", name="Tout décocher").click()
    assert not page.locator("form[data-pmo-checklist] input[type=checkbox]").first.is_checked()
    page.reload()
    assert not page.locator("form[data-pmo-checklist] input[type=checkbox]").first.is_checked()


def test_missing_page_gets_the_french_404(visit: Visit) -> None:
    page = visit.page
    response = visit.open("standards/page-qui-n-existe-pas/", f"Page introuvable (erreur 404) - {SITE}")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Page introuvable (erreur 404)"
    assert "La page demandée n’existe pas" in page.locator("article").inner_text()
    # Served from a nested missing path, its styles and links still work: they start at the site root.
    assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    page.get_by_role("link", name="Revenir à l’accueil du Référentiel PMO").click()
    page.wait_for_load_state()
    assert page.title() == SITE
