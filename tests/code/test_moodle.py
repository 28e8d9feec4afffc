"""Moodle XML export of a quiz: what a platform imports is the same quiz, with the right answers scored right."""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pytest

from macros.core.vocabulary import QuestionType
from macros.model import tr
from macros.model.quiz import Question, Quiz
from macros.render.files.moodle import fraction, quiz_moodle_xml
from tests.support import FixtureProject


def _plain(element: ET.Element | None) -> str:
    """The text Moodle shows for a <text> holding HTML: the data, once unescaped, without the paragraph."""
    assert element is not None
    raw = element.findtext("text") or ""
    return html.unescape(re.sub(r"^<p>|</p>$", "", raw))


@pytest.fixture(scope="module")
def quizzes(complet: FixtureProject) -> dict[str, Quiz]:
    loaded = complet.load()
    assert loaded.quizzes is not None
    return loaded.quizzes.quizzes


def _bank(quiz: Quiz) -> dict[str, ET.Element]:
    root = ET.fromstring(quiz_moodle_xml(quiz, "2021.1"))
    assert root.tag == "quiz"
    category, *questions = root.findall("question")
    assert category.get("type") == "category"
    assert category.findtext("category/text") == f"$course$/top/Référentiel PMO/{tr(quiz.title)} (2021.1)"
    return {q.findtext("name/text") or "": q for q in questions}


def test_every_question_is_exported_once_under_its_stable_id(quizzes: dict[str, Quiz]) -> None:
    for quiz in quizzes.values():
        bank = _bank(quiz)
        assert list(bank) == [q.id for q in quiz.questions]
        for question in quiz.questions:
            exported = bank[question.id]
            assert exported.findtext("idnumber") == question.id
            assert _plain(exported.find("questiontext")) == " ".join(tr(question.prompt).split())
            assert _plain(exported.find("generalfeedback")) == " ".join(tr(question.explanation).split())


def _scores(question: Question, exported: ET.Element) -> dict[str, float]:
    """Each choice's text with the fraction Moodle gives it."""
    if question.type == QuestionType.TRUE_FALSE:
        words = {"vrai": "true", "faux": "false"}
        by_word = {a.findtext("text"): float(a.get("fraction", "nan")) for a in exported.findall("answer")}
        return {c.id: by_word[words[c.id]] for c in question.choices}
    by_text = {_plain(a): float(a.get("fraction", "nan")) for a in exported.findall("answer")}
    return {c.id: by_text[" ".join(tr(c.text).split())] for c in question.choices}


def test_right_answers_score_full_marks_and_wrong_ones_cost(quizzes: dict[str, Quiz]) -> None:
    seen = set()
    for quiz in quizzes.values():
        bank = _bank(quiz)
        for question in quiz.questions:
            exported = bank[question.id]
            scores = _scores(question, exported)
            right = [c.id for c in question.choices if c.correct]
            wrong = [c.id for c in question.choices if not c.correct]
            # Ticking exactly the right answers gives 100 %; any wrong tick lowers the mark.
            assert sum(scores[c] for c in right) == pytest.approx(100, abs=0.01)
            assert all(scores[c] <= 0 for c in wrong)
            seen.add(question.type)
            if question.type == QuestionType.TRUE_FALSE:
                assert exported.get("type") == "truefalse"
            else:
                assert exported.get("type") == "multichoice"
                assert exported.findtext("single") == ("true" if question.type == QuestionType.SINGLE else "false")
            if question.type == QuestionType.MULTIPLE:
                # Ticking every box is never a pass: the wrong ones take back all the marks.
                assert sum(scores.values()) <= 0.01
    assert seen == {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE}


def test_fractions_are_written_as_moodle_reads_them() -> None:
    assert [fraction(x) for x in (100, 50, 100 / 3, -100 / 3, 0, -0.0)] == ["100", "50", "33.33333", "-33.33333", "0", "0"]


def test_markup_in_the_data_stays_text(quizzes: dict[str, Quiz]) -> None:
    quiz = next(iter(quizzes.values()))
    question = quiz.questions[0].model_copy(update={"prompt": '<script>alert(1)</script> & {{ 7*7 }} <b>gras</b>'})
    hostile = quiz.model_copy(update={"questions": [question], "title": "Titre <img src=x onerror=alert(1)>"})
    data = quiz_moodle_xml(hostile, "2021.1")
    exported = ET.fromstring(data).findall("question")[1]
    # Moodle renders the question text as HTML: the data must reach it escaped, once.
    assert exported.findtext("questiontext/text") == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ 7*7 }} &lt;b&gt;gras&lt;/b&gt;</p>"
    assert b"<script" not in data and b"<img" not in data
