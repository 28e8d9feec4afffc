"""Page data of the onboarding path: quiz pages, the path, the questions to review."""
from __future__ import annotations

from dataclasses import dataclass, field

from macros.catalog.catalog import Catalog
from macros.catalog.citations import resolve, resolve_model
from macros.catalog.queries import (
    current_items,
    previous_edition,
    role_name,
)
from macros.core import links
from macros.core.text import one_line
from macros.model import tr
from macros.model.quiz import Parcours, Quiz
from macros.pages.common import edition_id_of
from macros.quiz.quizzes import QuizSet, StaleQuestion


@dataclass(frozen=True)
class ItemRef:
    """A checklist item as a quiz page links to it."""

    slug: str
    standard_title: str
    text: str


@dataclass(frozen=True)
class PathPlace:
    """Where a quiz sits in the onboarding path: its week, and whether it is the week's quiz or one to go further."""

    week: int
    module_title: str
    extra: bool


@dataclass(frozen=True)
class QuizPage:
    quiz: Quiz
    src: str
    items: dict[str, ItemRef]
    labels: dict[str, str]
    edition_id: str
    audience: list[str]
    place: PathPlace | None = None  # None for a quiz the path does not offer

    @property
    def nav_title(self) -> str:
        """« Semaine 1 — Le rôle du PMO », « Pour aller plus loin — Devenir chef de projet »: the quiz as the path lists it."""
        title = one_line(tr(self.quiz.title))
        if self.place is None:
            return title
        return f"Pour aller plus loin — {title}" if self.place.extra else f"Semaine {self.place.week} — {title}"


@dataclass(frozen=True)
class BankRow:
    """One quiz in the PMO's bank page: its title, its number of questions, its Moodle XML file."""

    quiz_id: str
    title: str
    questions: int
    file: str


@dataclass(frozen=True)
class QuizBankPage:
    src: str
    edition_id: str
    rows: list[BankRow]


@dataclass(frozen=True)
class TemplateRef:
    slug: str
    standard_label: str
    title: str
    template_id: str


@dataclass(frozen=True)
class ParcoursPage:
    parcours: Parcours
    src: str
    quizzes: dict[str, Quiz]
    labels: dict[str, str]
    templates: dict[str, TemplateRef]
    edition_id: str


@dataclass(frozen=True)
class StaleRow:
    quiz_id: str
    quiz_title: str
    question_id: str
    prompt: str
    item_id: str
    item_slug: str | None
    reason: str


@dataclass(frozen=True)
class StalePage:
    scope: str
    rows: list[StaleRow] = field(default_factory=list)


def _item_refs(cat: Catalog) -> dict[str, ItemRef]:
    out = {}
    titles = {sv.standard.slug: one_line(tr(sv.standard.title)) for sv in cat.current_standards()}
    for item_id, (slug, item) in current_items(cat).items():
        out[item_id] = ItemRef(slug, titles.get(slug, slug), one_line(tr(item.text)))
    return out


def quiz_page(cat: Catalog, quiz: Quiz, labels: dict[str, str], src: str | None = None, place: PathPlace | None = None) -> QuizPage:
    """A quiz as its page and its Moodle bank show it: the case's facts it cites are written in."""
    return QuizPage(resolve_model(cat, quiz), src or links.quiz_page(quiz.id), _item_refs(cat), dict(labels), edition_id_of(cat),
                    [role_name(cat, r) for r in quiz.audience], place)


def path_order(quizset: QuizSet) -> list[tuple[str, PathPlace | None]]:
    """Every quiz in the order of the path: week by week, the week's quiz then those to go further; then, by id, any quiz
    the path does not offer."""
    placed: dict[str, PathPlace] = {}
    for module in sorted(quizset.parcours.modules, key=lambda m: m.week) if quizset.parcours else []:
        title = one_line(tr(module.title))
        placed.setdefault(module.quiz, PathPlace(module.week, title, extra=False))
        for extra in module.extra_quizzes:
            placed.setdefault(extra, PathPlace(module.week, title, extra=True))
    order: list[tuple[str, PathPlace | None]] = [(qid, place) for qid, place in placed.items() if qid in quizset.quizzes]
    return order + [(qid, None) for qid in sorted(quizset.quizzes) if qid not in placed]


def quiz_pages(cat: Catalog, quizset: QuizSet) -> list[QuizPage]:
    """The quiz pages in the order of the path, which is the order of the navigation and of « Précédent / Suivant »."""
    return [quiz_page(cat, quizset.quizzes[qid], quizset.labels, place=place) for qid, place in path_order(quizset)]


def quiz_bank_page(cat: Catalog, quizset: QuizSet) -> QuizBankPage:
    """The PMO's page of the question banks, in the order of the path."""
    rows = [BankRow(qid, one_line(tr(quizset.quizzes[qid].title)), len(quizset.quizzes[qid].questions), links.moodle_file(qid))
            for qid, _ in path_order(quizset)]
    return QuizBankPage(links.QUIZ_BANK_PAGE, edition_id_of(cat), rows)


def parcours_page(cat: Catalog, quizset: QuizSet, parcours: Parcours) -> ParcoursPage:
    templates: dict[str, TemplateRef] = {}
    for sv in cat.current_standards():
        s = sv.standard
        for t in s.templates:
            templates.setdefault(t.id, TemplateRef(s.slug, f"{s.id} — {one_line(tr(s.title))}", one_line(tr(t.title)), t.id))
    return ParcoursPage(parcours, links.PARCOURS_PAGE, dict(quizset.quizzes), dict(quizset.labels), templates, edition_id_of(cat))


def stale_page(cat: Catalog, stale: list[StaleQuestion]) -> StalePage:
    current = cat.current_edition()
    previous = previous_edition(cat, current) if current else None
    scope = (f"entre l'édition {previous.id} et l'édition {current.id}" if current and previous
             else "depuis l'édition précédente")
    items = current_items(cat)
    rows = [StaleRow(e.quiz.id, one_line(tr(e.quiz.title)), e.question.id, one_line(tr(resolve(cat, e.question.prompt))), e.item_id,
                     items[e.item_id][0] if e.item_id in items else None, e.reason) for e in stale]
    return StalePage(scope, rows)
