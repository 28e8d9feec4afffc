"""Addresses written in data texts: only http://, https:// and mailto: ones, refused at their own file, line and column
(the build's last check would otherwise name every page the text reaches, not the YAML field)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from macros.catalog.catalog import Catalog
from macros.core.constants import QUIZZES_DIR
from macros.core.problems import Problem, field_path
from macros.core.vocabulary import Severity
from macros.loading.texts import TextFile
from macros.loading.yaml_reader import Document
from macros.quiz.quizzes import QuizSet

# A scheme and its colon glued to what follows (« javascript:alert(1) », « ftp://… », « [lien](data:…) »): French text
# puts a space before its colons, so a word glued to one is an address. A few letters before (« …rJavaScript: »), a
# digit or a dot are not a scheme's start.
_ADDRESS = re.compile(r"(?<![\w.+-])([A-Za-z][A-Za-z0-9+.-]{0,31}):(?=[^\s:])")
# Colons glued to what follows are rare in YAML (« key: value » has its space): found first, in one fast pass.
_GLUED = re.compile(r":[^\s:]")
ALLOWED = ("http", "https", "mailto")
# What the citation check reads as a citation, well-formed or not: « (( », a case, a colon, up to « )) ».
_CITATION_LIKE = re.compile(r"\(\(\s*[A-Za-z][\w-]*\s*:[^()\s]*\)\)")
# The one field whose value is an address, with its own rule (a warning, and dropped from the page): references' url.
_URL_FIELDS = ("url",)


def _addresses(text: str) -> Iterator[re.Match[str]]:
    """Every scheme-and-colon of a text, found from its glued colons (a pattern run at every position is 30 times slower)."""
    for glued in _GLUED.finditer(text):
        colon = glued.start()
        for match in _ADDRESS.finditer(text, max(0, colon - 33), colon + 2):
            if match.end(1) == colon:
                yield match


def _forbidden(text: str) -> list[re.Match[str]]:
    # A citation of a case's fact, « ((atlas:budget-initial)) », even mistyped (« ((atlas:Budget)) », reported by the
    # citation check), is no address: blanked out, the positions kept.
    if "((" in text:
        text = _CITATION_LIKE.sub(lambda m: " " * len(m.group(0)), text)
    return [match for match in _addresses(text) if match.group(1).lower() not in ALLOWED]


def _texts(value: Any, loc: tuple[object, ...] = ()) -> Iterator[tuple[tuple[object, ...], str]]:
    """Every text of a parsed document with its place, keys excluded."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))


def _position(lines: list[str], doc: Document, loc: tuple[object, ...], token: str) -> tuple[int, int]:
    """The line and column of token in the file, searched from where its value starts (a value may span lines, be
    quoted or folded); the value's own position when the file writes it otherwise (an escape, a line break inside)."""
    line, column = doc.where(loc)
    for number in range(line, min(line + 200, len(lines)) + 1):
        found = lines[number - 1].find(token, column - 1 if number == line else 0)
        if found >= 0:
            return number, found + 1
    return line, column


def _file_problems(file: str, doc: Document, text: str | None, published: bool) -> list[Problem]:
    problems: list[Problem] = []
    if text is not None and "\\" not in text and not _forbidden(text):
        return problems  # no such address in the file (nor an escape that could spell one): its values need no walk
    lines = text.split("\n") if text is not None else []
    for loc, value in _texts(doc.data):
        if ":" not in value or (loc and loc[-1] in _URL_FIELDS):
            continue
        for match in _forbidden(value):
            line, column = _position(lines, doc, loc, match.group(0)) if lines else doc.where(loc)
            advice = ("corrigez-la dans la prochaine version" if published else "retirez-la, ou donnez l'adresse http(s) de la page")
            problems.append(Problem(file, line, column, field_path(loc),
                                    f"adresse « {match.group(1)}: » interdite dans un texte : seules les adresses http://, https:// et "
                                    f"mailto: sont permises ; {advice}", Severity.WARNING if published else Severity.ERROR))
    return problems


def address_problems(cat: Catalog, quizset: QuizSet | None, files: list[TextFile]) -> list[Problem]:
    """An address with another scheme (javascript:, data:, file:, ftp://…) in any text of the data: standards, roles'
    front matter, lifecycle, tailoring, terminology, editions, examples, quizzes and the path. A published file keeps
    its text (it never changes): there it is a warning, to fix in the next version."""
    texts = {file.display: file.text for file in files}
    docs = [(file, doc) for file, doc in cat.docs.items()]
    if quizset is not None:  # None: the quizzes are not loaded while the standards hold errors
        docs += [(quizset.sources.get(name, f"{QUIZZES_DIR}/{name}.yaml"), doc) for name, doc in quizset.docs.items()]
    problems = []
    for file, doc in sorted(docs, key=lambda pair: pair[0]):
        problems += _file_problems(file, doc, texts.get(file), file in cat.lock)
    return problems
