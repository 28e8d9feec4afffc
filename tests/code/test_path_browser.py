"""The learner's path and what the PMO keeps apart, in real Chromium on « complet »: the quizzes week by week in the
menu and « Précédent / Suivant », no answer bank offered to a learner, the PMO's quiz pages under /pmo/, a French
footer, the attestation inside its frame on a phone, and, on a variant publishing a version ahead of its date, the
« à venir » pages; axe-core finds nothing on any of these pages at 1280 and 320 px."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.support import FixtureProject, Visit, checked_visit, serve

pytestmark = pytest.mark.browser

SITE = "Projet complet d'essai"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The path of « complet » (quizzes/parcours.yaml): one quiz a week.
WEEKS = [("parcours/quiz/quiz-actions/", "Semaine 1 — Le suivi des actions"), ("parcours/quiz/quiz-revues/", "Semaine 2 — Les revues de projet"),
         ("parcours/quiz/quiz-roles/", "Semaine 3 — Les rôles"), ("parcours/quiz/quiz-bilan/", "Semaine 4 — Le bilan")]


@pytest.fixture
def visit(browser: Any, complet_url: str) -> Iterator[Visit]:
    with checked_visit(browser, complet_url) as v:
        yield v


def _footer_link(page: Any, direction: str) -> tuple[str, str]:
    link = page.locator(f"a.md-footer__link--{direction}")
    return link.get_attribute("aria-label"), link.get_attribute("href")


def test_next_and_previous_follow_the_path_week_by_week(visit: Visit) -> None:
    page = visit.page
    visit.open("parcours/", f"Mon parcours - {SITE}")
    # The menu lists the quizzes under « Mon parcours », in the order of the weeks, by week and title.
    nav = page.locator("nav.md-nav--primary li.md-nav__item--active a.md-nav__link").all_inner_texts()
    assert [" ".join(t.split()) for t in nav if t.strip().startswith("Semaine")] == [title for _, title in WEEKS]
    for n, (path, title) in enumerate(WEEKS):
        label, _ = _footer_link(page, "next")
        assert label == f"Suivant\u00a0: {title}"
        page.locator("a.md-footer__link--next").click()
        assert page.url == visit.base + path
        previous = "Mon parcours" if n == 0 else WEEKS[n - 1][1]
        assert _footer_link(page, "prev")[0] == f"Précédent\u00a0: {previous}"
        # A learner's page offers no answer bank: no Moodle XML, no link into the PMO's pages.
        hrefs = page.locator("article a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert not [h for h in hrefs if h and (".xml" in h or "/pmo/" in h or h.startswith("../../../pmo"))], hrefs
        assert page.get_by_text("du parcours\u00a0: ", exact=False).count() == 1


def test_the_pmo_finds_the_banks_and_the_questions_to_review_outside_the_path(visit: Visit) -> None:
    page = visit.page
    visit.open("pmo/banque-de-questions/", f"Banque de questions - {SITE}")
    links = page.locator("article a[download]")
    assert links.evaluate_all("links => links.map(a => [a.getAttribute('href'), a.getAttribute('download')])") == [
        [f"{qid}-moodle.xml", f"{qid}-moodle-v2024.2.xml"] for qid in ("quiz-actions", "quiz-revues", "quiz-roles", "quiz-bilan")]
    with page.expect_download() as download:
        links.first.click()
    assert download.value.suggested_filename == "quiz-actions-moodle-v2024.2.xml"
    page.locator("article").get_by_role("link", name="questions à revoir", exact=True).click()
    assert page.url == visit.base + "pmo/questions-a-revoir/"
    assert page.title() == f"Questions à revoir - {SITE}"


def test_footer_is_french(visit: Visit) -> None:
    visit.open("", f"{SITE}")
    meta = " ".join(visit.page.locator(".md-footer-meta").inner_text().split())
    assert meta == "Projet d'essai des tests Site produit avec MkDocs et Material for MkDocs."
    assert "Made with" not in visit.page.content()


@pytest.mark.parametrize("width", [375, 320])
def test_the_attestation_fits_its_frame_on_a_phone(browser: Any, complet_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(complet_url + "parcours/")
    page.wait_for_function("document.querySelector('.pmo-attestation table') !== null")
    frame = page.locator(".pmo-attestation").bounding_box()
    table = page.locator(".pmo-attestation table").bounding_box()
    assert frame["x"] < table["x"] and table["x"] + table["width"] < frame["x"] + frame["width"], (frame, table)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


# --- a version published ahead of its date -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def upcoming_url(variante: FixtureProject) -> Iterator[str]:
    """« complet » whose edition 2024.2 (16 September 2024) publishes suivi-des-actions 1.1.0 for 14 October 2024, built
    once for the session (tests/conftest.py)."""
    assert variante.site is not None
    with serve(variante.site) as url:
        yield url


def test_upcoming_version_pages_say_when_it_applies(browser: Any, upcoming_url: str) -> None:
    visit = Visit(browser, upcoming_url)
    visit.open("standards/suivi-des-actions/", f"PMO-STD-801 — Suivi des actions - {SITE}")
    meta = " ".join(visit.page.locator("dl.pmo-meta").inner_text().split())
    assert "Statut À venir — entre en vigueur le 14 octobre 2024" in meta and "Entre en vigueur le 14 octobre 2024" in meta
    visit.page.get_by_role("link", name="version 1.0.0").first.click()
    assert visit.page.url == upcoming_url + "standards/suivi-des-actions/1.0.0/"
    assert "reste en vigueur" in visit.page.locator(".pmo-banner").inner_text()
    assert visit.close() == []


PAGES = {
    "parcours": ("parcours/", "Mon parcours"),
    "quiz": ("parcours/quiz/quiz-actions/", "Le suivi des actions"),
    "banque": ("pmo/banque-de-questions/", "Banque de questions"),
    "a-revoir": ("pmo/questions-a-revoir/", "Questions à revoir"),
    "a-venir": ("standards/suivi-des-actions/", "PMO-STD-801 — Suivi des actions"),
    "en-vigueur-jusqu-a": ("standards/suivi-des-actions/1.0.0/", "PMO-STD-801 — Suivi des actions (version 1.0.0)"),
    "liste-de-jalon": ("listes-de-controle/feu-vert-planification/", None),
}


# Every page at 1280 px; at 320 px those whose layout is new (the banner and badge of an upcoming version, the bank's
# table); the path and the quiz are checked at 320 px on the real site (tests/content/test_accessibility.py).
AXE_CASES = [(name, 1280) for name in PAGES] + [("a-venir", 320), ("banque", 320), ("liste-de-jalon", 320)]


@pytest.mark.parametrize(("name", "width"), AXE_CASES)
def test_no_axe_violation_on_the_pages_touched(browser: Any, upcoming_url: str, name: str, width: int) -> None:
    path, title = PAGES[name]
    context = browser.new_context(viewport={"width": width, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(upcoming_url + path)
    if title is not None:
        assert page.title() == f"{title} - {SITE}"
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    found = [f"{v['id']} {' '.join(n['target'])} : {n['html'][:160]}" for v in results.response["violations"] for n in v["nodes"]]
    assert found == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
