"""Quizzes and the onboarding path: loading, cross-file checks with positioned French errors, stale questions."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from pydantic import ValidationError

from macros.catalog.catalog import Catalog, StandardVersion
from macros.catalog.queries import covering_row, current_items, current_templates, edition_items, previous_edition
from macros.core import links
from macros.core.constants import DOCS_DIR, ITEM_ID, PARCOURS_FILE, QUIZZES_DIR, SLUG, STANDARD_SECTIONS
from macros.core.problems import HasProblems, Problem, field_path
from macros.core.text import did_you_mean, heading_anchor
from macros.core.vocabulary import QUESTION_TYPE_LABELS, QuestionType, Severity
from macros.loading.markdown_source import page_anchors, split_front_matter
from macros.loading.yaml_reader import Document, decode, load_yaml_model, not_regular, read_data_file
from macros.model import ChecklistItem, Edition, tr
from macros.model.quiz import Parcours, Question, Quiz

_PAGE_REF = re.compile(r"^(?P<page>[a-z0-9][a-z0-9_./-]*\.md)(?:#(?P<anchor>[A-Za-z0-9_-]+))?$")
_CHANGE_LABELS = {"text": "texte", "level": "niveau", "levels": "niveaux par catégorie", "phase": "phase", "only_if": "caractéristiques du projet"}


@dataclass
class QuizSet(HasProblems):
    """Every quiz and the onboarding path, with the problems found and what links need to name their targets."""

    quizzes: dict[str, Quiz] = field(default_factory=dict)
    parcours: Parcours | None = None
    problems: list[Problem] = field(default_factory=list)
    docs: dict[str, Document] = field(default_factory=dict)  # by quiz id, and "parcours"
    sources: dict[str, str] = field(default_factory=dict)  # quiz id -> file as shown in messages
    labels: dict[str, str] = field(default_factory=dict)  # page or page#anchor -> French link text


class StaleQuestion(NamedTuple):
    """A question whose covered checklist item changed or disappeared in the current edition."""

    quiz: Quiz
    question: Question
    item_id: str
    reason: str
    edition_id: str  # the edition in which the item changed


class DocsIndex:
    """The hand-written pages under docs/ and the current standard pages: which exist, their anchors and titles."""

    def __init__(self, docs: Path, catalog: Catalog) -> None:
        self.docs = docs
        self.catalog = catalog
        self._pages: dict[str, tuple[str, dict[str, str]] | None] = {}
        self._standards: dict[str, StandardVersion] | None = None  # by page, computed once: quizzes name many pages

    def page(self, rel: str) -> tuple[str, dict[str, str]] | None:
        """(title, {anchor: heading text}) of a docs-relative page, or None when it does not exist."""
        if rel not in self._pages:
            self._pages[rel] = self._generated(rel) or self._standard_page(rel) or self._read(rel)
        return self._pages[rel]

    def _generated(self, rel: str) -> tuple[str, dict[str, str]] | None:
        """The glossary, when it is generated from the terminology."""
        if rel == links.GLOSSARY_PAGE and self.catalog.terminology is not None:
            return "Glossaire", {heading_anchor(t.term): t.term for t in self.catalog.terminology.terms}
        return None

    def _standard_page(self, rel: str) -> tuple[str, dict[str, str]] | None:
        if self._standards is None:
            # The standards in force, then those the edition being prepared adds: a reading may already point to them.
            draft = self.catalog.draft_edition()
            upcoming = [sv for slug, version in (draft.standards.items() if draft else ())
                        if (sv := self.catalog.standards.get(slug, {}).get(version)) is not None]
            self._standards = {}
            for sv in [*self.catalog.current_standards(), *upcoming]:
                self._standards.setdefault(links.standard_page(sv.standard.slug), sv)
        sv = self._standards.get(rel)
        if sv is None:
            return None
        s = sv.standard
        optional = {"mise-en-oeuvre": bool(sv.guidance), "adaptation": any(i.levels for i in s.checklist),
                    "matrice-des-risques": s.risk_matrix is not None}
        anchors = {a: h for a, h in STANDARD_SECTIONS.items() if optional.get(a, True)}
        anchors |= {f"modele-{t.id}": tr(t.title) for t in s.templates}
        return f"{s.id} — {tr(s.title)}", anchors

    def _read(self, rel: str) -> tuple[str, dict[str, str]] | None:
        parts = PurePosixPath(rel).parts
        if ".." in parts or rel.startswith("/"):
            return None
        path = self.docs.joinpath(*parts)
        # No part of the way may be a link: only the project's own pages are read.
        if any(self.docs.joinpath(*parts[:n]).is_symlink() for n in range(1, len(parts) + 1)) or not path.is_file():
            return None
        raw, _ = read_data_file(path, rel)
        text, _ = decode(raw, rel) if raw is not None else (None, [])
        if text is None:
            return None
        return page_anchors(split_front_matter(text).body, fallback=PurePosixPath(rel).stem)


# --- one quiz --------------------------------------------------------------------------------

class _Checker:
    """Positions problems in one file; collects them."""

    def __init__(self, display: str, doc: Document) -> None:
        self.display = display
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, loc: tuple[object, ...], message: str, severity: Severity = Severity.ERROR) -> None:
        line, col = self.doc.where(loc)
        self.problems.append(Problem(self.display, line, col, field_path(loc), message, severity))


def _check_page_ref(check: _Checker, loc: tuple[object, ...], value: str, docs: DocsIndex,
                    labels: dict[str, str]) -> None:
    match = _PAGE_REF.match(value)
    if not match:
        check.add(loc, f"« {value} » n'est ni un identifiant de point de contrôle (par exemple RSK-03) "
                       "ni une page (par exemple guides/mettre-en-place-un-pmo.md#etape-1)")
        return
    page, anchor = match["page"], match["anchor"]
    if ".." in PurePosixPath(page).parts:
        check.add(loc, f"chemin « {page} » interdit : une page se désigne depuis docs/, sans « .. »")
        return
    found = docs.page(page)
    if found is None:
        check.add(loc, f"page « {page} » introuvable dans docs/ (chemin relatif à docs/, par exemple reference/glossaire.md)")
        return
    title, anchors = found
    labels[page] = title
    if anchor is None:
        return
    if anchor not in anchors:
        check.add(loc, f"ancre « #{anchor} » introuvable dans la page « {page} »")
        return
    labels[value] = f"{title} — {anchors[anchor]}"


def check_quiz(quiz: Quiz, doc: Document, display: str, catalog: Catalog, docs: DocsIndex,
               stem: str, labels: dict[str, str] | None = None) -> list[Problem]:
    """Rules a quiz must follow beyond its shape: ids, answers per type, audience, draw, covered targets."""
    check = _Checker(display, doc)
    labels = {} if labels is None else labels
    if quiz.id != stem:
        check.add(("id",), f"l'identifiant « {quiz.id} » ne correspond pas au nom du fichier « {stem}.yaml »")
    roles = set(catalog.roles)
    for i, role in enumerate(quiz.audience):
        if role not in roles:
            check.add(("audience", i), f"rôle inconnu « {role} »{did_you_mean(role, roles)} ; rôles définis : {', '.join(sorted(roles))}")
    if quiz.draw is not None and quiz.draw > len(quiz.questions):
        check.add(("draw",), f"tirage de {quiz.draw} questions impossible : le quiz n'en compte que {len(quiz.questions)}")
    _check_questions(check, list(enumerate(quiz.questions)), catalog, docs, labels)
    return check.problems


def _check_questions(check: _Checker, questions: list[tuple[int, Question]], catalog: Catalog, docs: DocsIndex,
                     labels: dict[str, str]) -> None:
    """Rules on each question: unique ids, answers per type, reviewed edition, covered targets."""
    items = current_items(catalog)
    current = catalog.current_edition()
    removed = set(edition_items(catalog, previous_edition(catalog, current))) - set(items) if current else set()
    # A question may already cover an item of the edition being prepared: it is published with it.
    upcoming = set(edition_items(catalog, catalog.draft_edition()))
    editions = [e.id for e in catalog.editions]
    seen: dict[str, int] = {}
    for q, question in questions:
        here = ("questions", q)
        if question.id in seen:
            check.add(here + ("id",), f"identifiant de question « {question.id} » en double (déjà pris par questions[{seen[question.id]}])")
        seen.setdefault(question.id, q)
        _check_choices(check, here, question)
        if question.reviewed is not None and question.reviewed not in editions:
            check.add(here + ("reviewed",), f"édition inconnue « {question.reviewed} »{did_you_mean(question.reviewed, editions)} ; éditions : {', '.join(editions)}")
        for c, target in enumerate(question.covers):
            loc = here + ("covers", c)
            if ITEM_ID.match(target):
                # An item removed by the current edition is not an error: stale_questions reports it to the PMO.
                if target not in items and target not in removed and target not in upcoming:
                    check.add(loc, f"point de contrôle « {target} » introuvable dans les standards de l'édition en vigueur"
                              f"{did_you_mean(target, [*items, *upcoming])}")
            else:
                _check_page_ref(check, loc, target, docs, labels)


def _check_choices(check: _Checker, here: tuple[object, ...], question: Question) -> None:
    seen: dict[str, int] = {}
    for c, choice in enumerate(question.choices):
        if choice.id in seen:
            check.add(here + ("choices", c, "id"), f"identifiant de réponse « {choice.id} » en double dans la question (déjà pris par choices[{seen[choice.id]}])")
        seen.setdefault(choice.id, c)
    correct = sum(1 for choice in question.choices if choice.correct)
    kind = QUESTION_TYPE_LABELS[question.type]
    if question.type == QuestionType.TRUE_FALSE and len(question.choices) != 2:
        check.add(here + ("choices",), f"une question {kind} a exactement deux réponses (Vrai et Faux) ; trouvé : {len(question.choices)}")
    if question.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE) and correct != 1:
        check.add(here + ("choices",), f"une question {kind} a exactement une bonne réponse (correct: true) ; trouvé : {correct}")
    if question.type == QuestionType.MULTIPLE and correct < 1:
        check.add(here + ("choices",), f"une question {kind} a au moins une bonne réponse (correct: true) ; trouvé : 0")


def load_quiz(path: Path, display: str, catalog: Catalog, docs: DocsIndex,
              labels: dict[str, str] | None = None) -> tuple[Quiz | None, Document | None, list[Problem]]:
    """Read one quiz file and check it; never raises for bad content."""
    quiz, doc, problems = load_yaml_model(path, Quiz, display, catalog.parse_cache)
    if quiz is not None and doc is not None:
        problems += check_quiz(quiz, doc, display, catalog, docs, path.stem, labels)
    elif doc is not None and isinstance(doc.data, dict) and isinstance(doc.data.get("questions"), list):
        # The quiz as a whole is invalid: still check every question that is valid on its own, so the PMO
        # sees all of the file's errors at once.
        valid = []
        for q, raw in enumerate(doc.data["questions"]):
            try:
                valid.append((q, Question.model_validate(raw)))
            except ValidationError:
                continue
        check = _Checker(display, doc)
        _check_questions(check, valid, catalog, docs, {} if labels is None else labels)
        known = {(p.line, p.column) for p in problems}
        problems += [p for p in check.problems if (p.line, p.column) not in known]
    return quiz, doc, problems


# --- the onboarding path ---------------------------------------------------------------------

def check_parcours(parcours: Parcours, doc: Document, display: str, catalog: Catalog, docs: DocsIndex,
                   quiz_ids: set[str], labels: dict[str, str] | None = None) -> list[Problem]:
    """Weeks 1 to 4 in order, unique modules, and every page, template and quiz they name exists."""
    check = _Checker(display, doc)
    labels = {} if labels is None else labels
    templates = current_templates(catalog)
    weeks = [m.week for m in parcours.modules]
    if weeks != list(range(1, len(weeks) + 1)):
        check.add(("modules",), f"les semaines doivent se suivre dans l'ordre 1, 2, 3, 4 ; trouvé : {', '.join(map(str, weeks))}")
    seen_modules: set[str] = set()
    used_quizzes: dict[str, str] = {}
    for m, module in enumerate(parcours.modules):
        here = ("modules", m)
        if module.id in seen_modules:
            check.add(here + ("id",), f"identifiant de module « {module.id} » en double")
        seen_modules.add(module.id)
        for p, page in enumerate(module.pages):
            _check_page_ref(check, here + ("pages", p), page, docs, labels)
        for t, template in enumerate(module.templates):
            if template not in templates:
                check.add(here + ("templates", t), f"modèle « {template} » introuvable dans les standards de l'édition en vigueur"
                                                    f"{did_you_mean(template, templates)}")
        named = [(("quiz",), module.quiz)] + [(("extra_quizzes", k), q) for k, q in enumerate(module.extra_quizzes)]
        for loc, quiz_id in named:
            if quiz_id not in quiz_ids:
                check.add(here + loc, f"quiz « {quiz_id} » introuvable{did_you_mean(quiz_id, quiz_ids)} : fichier quizzes/{quiz_id}.yaml absent")
            elif quiz_id in used_quizzes:
                check.add(here + loc, f"le quiz « {quiz_id} » figure déjà dans le parcours ({used_quizzes[quiz_id]})")
            used_quizzes.setdefault(quiz_id, f"semaine {module.week}")
    return check.problems


# --- the whole folder ------------------------------------------------------------------------

def load_quizzes(project: Path, catalog: Catalog) -> QuizSet:
    """Load and check quizzes/<id>.yaml and quizzes/parcours.yaml; never raises for bad data."""
    result = QuizSet()
    folder = project / QUIZZES_DIR
    if folder.is_symlink():
        result.problems.append(Problem(QUIZZES_DIR, 1, 1, "", not_regular("lien symbolique").replace("le fichier", "le dossier")))
        return result
    if not folder.is_dir():
        return result
    docs = DocsIndex(project / DOCS_DIR, catalog)

    def rel(path: Path) -> str:
        return path.relative_to(project).as_posix()

    for path in sorted(folder.iterdir()):
        if path.is_symlink():
            result.problems.append(Problem(rel(path), 1, 1, "", not_regular("lien symbolique")))
            continue
        if path.name == PARCOURS_FILE or path.name.startswith("."):
            continue
        if path.suffix != ".yaml" or not SLUG.match(path.stem):
            result.problems.append(Problem(rel(path), 1, 1, "", "fichier inattendu : un quiz s'écrit quizzes/<id>.yaml (minuscules, chiffres et tirets)"))
            continue
        quiz, doc, problems = load_quiz(path, rel(path), catalog, docs, result.labels)
        result.problems += problems
        result.sources[path.stem] = rel(path)
        if doc is not None:
            result.docs[path.stem] = doc
        if quiz is not None:
            result.quizzes[path.stem] = quiz
    parcours_path = folder / PARCOURS_FILE
    if parcours_path.is_symlink():
        pass  # reported once, by the listing above
    elif not parcours_path.exists():
        result.problems.append(Problem(rel(parcours_path), 1, 1, "", "fichier obligatoire absent : le parcours d'intégration"))
    else:
        parcours, doc, problems = load_yaml_model(parcours_path, Parcours, rel(parcours_path), catalog.parse_cache)
        result.problems += problems
        if parcours is not None and doc is not None:
            result.docs["parcours"] = doc
            result.problems += check_parcours(parcours, doc, rel(parcours_path), catalog, docs,
                                              set(result.sources), result.labels)
            result.parcours = parcours
    result.problems += stale_warnings(result, catalog)
    return result


# --- stale questions -------------------------------------------------------------------------

def _changes(catalog: Catalog, before: tuple[Edition, str, ChecklistItem], after: tuple[Edition, str, ChecklistItem]) -> list[str]:
    """What changed of an item between two editions, as a question about it would notice: its wording, its levels, its
    phase, the characteristics it depends on, and who does (R) or approves (A) it."""
    (old_edition, old_slug, old), (new_edition, new_slug, new) = before, after
    found = [label for name, label in _CHANGE_LABELS.items() if getattr(old, name) != getattr(new, name)]
    was = catalog.standards.get(old_slug, {}).get(old_edition.standards.get(old_slug, ""))
    now = catalog.standards.get(new_slug, {}).get(new_edition.standards.get(new_slug, ""))
    # Only where both versions have the RACI row that says it: an older version named one « responsible » instead.
    row_was = covering_row(was.standard, old.id) if was is not None else None
    row_now = covering_row(now.standard, new.id) if now is not None else None
    if row_was is not None and row_now is not None:
        found += ["réalise (R)"] if set(row_was.R) != set(row_now.R) else []
        found += ["approuve (A)"] if row_was.A != row_now.A else []
    return found


def reviewed_since(catalog: Catalog, question: Question, edition_id: str) -> bool:
    """Whether the PMO reviewed the question for this edition or a later one."""
    order = [e.id for e in catalog.editions]
    if question.reviewed is None or question.reviewed not in order or edition_id not in order:
        return False
    return order.index(question.reviewed) >= order.index(edition_id)


def edition_changes(quizset: QuizSet, catalog: Catalog, previous: Edition | None,
                    edition: Edition) -> list[tuple[str, int, int, str, str]]:
    """(quiz id, question index, covers index, item id, reason) for each covered item an edition changes or removes."""
    if previous is None:
        return []
    before, after = edition_items(catalog, previous), edition_items(catalog, edition)
    found = []
    for quiz_id in sorted(quizset.quizzes):
        for q, question in enumerate(quizset.quizzes[quiz_id].questions):
            for c, target in enumerate(question.covers):
                if target not in before:
                    continue  # new in this edition, or a page: nothing to compare
                if target not in after:
                    found.append((quiz_id, q, c, target, f"point de contrôle supprimé dans l'édition {edition.id}"))
                elif changed := _changes(catalog, (previous, *before[target]), (edition, *after[target])):
                    found.append((quiz_id, q, c, target, f"point de contrôle modifié dans l'édition {edition.id} ({', '.join(changed)})"))
    return found


def _stale_entries(quizset: QuizSet, catalog: Catalog) -> list[tuple[StaleQuestion, int, int]]:
    """(stale question, question index, covers index) for the current edition, in quiz and question order."""
    current = catalog.current_edition()
    if current is None:
        return []
    found = []
    for quiz_id, q, c, item_id, reason in edition_changes(quizset, catalog, previous_edition(catalog, current), current):
        quiz = quizset.quizzes[quiz_id]
        if not reviewed_since(catalog, quiz.questions[q], current.id):
            found.append((StaleQuestion(quiz, quiz.questions[q], item_id, reason, current.id), q, c))
    return found


def stale_questions(quizset: QuizSet, catalog: Catalog) -> list[StaleQuestion]:
    """Questions covering an item changed or removed between the previous published edition and the current one."""
    return [entry for entry, _, _ in _stale_entries(quizset, catalog)]


def stale_warnings(quizset: QuizSet, catalog: Catalog) -> list[Problem]:
    """Each stale question as a warning at the covers entry that names the item."""
    problems = []
    for entry, q, c in _stale_entries(quizset, catalog):
        quiz_id = entry.quiz.id
        doc, display = quizset.docs.get(quiz_id), quizset.sources.get(quiz_id, f"{QUIZZES_DIR}/{quiz_id}.yaml")
        loc = ("questions", q, "covers", c)
        line, col = doc.where(loc) if doc else (1, 1)
        edition = entry.edition_id
        problems.append(Problem(display, line, col, field_path(loc),
                                f"question « {entry.question.id} » à revoir : {entry.item_id}, {entry.reason} ; "
                                f"mettez-la à jour puis indiquez reviewed: \"{edition}\"", Severity.WARNING))
    return problems
