"""Injection in Chromium: on the hostile site no dialog opens, no handler or script from data exists, the payload
reads as text; the sanitised Markdown runs nothing when clicked."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.code.attacks.hostile import EVASIONS, HOSTILE_PAGES, KS, NAME_OF, PAYLOAD_OF, placed, squash
from tests.support import FixtureProject, answer_quiz, new_visit, open_search, serve

# --- in Chromium: no dialog opens, no handler or script from data exists, the payload reads as text ---------

# Run in the page once it is loaded: what a payload would have become had a script or the page read it as HTML.
_DOM_MARKUP = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const name of el.getAttributeNames()) { if (name.toLowerCase().startsWith('on')) { bad.push(`<${el.localName} ${name}>`); } }
    if (el.localName === 'img' && el.getAttribute('src') === 'x') { bad.push('<img src=x>'); }
    if (el.localName === 'script' && (el.textContent || '').includes('alert(')) { bad.push('<script> alert'); }
    for (const name of ['href', 'src', 'action', 'formaction']) {
      const value = (el.getAttribute(name) || '').replace(/[\\t\\n\\r]/g, '').replace(/^[\\x00-\\x20]+/, '').toLowerCase();
      if (/^(javascript|vbscript|data):/.test(value)) { bad.push(`<${el.localName} ${name}=${value}>`); }
    }
  }
  const titles = document.querySelectorAll('title').length - document.querySelectorAll('svg title').length;
  if (titles !== 1) { bad.push(`${titles} <title>`); }
  return bad;
}"""

# Page -> the fields whose text a reader sees on it (the quiz's feedback once a wrong answer is submitted).
BROWSER_PAGES = {
    "standard": ("TITRE", "RESUME", "OBJECTIF", "PERIMETRE", "EXIGENCE", "EXIGENCEDEUX", "PREUVE", "ACTIVITE", "DOCUMENT",
                               "DESCDOC", "REGISTRE", "DESCREG", "INDICATEUR", "DEFINITION", "CIBLE", "PERIODE", "REFERENCE", "ROLE", "PHASE"),
    "role": ("ROLE", "ROLERESUME"),
    "quiz": ("QUIZ", "QUIZDESC", "QUESTION", "CHOIX", "CHOIXDEUX", "RETOUR", "EXPLICATION"),
    # A gate's list holds the projects' items only: the hostile standards govern the PMO (see pmo/feuille-de-route).
    "jalon": ("JALON", "JALONDESC"),
    "notes-d-edition": ("NOTES", "NOTECHANGE", "TITRE"),
}


class Watched:
    """A fresh browser context and page with every dialog, script error and request leaving 127.0.0.1 recorded."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.context, self.outside, self.page = new_visit(browser, base)
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, path: str) -> Any:
        """Go to a page (goto waits for its load event); what an earlier page recorded is forgotten."""
        self.dialogs.clear()
        self.errors.clear()
        self.page.goto(self.base + path)
        return self.page

    def settle(self) -> None:
        """Hover the heading and every link (an injected onmouseover would fire), then let late handlers run."""
        self.page.locator("h1").first.hover()
        self.page.wait_for_timeout(100)

    def close(self) -> tuple[list[str], list[str], list[str]]:
        self.context.close()
        return self.dialogs, self.errors, self.outside.urls


@pytest.fixture(scope="module")
def hostile_url(hostile: FixtureProject) -> Iterator[str]:
    assert hostile.site is not None
    with serve(hostile.site) as url:
        yield url


@pytest.fixture(scope="module")
def tab(browser: Any, hostile_url: str) -> Iterator[Watched]:
    """One browser tab for the pages of the hostile site, one after the other (a new context per page costs more
    than the page); every test reads what its own page recorded."""
    visit = Watched(browser, hostile_url)
    yield visit
    assert visit.close()[2] == [], "requêtes hors de 127.0.0.1"


def _missing(text: str, k: int, fields: tuple[str, ...]) -> list[str]:
    shown = squash(text)
    return [field for field in fields if squash(f"K{k}{field} {placed(k, field)}") not in shown]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("k", KS, ids=NAME_OF.values())
@pytest.mark.parametrize("kind", BROWSER_PAGES)
def test_hostile_page_runs_nothing_and_shows_the_payload(tab: Watched, kind: str, k: int) -> None:
    visit = tab
    path, title = HOSTILE_PAGES[kind]
    page = visit.open(path.format(k=k))
    if kind == "quiz":
        answer_quiz(page, right=False)  # the feedback and explanations appear: written by quiz.js from the page
    visit.settle()
    assert page.evaluate(_DOM_MARKUP) == []
    assert _missing(page.locator("body").inner_text(), k, BROWSER_PAGES[kind]) == [], "texte de la charge absent ou altéré"
    if title is not None:
        assert squash(page.title()) == squash(title.format(k=k, p=PAYLOAD_OF[k]))
    assert (visit.dialogs, visit.errors) == ([], [])


@pytest.mark.browser
@pytest.mark.slow
def test_search_results_show_every_payload_as_text(browser: Any, hostile_url: str) -> None:
    """Material's search worker writes the index's titles and texts into the page as HTML: they must stay text.
    One page for the nine searches: the worker builds its index once."""
    visit = Watched(browser, hostile_url)
    page = visit.open("standards/")
    shown = {}
    for k in KS:
        page.locator("input.md-search__input").fill("")
        results = open_search(page, f"K{k}RESUME")
        page.wait_for_function("tag => document.querySelector('.md-search-result').textContent.includes(tag)", arg=f"K{k}RESUME")
        shown[k] = squash(f"K{k}RESUME {PAYLOAD_OF[k]}") in squash(results.first.inner_text())
        assert page.evaluate(_DOM_MARKUP) == [], NAME_OF[k]
    assert shown == dict.fromkeys(KS, True)
    assert visit.close() == ([], [], [])


SHARED_PAGES = {
    "reference/glossaire/": ("TERME", "TERMEDEF"),
    "standards/cycle-de-vie/": ("PHASE", "PHASEDESC", "JALON"),
    "roles/matrice-raci/": ("ACTIVITE", "COURT"),
    "listes-de-controle/": ("JALON", "PHASE"),
    "standards/": ("TITRE", "ROLE"),
    "pmo/feuille-de-route/": ("EXIGENCE", "ROLE"),
}


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("path", SHARED_PAGES)
def test_page_gathering_every_payload_runs_nothing(tab: Watched, path: str) -> None:
    page = tab.open(path)
    tab.settle()
    assert page.evaluate(_DOM_MARKUP) == []
    text = page.locator("body").inner_text()
    assert {k: missing for k in KS if (missing := _missing(text, k, SHARED_PAGES[path]))} == {}
    assert (tab.dialogs, tab.errors) == ([], [])


@pytest.mark.browser
@pytest.mark.slow
def test_gate_file_lists_hostile_names_as_text(browser: Any, hostile_url: str) -> None:
    """« Mon dossier de jalon » builds its forms from dossier-referentiel.json with its own script."""
    visit = Watched(browser, hostile_url)
    page = visit.open("listes-de-controle/mon-dossier-de-jalon/")
    page.locator(".pmo-dossier.is-ready").wait_for()
    phases = page.get_by_label("Phase en cours")
    assert [squash(o) for o in phases.locator("option").all_inner_texts()][-len(KS):] == [
        squash(f"K{k}PHASE {PAYLOAD_OF[k]}") for k in KS]
    name = '<img src=x onerror=alert(1)>" onmouseover="alert(2)'
    page.get_by_label("Nom du projet (obligatoire)").fill(name)
    phases.select_option(label=f"K1PHASE {PAYLOAD_OF[1]}")
    page.get_by_role("button", name="Créer le projet", exact=True).click()
    page.wait_for_timeout(300)
    visit.settle()
    assert page.evaluate(_DOM_MARKUP) == []
    body = squash(page.locator("body").inner_text())
    assert squash(name) in body and squash(f"K1JALON {PAYLOAD_OF[1]}") in body
    assert visit.close() == ([], [], [])


@pytest.mark.browser
def test_sanitised_markdown_runs_nothing_when_clicked(browser: Any) -> None:
    """The evasions the validation lets through, rendered by the PMO's Markdown renderer: clicking every link and
    hovering every element opens no dialog."""
    from macros.render.pmo_markdown import to_html  # noqa: PLC0415

    body = "".join(to_html(snippet + "\n") for snippet in EVASIONS.values())
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []

    def record(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()
    page.on("dialog", record)
    page.route("**/*", lambda route: route.abort())
    page.set_content(f"<!doctype html><html><head><title>x</title></head><body>{body}</body></html>")
    for link in page.locator("a").all():
        link.click(modifiers=["Control"], no_wait_after=True)  # a new tab for a real address, a dialog for javascript:
    for element in page.locator("body *").all():
        if element.is_visible():
            element.hover()
    page.wait_for_timeout(200)
    assert page.evaluate(_DOM_MARKUP) == []
    context.close()
    assert dialogs == []
