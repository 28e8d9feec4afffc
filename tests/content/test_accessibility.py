"""axe-core in real Chromium on one page of every kind and state, at 1280 and 320 px: no WCAG 2.2 A/AA violation.

axe-core comes bundled in the axe-playwright-python wheel (axe.min.js) and is injected into the page: nothing
is fetched from the network. The only findings let through are listed, with their reason, in
tests/content/a11y_exemptions.py. At 320 px the page must not scroll sideways either (WCAG 1.4.10, which axe does not test).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.content.a11y_exemptions import EXEMPTIONS, Exemption
from tests.support import answer_quiz, new_visit, open_search

pytestmark = pytest.mark.browser

SITE = "Référentiel PMO"
QUIZ = "parcours/quiz/role-du-pmo/"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (1280, 320)


@dataclass(frozen=True)
class State:
    """A page in a given state: where to go, the title it must have, what to do before the check."""

    path: str
    title: str
    act: Callable[[Any], None] | None = None


def _tick_first_item(page: Any) -> None:
    page.locator("form[data-pmo-checklist] input[type=checkbox]").first.check()


def _wrong(page: Any) -> None:
    answer_quiz(page, right=False)


def _right(page: Any) -> None:
    answer_quiz(page, right=True)


def _search(page: Any) -> None:
    open_search(page, "risques")


STATES = {
    "accueil": State("", SITE),
    "standard": State("standards/gestion-des-risques/", f"PMO-STD-005 — Gestion des risques - {SITE}"),
    "liste-de-controle": State("listes-de-controle/passage-en-execution/",
                               f"Liste de contrôle\u00a0: Passage en exécution - {SITE}", _tick_first_item),
    "role": State("roles/chef-de-projet/", f"Chef de projet - {SITE}"),
    "matrice-raci": State("roles/matrice-raci/", f"Matrice RACI - {SITE}"),
    "modeles": State("modeles/", f"Catalogue des modèles - {SITE}"),
    "notes-d-edition": State("editions/", ""),  # path and title found in the built site, see edition_notes()
    "quiz-avant": State(QUIZ, f"Le rôle du PMO - {SITE}"),
    "quiz-mauvaise-reponse": State(QUIZ, f"Le rôle du PMO - {SITE}", _wrong),
    "quiz-bonne-reponse": State(QUIZ, f"Le rôle du PMO - {SITE}", _right),
    "mon-parcours": State("parcours/", f"Mon parcours - {SITE}"),  # after a passed quiz, see test_page
    "banque-de-questions": State("pmo/banque-de-questions/", f"Banque de questions - {SITE}"),
    "questions-a-revoir": State("pmo/questions-a-revoir/", f"Questions à revoir - {SITE}"),
    "recherche": State("", SITE, _search),
    "404": State("page-introuvable/", f"Page introuvable (erreur 404) - {SITE}"),
}
# The dark scheme recolours everything: checked on the pages with the most colours of their own, at 1280 px
# (colours do not change with the width), and on the home page at both widths.
DARK = ("accueil", "standard", "liste-de-controle", "quiz-mauvaise-reponse", "mon-parcours", "recherche")
CASES = [pytest.param(name, width, "light", id=f"{name}-{width}-clair") for name in STATES for width in WIDTHS] + [
    pytest.param(name, 1280, "dark", id=f"{name}-1280-sombre") for name in DARK] + [
    pytest.param("accueil", 320, "dark", id="accueil-320-sombre")]


@pytest.fixture(scope="module")
def axe() -> Any:
    return Axe()


def edition_notes(site: Path) -> State:
    """The release notes of the latest edition, if the site has any."""
    pages = sorted(site.glob("editions/*/index.html"), key=lambda p: [int(n) if n.isdigit() else n for n in p.parent.name.split(".")])
    if not pages:
        pytest.skip("le site n'a encore aucune page de notes d'édition (editions/<édition>/) : rien à vérifier")
    edition = pages[-1].parent.name
    return State(f"editions/{edition}/", f"Nouveautés de l\u2019édition {edition} - {SITE}")  # the typographic apostrophe


def exempt(page: Any, rule: str, node: dict[str, Any], exemptions: tuple[Exemption, ...]) -> bool:
    scopes = [e.scope for e in exemptions if e.rule == rule]
    if not scopes or len(node["target"]) != 1:  # a target in a frame or shadow root is never exempt
        return False
    return page.evaluate("([target, scopes]) => { const el = document.querySelector(target);"
                         " return !!el && scopes.some(s => el.closest(s) !== null); }", [node["target"][0], scopes])


def violations(page: Any, axe: Any) -> list[str]:
    """axe-core's WCAG 2.2 A/AA violations on the page as it is now, less the listed exemptions, one line per element."""
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            if exempt(page, violation["id"], node, EXEMPTIONS):
                continue
            checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
            message = checks[0]["message"] if checks else violation["help"]
            found.append(f"{violation['id']} ({violation['impact']}) {' '.join(node['target'])} : {message}\n"
                         f"    {node['html'][:200]}")
    return found


@pytest.mark.parametrize(("name", "width", "scheme"), CASES)
def test_page(browser: Any, real_url: str, real_site: Path, axe: Any, name: str, width: int, scheme: str) -> None:
    state = edition_notes(real_site) if name == "notes-d-edition" else STATES[name]
    context, outside, page = new_visit(browser, real_url, width, scheme)
    try:
        if name == "mon-parcours":  # with a week done, the page shows all its marks
            page.goto(real_url + QUIZ)
            assert page.title() == f"Le rôle du PMO - {SITE}"
            answer_quiz(page, right=True)
        page.goto(real_url + state.path)
        assert page.title() == state.title
        expected_scheme = "slate" if scheme == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected_scheme
        if state.act:
            state.act(page)
        found = violations(page, axe)
        assert found == [], f"{len(found)} violation(s) axe-core sur {state.path or '/'} :\n" + "\n".join(found)
        if width == 320:
            overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"à 320 px, la page défile horizontalement de {overflow} px (WCAG 1.4.10)"
    finally:
        context.close()
    assert outside.urls == []


def test_exemptions_are_precise(browser: Any, real_url: str, axe: Any) -> None:
    context, outside, page = new_visit(browser, real_url)
    try:
        page.goto(real_url)
        assert page.title() == SITE
        page.evaluate(axe.axe_script)
        rules = set(page.evaluate("() => axe.getRules().map(r => r.ruleId)"))
        assert "color-contrast" in rules and "target-size" in rules
        for exemption in EXEMPTIONS:
            assert exemption.rule in rules, f"règle axe-core inconnue : {exemption.rule}"
            assert page.evaluate("s => { try { document.querySelector(s); return true; } catch (e) { return false; } }",
                                 exemption.scope), f"sélecteur CSS invalide : {exemption.scope}"
            assert exemption.scope.strip() not in ("", "*", "html", "body"), f"portée trop large : {exemption.scope}"
            assert len(exemption.reason) >= 30, f"raison trop courte pour {exemption.rule} ({exemption.scope})"
    finally:
        context.close()
    assert outside.urls == []
