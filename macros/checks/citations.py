"""The case studies and their citations: every cited fact exists, in a format its type has, and is cited only where
citations are resolved (guidance, examples, tutorials and pages of docs/, quizzes, the case's own texts)."""
from __future__ import annotations

import difflib
import re

from macros.catalog.case import CASE_PREFIX
from macros.catalog.catalog import Catalog
from macros.catalog.citations import FORMATS
from macros.core.citation_syntax import CITATION, find_citations, malformed
from macros.core.constants import DOCS_DIR, EXAMPLES_DIR, QUIZZES_DIR, ROLES_DIR, SEMVER, STANDARDS_DIR
from macros.core.problems import Problem, field_path
from macros.core.vocabulary import FactType, Severity
from macros.loading.texts import TextFile
from macros.loading.yaml_reader import Document
from macros.quiz.quizzes import QuizSet

_FIXED_ANCHOR = re.compile(r"\{\s*#[\w-]+\s*\}\s*$")
_WHERE = ("les textes d'accompagnement des standards, les exemples, les pages de docs/, les quiz et les faits de type texte "
          "du cas")


def _resolved_here(display: str) -> bool:
    """Whether the texts of this file have their citations resolved when the site is generated."""
    parts = display.split("/")
    if parts[0] in (DOCS_DIR, QUIZZES_DIR):
        return True
    if parts[0] != STANDARDS_DIR or len(parts) < 2:
        return False
    if len(parts) == 2:
        return parts[1].startswith(CASE_PREFIX) and parts[1].endswith(".yaml")
    if parts[1] == ROLES_DIR:
        return False
    if len(parts) == 4 and parts[2] == EXAMPLES_DIR:
        return True
    # A version's guidance (standards/<slug>/<version>.md); its YAML is the standard itself, whose texts are normative.
    return len(parts) == 3 and parts[2].endswith(".md") and bool(SEMVER.match(parts[2].removesuffix(".md")))


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _field_at(doc: Document | None, line: int, column: int) -> str:
    """The field of a YAML document whose value holds this position: the last value that starts before it."""
    if doc is None:
        return ""
    before = [(pos, loc) for loc, pos in doc.positions.items() if loc and pos <= (line, column)]
    return field_path(max(before, key=lambda found: found[0])[1]) if before else ""


def _yaml_comments(text: str) -> list[tuple[int, int]]:
    """Offsets of YAML comment lines: a citation there is not in the data."""
    found, offset = [], 0
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith("#"):
            found.append((offset, offset + len(line)))
        offset += len(line)
    return found


def _check_citation(cat: Catalog, case: str, fact: str, fmt: str) -> str | None:
    """What is wrong with one citation, in French; None when it names a fact in a format of its type."""
    study = cat.cases.get(case)
    if study is None:
        known = ", ".join(f"« {c} »" for c in sorted(cat.cases)) or "aucun (ajoutez standards/cas-<identifiant>.yaml)"
        return f"cas inconnu « {case} » dans « (({case}:{fact})) » ; cas : {known}"
    if fact not in study.case.facts:
        close = difflib.get_close_matches(fact, list(study.case.facts), n=3, cutoff=0.6)
        hint = f" ; faits proches : {', '.join(close)}" if close else f" ; les faits sont listés dans {study.source}"
        return f"fait inconnu « {fact} » dans le cas « {case} »{hint}"
    kind = study.case.facts[fact].type
    if fmt not in FORMATS[kind]:
        shown = ", ".join(f"« {name} » ({example})" for name, example in FORMATS[kind].items() if name) or "aucun"
        return f"format inconnu « {fmt} » pour le fait « {fact} » ({kind.value}) ; formats : {shown}"
    return None


def citation_problems(cat: Catalog, quizset: QuizSet | None, texts: list[TextFile]) -> list[Problem]:
    """An error at each citation that names no fact, no case or no format, is malformed, or sits where it is not resolved."""
    docs = dict(cat.docs)
    if quizset is not None:
        docs.update({quizset.sources[qid]: doc for qid, doc in quizset.docs.items() if qid in quizset.sources})
    cases = set(cat.cases)
    problems = []
    for file in texts:
        if "((" not in file.text:
            continue
        markdown = file.display.endswith(".md")
        comments = [] if markdown else _yaml_comments(file.text)
        doc = docs.get(file.display)
        found = [(c.start, c.case, c.fact, c.format) for c in find_citations(file.text, markdown=markdown)]
        for start, case, fact, fmt in found:
            if any(a <= start < b for a, b in comments):
                continue
            line, column = _position(file.text, start)
            where = "corps" if markdown else _field_at(doc, line, column)
            heading = file.text[file.text.rfind("\n", 0, start) + 1:].split("\n", 1)[0]
            if markdown and heading.startswith("#") and not _FIXED_ANCHOR.search(heading):
                # The heading's anchor is made from its text: it would change with the fact, and break every link to it.
                problems.append(Problem(file.display, line, column, where, "un titre qui cite un fait change d'ancre quand le fait "
                                        "change : donnez-lui une ancre fixe, par exemple « { #jalon-1 } » en fin de titre",
                                        Severity.WARNING))
            if not _resolved_here(file.display):
                problems.append(Problem(file.display, line, column, where, f"citation « (({case}:{fact})) » jamais remplacée dans ce "
                                        f"fichier : un fait du cas se cite dans {_WHERE}"))
            elif (message := _check_citation(cat, case, fact, fmt)) is not None:
                problems.append(Problem(file.display, line, column, where, message))
        for start in malformed(file.text, cases, markdown=markdown):
            if any(a <= start < b for a, b in comments):
                continue
            line, column = _position(file.text, start)
            problems.append(Problem(file.display, line, column, "corps" if markdown else _field_at(doc, line, column),
                                    "citation mal formée : écrivez ((cas:fait)) ou ((cas:fait:format)), en minuscules, "
                                    "sans espace, par exemple ((atlas:budget-initial))"))
    return problems



def check_cases(cat: Catalog) -> list[Problem]:
    """A case's people and roles name roles of the référentiel, and its text facts do not cite each other in a circle."""
    problems = []
    for study in cat.cases.values():
        for fact_id, fact in study.case.facts.items():
            role = fact.value if fact.type == FactType.ROLE else fact.role
            field = "value" if fact.type == FactType.ROLE else "role"
            if isinstance(role, str) and role not in cat.roles:
                problems.append(cat.problem_at(study.source, ("facts", fact_id, field),
                                               f"rôle inconnu « {role} » ; rôles : {', '.join(sorted(cat.roles))}"))
        problems += _circles(cat, study.id)
    return problems


def _circles(cat: Catalog, case_id: str) -> list[Problem]:
    study = cat.cases[case_id]
    cites = {fid: [m["fact"] for m in CITATION.finditer(f.value) if m["case"] == case_id]
             for fid, f in study.case.facts.items() if f.type == FactType.TEXT and isinstance(f.value, str)}
    problems = []
    for start, cited in cites.items():
        seen, todo = set(), list(cited)
        while todo:
            current = todo.pop()
            if current == start:
                problems.append(cat.problem_at(study.source, ("facts", start, "value"),
                                               "citation circulaire : ce texte se cite lui-même, directement ou par d'autres faits"))
                break
            if current not in seen:
                seen.add(current)
                todo += cites.get(current, [])
    return problems
