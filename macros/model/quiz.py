"""Onboarding quizzes and the 4-week path: questions with stable ids, what each one covers, the modules."""
from __future__ import annotations

from pydantic import Field

from macros.model.base import EditionId, Model, QuestionTypeValue, RoleId, Slug, Text

# A covers entry is a checklist item id (RSK-03) or a docs page with an optional anchor
# (guides/mettre-en-place-un-pmo.md#etape-1); its format and target are checked by macros.quiz.quizzes,
# which can say in French which of the two forms was meant.
CoversTarget = str


class Choice(Model):
    """One answer a reader can pick; its id is stable, so recorded answers survive reordering."""

    id: Slug
    text: Text
    correct: bool = False
    feedback: Text | None = None


class Question(Model):
    """One question: its id is the key of the reader's recorded answer, never its position."""

    id: Slug
    type: QuestionTypeValue
    prompt: Text
    choices: list[Choice] = Field(min_length=2)
    explanation: Text
    covers: list[CoversTarget] = Field(min_length=1)
    topic: Slug | None = None  # one of the quiz's topics: each attempt draws at least one question per topic
    scenario: bool = False  # a situation to act on (« Vous êtes chef de projet… que faites-vous ? »), not recall
    # The edition the PMO last reviewed this question against: a change of a covered item in that
    # edition (or earlier) no longer makes the question stale.
    reviewed: EditionId | None = None


class Topic(Model):
    """A theme of a quiz: a pooled quiz asks at least one question of each theme per attempt."""

    id: Slug
    name: Text


class Quiz(Model):
    """One quiz, as written in quizzes/<id>.yaml."""

    id: Slug
    title: Text
    description: Text | None = None
    audience: list[RoleId] = Field(min_length=1)
    pass_mark: int = Field(ge=1, le=100)
    # Choices are shown in a new order at each attempt (the file's order never gives the answer away).
    shuffle: bool = True
    draw: int | None = Field(default=None, ge=1)  # questions asked per attempt, drawn from the bank
    topics: list[Topic] = []
    questions: list[Question] = Field(min_length=1)


class Module(Model):
    """One week of the onboarding path: pages to read, templates to try, the quiz that closes it."""

    id: Slug
    week: int = Field(ge=1, le=4)
    title: Text
    summary: Text | None = None
    pages: list[str] = Field(min_length=1)
    templates: list[Slug] = []
    quiz: Slug
    # Quizzes « pour aller plus loin »: offered with the week, not needed to complete it.
    extra_quizzes: list[Slug] = []


class Parcours(Model):
    """The onboarding path, as written in quizzes/parcours.yaml: exactly four weeks."""

    title: Text
    intro: Text | None = None
    modules: list[Module] = Field(min_length=4, max_length=4)
