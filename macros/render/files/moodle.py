"""A quiz bank in Moodle XML, the import format of Moodle and most learning platforms: questions, fractions, feedback."""
from __future__ import annotations

import html
from xml.sax.saxutils import escape, quoteattr

from macros.core.text import one_line
from macros.core.vocabulary import QuestionType
from macros.model import tr
from macros.model.quiz import Question, Quiz

CATEGORY_ROOT = "Référentiel PMO"


def fraction(share: float) -> str:
    """A fraction as Moodle writes it (five decimals at most, no trailing zeros)."""
    text = f"{share:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _text(value: str) -> str:
    """A data text as Moodle HTML: escaped once for HTML (it stays text), then for XML."""
    return f"<text>{escape('<p>' + html.escape(one_line(value), quote=False) + '</p>')}</text>"


def _answer(share: float, text: str, feedback: str, *, plain: bool = False) -> str:
    """One answer; `plain` for the « true »/« false » of a true/false question, which Moodle reads as words."""
    shown = f"<text>{escape(text)}</text>" if plain else _text(text)
    return (f'<answer fraction="{fraction(share)}" format="{"moodle_auto_format" if plain else "html"}">{shown}'
            f'<feedback format="html">{_text(feedback) if feedback else "<text></text>"}</feedback></answer>')


def _question(quiz: Quiz, question: Question) -> str:
    right = [c for c in question.choices if c.correct]
    wrong = [c for c in question.choices if not c.correct]
    tags = "".join(f"<tag><text>{escape(t)}</text></tag>" for t in [quiz.id, question.topic or "", "scenario" if question.scenario else ""] if t)
    common = (f"<name><text>{escape(question.id)}</text></name>"
              f'<questiontext format="html">{_text(tr(question.prompt))}</questiontext>'
              f'<generalfeedback format="html">{_text(tr(question.explanation))}</generalfeedback>'
              f"<defaultgrade>1</defaultgrade><penalty>0</penalty><hidden>0</hidden><idnumber>{escape(question.id)}</idnumber>")
    if question.type == QuestionType.TRUE_FALSE:
        answers = "".join(_answer(100 if c.correct else 0, "true" if c.id == "vrai" else "false",
                                  tr(c.feedback) if c.feedback else "", plain=True) for c in question.choices)
        return f'<question type="truefalse">{common}{answers}<tags>{tags}</tags></question>'
    single = question.type == QuestionType.SINGLE
    answers = "".join(_answer(100 / len(right) if c.correct else (0 if single else -100 / max(len(wrong), 1)), tr(c.text),
                              tr(c.feedback) if c.feedback else "") for c in question.choices)
    return (f'<question type="multichoice">{common}<single>{"true" if single else "false"}</single>'
            f"<shuffleanswers>{'true' if quiz.shuffle else 'false'}</shuffleanswers><answernumbering>abc</answernumbering>"
            f"{answers}<tags>{tags}</tags></question>")


def quiz_moodle_xml(quiz: Quiz, edition_id: str) -> bytes:
    """The whole bank of a quiz in one category named after it, ready for Moodle's « Importer » (format XML Moodle)."""
    category = f"$course$/top/{CATEGORY_ROOT}/{one_line(tr(quiz.title))} ({edition_id})"
    body = "".join(_question(quiz, q) for q in quiz.questions)
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz><question type="category"><category><text>{escape(category)}</text>'
           f"</category><info format={quoteattr('html')}><text>{escape(one_line(tr(quiz.description or quiz.title)))}</text></info>"
           f"</question>{body}</quiz>\n")
    return xml.encode("utf-8")
