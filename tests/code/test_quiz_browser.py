"""Quizzes that measure learning, in real Chromium: choices shuffled per attempt and restored after a reload, question
pools drawn per attempt with every topic represented, progress on « Mon parcours », the attestation on one A4 page.

The site is « complet » built once for this module, with one more quiz: a pool of seven questions of which each
attempt draws four, three topics (two of them with a single question, so every draw must hold both), and a true or
false question written « Faux » first. That quiz closes week 3 of the path. Every test opens its own browser context (its
own localStorage) and ends by checking that no request left the test server and that the page logged no error.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.support import FixtureProject, OutsideRequests, new_visit, quiz_data, serve

pytestmark = pytest.mark.browser

SITE = "Projet complet d'essai"
ACTIONS = "parcours/quiz/quiz-actions/"
ACTIONS_TITLE = f"Le suivi des actions - {SITE}"
POOL = "parcours/quiz/quiz-tirage/"
POOL_TITLE = f"Les actions et les revues, au hasard - {SITE}"
PARCOURS = "parcours/"
PARCOURS_TITLE = f"Mon parcours - {SITE}"
ATTEMPTS = 10  # new attempts tried before two shuffles or two draws are called equal (a chance of (1/2)^n or less)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

POOL_QUIZ = """\
id: quiz-tirage
title: Les actions et les revues, au hasard
description: Quatre questions tirées au hasard parmi sept à chaque tentative, une au moins par thème.
audience: [pilote]
pass_mark: 60
draw: 4
topics:
  - id: actions
    name: Le registre des actions
  - id: revues
    name: Les revues
  - id: bilan
    name: Le bilan
questions:
  - id: t-ouverture
    type: single
    topic: actions
    prompt: Quand ouvre-t-on le registre des actions ?
    choices:
      - {id: cadrage, text: Dès le cadrage., correct: true}
      - {id: planification, text: À la planification.}
      - {id: execution, text: Pendant les travaux.}
      - {id: cloture, text: À la clôture.}
    explanation: Le registre s'ouvre dès le cadrage.
    covers: [ACT-01]
  - id: t-contenu
    type: multiple
    topic: actions
    prompt: Que note-t-on pour chaque action ?
    choices:
      - {id: action, text: L'action., correct: true}
      - {id: responsable, text: Son responsable., correct: true}
      - {id: salaire, text: Le salaire du pilote.}
      - {id: salle, text: La salle de réunion.}
    explanation: Chaque action a un responsable.
    covers: [ACT-02]
  - id: t-comite
    type: true_false
    topic: actions
    prompt: Les actions ouvertes sont revues à chaque comité.
    choices:
      - {id: faux, text: Faux}
      - {id: vrai, text: Vrai, correct: true}
    explanation: Le comité revoit chaque action ouverte.
    covers: [ACT-03, guides/preparer-une-revue.md#pendant-la-revue]
  - id: t-bloquee
    type: single
    topic: actions
    scenario: true
    prompt: Une action est bloquée depuis six semaines. Qui prévenez-vous ?
    choices:
      - {id: commanditaire, text: Le commanditaire., correct: true}
      - {id: personne, text: Personne.}
      - {id: equipe, text: L'équipe seulement.}
      - {id: fournisseur, text: Le fournisseur.}
    explanation: Le commanditaire lève les blocages.
    covers: [ACT-05]
  - id: t-revue-cadrage
    type: single
    topic: revues
    scenario: true
    prompt: Que tient-on avant de planifier ?
    choices:
      - {id: revue, text: Une revue de cadrage., correct: true}
      - {id: audit, text: Un audit.}
      - {id: fete, text: Une fête de lancement.}
      - {id: rien, text: Rien de particulier.}
    explanation: La revue de cadrage précède la planification.
    covers: [REV-01]
  - id: t-cloture
    type: single
    topic: actions
    scenario: true
    prompt: Trois actions restent ouvertes à la fin du projet. Qu'en faites-vous ?
    choices:
      - {id: close, text: Je les clos ou je les transfère., correct: true}
      - {id: oubli, text: Je les oublie.}
      - {id: equipe, text: Je les laisse à l'équipe.}
    explanation: Aucune action ne reste en suspens.
    covers: [ACT-04]
  - id: t-finale
    type: multiple
    topic: bilan
    prompt: Qu'apporte la revue finale ?
    choices:
      - {id: bilan, text: Le bilan partagé., correct: true}
      - {id: trace, text: La trace des décisions., correct: true}
      - {id: budget, text: Un budget supplémentaire.}
    explanation: La revue finale partage le bilan.
    covers: [REV-03]
"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """« complet » plus the pooled quiz (week 3 of the path, the old week-3 quiz kept as « pour aller plus loin »),
    built once strictly and served on 127.0.0.1."""
    project = FixtureProject.named("complet").copy(tmp_path_factory.mktemp("quiz-tirage"))
    project.write("quizzes/quiz-tirage.yaml", POOL_QUIZ)
    project.edit("quizzes/parcours.yaml", "    quiz: quiz-roles\n", "    quiz: quiz-tirage\n    extra_quizzes: [quiz-roles]\n")
    with serve(project.build()) as url:
        yield url


@dataclass
class Tab:
    """One browser context and its page, with what the page logged as an error."""

    base: str
    context: Any
    outside: OutsideRequests
    page: Any
    errors: list[str] = field(default_factory=list)

    def open(self, path: str, title: str) -> None:
        self.page.goto(self.base + path)
        assert self.page.title() == title, (path, self.page.title())

    def reload(self, title: str) -> None:
        self.page.reload()
        assert self.page.title() == title


def open_tab(browser: Any, base: str, width: int = 1280) -> Tab:
    context, outside, page = new_visit(browser, base, width)
    tab = Tab(base, context, outside, page)
    page.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: tab.errors.append(str(error)))
    return tab


@pytest.fixture
def tab(browser: Any, site_url: str) -> Iterator[Tab]:
    t = open_tab(browser, site_url)
    yield t
    t.context.close()
    assert t.outside.urls == []
    assert t.errors == []


# --- reading and answering the quiz as shown ---------------------------------------------------------


def shown(page: Any) -> list[str]:
    """The ids of the questions of this attempt, in the order shown."""
    ids: list[str] = page.locator("fieldset[data-pmo-question]:not([hidden])").evaluate_all(
        "fs => fs.map(f => f.dataset.pmoQuestion)")
    return ids


def orders(page: Any) -> dict[str, list[str]]:
    """The choices of each question of this attempt, in the order shown."""
    found: dict[str, list[str]] = page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('fieldset[data-pmo-question]:not([hidden])')].map(f => [f.dataset.pmoQuestion,
          [...f.querySelectorAll('ul.pmo-quiz__choices > li')].map(li => li.dataset.pmoChoice)]))""")
    return found


def ticked(page: Any) -> dict[str, list[str]]:
    """The ticked choices of each question of this attempt, sorted."""
    found: dict[str, list[str]] = page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('fieldset[data-pmo-question]:not([hidden])')].map(f => [f.dataset.pmoQuestion,
          [...f.querySelectorAll('input:checked')].map(i => i.value).sort()]))""")
    return found


def record(page: Any, quiz: str) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate("q => JSON.parse(localStorage.getItem('pmo:quiz:' + q))", quiz)
    return found


def tick(page: Any, right: bool) -> dict[str, list[str]]:
    """Tick, in every question shown, its right choices or the first wrong one shown; returns what was ticked, sorted."""
    correct = {q["id"]: q["correct"] for q in quiz_data(page)["questions"]}
    done = {}
    for qid, choices in orders(page).items():
        fieldset = page.locator(f"fieldset[data-pmo-question='{qid}']")
        done[qid] = sorted(correct[qid]) if right else [next(c for c in choices if c not in correct[qid])]
        for choice in done[qid]:
            fieldset.locator(f"input[value='{choice}']").check()
    return done


def validate(page: Any) -> str:
    page.get_by_role("button", name="Valider mes réponses").click()
    text: str = page.locator("[data-pmo-result]").inner_text()
    return text


def retry(page: Any) -> None:
    page.get_by_role("button", name="Recommencer").click()
    assert page.locator("fieldset[data-pmo-question] input:checked").count() == 0


def check_attempt(page: Any, data: dict[str, Any]) -> None:
    """What every attempt of the pooled quiz must be: the draw's size, each topic, numbered 1 to N, true or false
    as « Vrai » then « Faux », the questions left out hidden and out of the keyboard's way."""
    ids = shown(page)
    topic = {q["id"]: q["topic"] for q in data["questions"]}
    assert len(ids) == data["draw"] == 4
    assert {topic[q] for q in ids} >= set(data["topics"]), ids
    numbers = page.locator("fieldset[data-pmo-question]:not([hidden]) [data-pmo-number]").all_inner_texts()
    assert numbers == [f"Question {n} sur 4." for n in (1, 2, 3, 4)]
    assert page.locator("fieldset[data-pmo-question][hidden] input:not([disabled])").count() == 0
    if "t-comite" in ids:
        assert orders(page)["t-comite"] == ["vrai", "faux"]
    attempt = record(page, "quiz-tirage")["attempt"]
    assert attempt["asked"] == ids and attempt["order"] == orders(page)


# --- choices ---------------------------------------------------------------------------------------


def test_choices_are_shuffled_per_attempt_and_restored_after_a_reload(tab: Tab) -> None:
    page = tab.page
    tab.open(ACTIONS, ACTIONS_TITLE)
    data = quiz_data(page)
    assert data["shuffle"] is True and data["draw"] is None
    first = orders(page)
    assert list(first) == [q["id"] for q in data["questions"]]  # a quiz without a draw asks everything, in order
    for q in data["questions"]:
        if q["type"] == "true_false":
            assert first[q["id"]] == ["vrai", "faux"], "vrai ou faux : toujours « Vrai » puis « Faux »"
    # The attempt is recorded as soon as it is shown, but « Mon parcours » does not count it as started.
    saved = record(page, "quiz-actions")
    assert saved["attempt"]["order"] == first and saved["attempt"]["done"] is False and "score" not in saved

    # Ticks not yet validated survive a reload, in the same order.
    page.locator("fieldset[data-pmo-question='q-registre'] input[value='cadrage']").check()
    page.locator("fieldset[data-pmo-question='q-contenu'] input").first.check()
    half = {"q-registre": ["cadrage"], "q-contenu": [first["q-contenu"][0]]}
    tab.reload(ACTIONS_TITLE)
    assert orders(page) == first
    assert {k: v for k, v in ticked(page).items() if v} == half
    assert page.get_by_role("button", name="Valider mes réponses").is_visible()

    # Validated: the result and the answers come back after a reload, choices in the attempt's order.
    page.locator("fieldset[data-pmo-question='q-contenu'] input").first.uncheck()
    answers = tick(page, right=False)
    assert validate(page).startswith("✗ Pas encore réussi : 0 bonne réponse sur 4 (0 %)")
    tab.reload(ACTIONS_TITLE)
    assert orders(page) == first
    assert ticked(page) == answers
    assert re.match(r"Dernière validation le \d\d/\d\d/\d{4}\. ✗ Pas encore réussi : 0 bonne réponse sur 4",
                    page.locator("[data-pmo-result]").inner_text())
    assert record(page, "quiz-actions")["attempt"] == {"asked": list(first), "order": first, "done": True}

    # « Recommencer » draws a new order (tried again until it differs: an equal shuffle is possible, if rare).
    again = first
    for _ in range(ATTEMPTS):
        retry(page)
        again = orders(page)
        if again != first:
            break
    assert again != first, f"{ATTEMPTS} tentatives avec le même ordre des réponses"
    assert any(again[q] != first[q] for q in first)
    for q in data["questions"]:
        if q["type"] == "true_false":
            assert again[q["id"]] == ["vrai", "faux"]
    # The new order is kept within the attempt: a reload before validating shows it again.
    tab.reload(ACTIONS_TITLE)
    assert orders(page) == again
    assert "votre résultat précédent (0 %) reste enregistré" in page.locator("[data-pmo-result]").inner_text()
    answers = tick(page, right=True)
    assert validate(page).startswith("✓ Réussi : 4 bonnes réponses sur 4 (100 %)")
    tab.reload(ACTIONS_TITLE)
    assert orders(page) == again and ticked(page) == answers

    tab.open(PARCOURS, PARCOURS_TITLE)
    assert re.fullmatch(r"✓ Terminé : quiz réussi le \d\d/\d\d/\d{4}\.",
                        page.locator("[data-pmo-week-status][data-quiz='quiz-actions']").inner_text())
    assert page.locator("[data-pmo-parcours-progress]").inner_text() == "Semaines terminées : 1 sur 4."


def test_a_record_without_attempt_still_loads(tab: Tab) -> None:
    """A record saved before attempts were kept: its answers come back, and the attempt is added to it."""
    page = tab.page
    tab.open(ACTIONS, ACTIONS_TITLE)
    old = {"answers": {"q-registre": ["cadrage"], "q-contenu": ["action", "responsable"], "q-comite": ["vrai"],
                       "q-bloquee": ["vrai"]}, "passed": True, "score": 75, "date": "2026-11-20", "edition": "2024.2"}
    page.evaluate("r => localStorage.setItem('pmo:quiz:quiz-actions', JSON.stringify(r))", old)
    tab.reload(ACTIONS_TITLE)
    assert ticked(page) == old["answers"]
    assert page.locator("[data-pmo-result]").inner_text().startswith(
        "Dernière validation le 20/11/2026. ✓ Réussi : 3 bonnes réponses sur 4 (75 %)")
    saved = record(page, "quiz-actions")
    assert {k: saved[k] for k in old} == old
    assert saved["attempt"]["done"] is True and saved["attempt"]["order"] == orders(page)
    tab.reload(ACTIONS_TITLE)
    assert orders(page) == saved["attempt"]["order"]
    tab.open(PARCOURS, PARCOURS_TITLE)
    assert page.locator("[data-pmo-week-status][data-quiz='quiz-actions']").inner_text() == "✓ Terminé : quiz réussi le 20/11/2026."


# --- question pools --------------------------------------------------------------------------------


def test_a_pool_draws_other_questions_each_attempt_with_every_topic(tab: Tab) -> None:
    page = tab.page
    tab.open(POOL, POOL_TITLE)
    data = quiz_data(page)
    assert data["draw"] == 4 and len(data["questions"]) == 7 and data["topics"] == ["actions", "revues", "bilan"]
    assert "dont 4 sont tirées au hasard à chaque tentative" in page.locator("article").inner_text()
    check_attempt(page, data)
    first = shown(page)
    first_orders = orders(page)
    tab.reload(POOL_TITLE)
    assert shown(page) == first and orders(page) == first_orders

    # Wrong everywhere: « À revoir » names the questions by their number in this attempt and links to them.
    tick(page, right=False)
    result = validate(page)
    assert result.startswith("✗ Pas encore réussi : 0 bonne réponse sur 4 (0 %)")
    links = page.locator("[data-pmo-result] a").evaluate_all("links => links.map(a => [a.textContent, a.getAttribute('href')])")
    assert links == [[f"question {n}", f"#pmo-q-{qid}"] for n, qid in enumerate(first, 1)]
    page.locator("[data-pmo-result] a").nth(2).click()
    assert page.evaluate("() => location.hash") == f"#pmo-q-{first[2]}"
    assert page.locator(f"#pmo-q-{first[2]}").is_visible()
    assert set(record(page, "quiz-tirage")["answers"]) == set(first)

    # « Recommencer » draws again: another set of questions, every topic still there.
    drawn = [first]
    for _ in range(ATTEMPTS):
        retry(page)
        check_attempt(page, data)
        drawn.append(shown(page))
        if set(drawn[-1]) != set(first):
            break
    assert set(drawn[-1]) != set(first), f"{ATTEMPTS} tirages des mêmes questions : {drawn}"
    assert all({"t-revue-cadrage", "t-finale"} <= set(ids) for ids in drawn)  # alone in their topic: in every draw
    # The focus goes to the first choice shown of the first question drawn.
    assert page.evaluate("""() => { const e = document.activeElement;
        return e.closest('li') === e.closest('fieldset').querySelector('ul.pmo-quiz__choices > li')
            && e.closest('fieldset').dataset.pmoQuestion; }""") == drawn[-1][0]
    # The keyboard goes from one question drawn to the next, never into a question left out.
    def focused() -> str | None:
        found: str | None = page.evaluate("() => document.activeElement.closest('fieldset')?.dataset.pmoQuestion || null")
        return found

    for _ in range(5):  # the boxes of a multiple-choice question are one Tab each; a radio group is one
        page.keyboard.press("Tab")
        if focused() != drawn[-1][0]:
            break
    assert focused() == drawn[-1][1]

    second = shown(page)
    second_orders = orders(page)
    tab.reload(POOL_TITLE)
    assert shown(page) == second and orders(page) == second_orders
    tick(page, right=True)
    assert validate(page).startswith("✓ Réussi : 4 bonnes réponses sur 4 (100 %)")
    assert page.locator("[data-pmo-result] a").count() == 0
    tab.reload(POOL_TITLE)
    assert shown(page) == second
    assert re.match(r"Dernière validation le \d\d/\d\d/\d{4}\. ✓ Réussi : 4 bonnes réponses sur 4",
                    page.locator("[data-pmo-result]").inner_text())

    # « Mon parcours » keeps the progress, by quiz id, whatever questions were drawn.
    tab.open(PARCOURS, PARCOURS_TITLE)
    week = page.locator("[data-pmo-week-status][data-quiz='quiz-tirage']")
    assert re.fullmatch(r"✓ Terminé : quiz réussi le \d\d/\d\d/\d{4}\.", week.inner_text())
    assert page.locator("#semaine-3 ~ [data-pmo-week-status]").first.get_attribute("data-quiz") == "quiz-tirage"
    assert page.locator("[data-pmo-parcours-progress]").inner_text() == "Semaines terminées : 1 sur 4."
    assert page.locator("[data-pmo-attestation-result='quiz-tirage']").inner_text().startswith("✓ Réussi le ")
    # A quiz only opened is not started.
    tab.open("parcours/quiz/quiz-revues/", f"Les revues de projet - {SITE}")
    tab.open(PARCOURS, PARCOURS_TITLE)
    assert page.locator("[data-pmo-week-status][data-quiz='quiz-revues']").inner_text() == "○ À faire : quiz pas encore tenté."
    assert page.locator("[data-pmo-attestation-result='quiz-revues']").inner_text() == "Non commencé"


def test_result_is_announced_and_the_quiz_has_no_axe_violation(browser: Any, site_url: str, tmp_path: Path) -> None:
    """axe-core on the pooled quiz (new attempt, then corrected) at 1280 and 320 px; the result is a live region that
    takes the focus; no sideways scrolling at 320 px. Screenshots are left in the test's temporary folder."""
    axe = Axe()
    for width in (1280, 320):
        t = open_tab(browser, site_url, width)
        page = t.page
        try:
            t.open(POOL, POOL_TITLE)
            page.screenshot(path=tmp_path / f"quiz-{width}.png", full_page=True)
            found = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
            assert found.response["violations"] == [], found.generate_report()
            tick(page, right=False)
            validate(page)
            result = page.locator("[data-pmo-result]")
            assert result.get_attribute("role") == "status" and result.get_attribute("aria-live") == "polite"
            assert page.evaluate("() => document.activeElement.hasAttribute('data-pmo-result')")
            page.screenshot(path=tmp_path / f"quiz-corrige-{width}.png", full_page=True)
            found = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
            assert found.response["violations"] == [], found.generate_report()
            overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"à {width} px, la page défile horizontalement de {overflow} px"
            t.open(PARCOURS, PARCOURS_TITLE)
            page.screenshot(path=tmp_path / f"parcours-{width}.png", full_page=True)
            overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"à {width} px, « Mon parcours » défile horizontalement de {overflow} px"
            # The attestation's table fits the screen too: no result hidden behind a sideways scroll.
            table = page.locator(".pmo-attestation table").evaluate(
                "t => { const w = t.closest('.md-typeset__scrollwrap') || t; return w.scrollWidth - w.clientWidth; }")
            assert table <= 0, f"à {width} px, le tableau de l'attestation défile horizontalement de {table} px"
        finally:
            t.context.close()
        assert t.outside.urls == [] and t.errors == []


# --- the attestation -------------------------------------------------------------------------------


def pdf_pages(path: Path) -> tuple[int, str, list[str]]:
    """Number of pages, page size and text of each page of a PDF, read by poppler's pdfinfo and pdftotext."""
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        pytest.fail("pdfinfo et pdftotext sont absents : installez le paquet Debian poppler-utils")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)$", info, re.M)
    size = re.search(r"^Page size:\s+(.*)$", info, re.M)
    assert pages and size, info
    count = int(pages.group(1))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return count, size.group(1), [" ".join(p.split()) for p in text.split("\f")[:count]]


def test_attestation_prints_alone_on_one_a4_page(tab: Tab, tmp_path: Path) -> None:
    page = tab.page
    tab.open(ACTIONS, ACTIONS_TITLE)
    tick(page, right=True)
    validate(page)
    tab.open(PARCOURS, PARCOURS_TITLE)
    page.locator("#pmo-attestation-nom").fill("Camille Martin")

    # « Imprimer l'attestation »: the print dialog is replaced by a PDF of the page as it would print.
    page.evaluate("() => { window.print = () => {}; }")
    page.get_by_role("button", name="Imprimer l’attestation").click()
    assert page.evaluate("() => document.documentElement.classList.contains('pmo-print-attestation')")
    page.pdf(path=tmp_path / "attestation.pdf", format="A4")
    count, size, texts = pdf_pages(tmp_path / "attestation.pdf")
    assert count == 1, f"l'attestation tient sur {count} pages : {texts}"
    assert "(A4)" in size, size
    text = texts[0]
    assert text.startswith("Attestation d’auto-évaluation"), text
    for part in ("auto-évaluation", "édition 2024.2", "Camille Martin", "Résultats des quiz du parcours", "Le suivi des actions",
                 "✓ Réussi le", "Semaines terminées : 1 sur 4.", "Le bilan"):
        assert part in text, (part, text)
    for part in ("Mon parcours", "Semaine 1 :", "Imprimer", "Proposer une modification", "Valider"):
        assert part not in text, (part, text)

    # The whole page printed (the browser's own menu): the attestation starts a page, its title with its content.
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert not page.evaluate("() => document.documentElement.classList.contains('pmo-print-attestation')")
    page.pdf(path=tmp_path / "parcours.pdf", format="A4")
    count, _, texts = pdf_pages(tmp_path / "parcours.pdf")
    assert count > 1 and "Mon parcours" in texts[0]
    holding = [n for n, t in enumerate(texts) if "Attestation d’auto-évaluation" in t]
    assert len(holding) == 1, texts
    text = texts[holding[0]]
    assert text.startswith("Attestation d’auto-évaluation"), text
    assert "Résultats des quiz du parcours" in text and "Semaines terminées : 1 sur 4." in text, text
