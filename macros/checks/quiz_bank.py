"""Guards of the quiz bank against content that moved on: a question that quotes (« … ») a passage found only in a
replaced version, and a question whose premise names an item that no longer belongs to a project's gate checklists."""
from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from functools import partial

from pydantic import BaseModel

from macros.catalog.catalog import Catalog, StandardVersion
from macros.catalog.citations import resolve, resolve_text
from macros.catalog.queries import edition_items, scope_of
from macros.core.answers import kept
from macros.core.constants import DOCS_DIR, ITEM_ID
from macros.core.problems import Problem, field_path
from macros.core.text import one_line
from macros.core.vocabulary import SCOPE_DESCRIPTIONS, Scope, Severity
from macros.loading.texts import TextFile
from macros.model import Edition, tr
from macros.model.quiz import Question
from macros.model.role import Role
from macros.quiz.quizzes import QuizSet

_ITEM = re.compile(rf"(?<![\w-])({ITEM_ID.pattern.strip('^$')})(?![\w-])")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*`]|(?<!\w)_|_(?!\w)")
MIN_QUOTE = 3  # characters: « a » says nothing worth comparing


def normalized(text: str) -> str:
    """Text as quotes are compared: Markdown links and emphasis dropped, one line, lowercase, plain spaces and apostrophes."""
    text = _MARKUP.sub("", _LINK.sub(r"\1", text))
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return one_line(text).lower()


def quotes(text: str) -> list[str]:
    """Every passage between « and », nested ones too, without its surrounding spaces and final punctuation."""
    found, opened = [], []
    for index, char in enumerate(text):
        if char == "«":
            opened.append(index + 1)
        elif char == "»" and opened:
            found.append(text[opened.pop():index])
    cleaned = [normalized(q).strip(" .,;:!?…") for q in found]
    return [q for q in cleaned if len(q) >= MIN_QUOTE]


def _strings(value: object) -> Iterator[str]:
    """Every text held by a model, however deep: the French of a translatable text, each item of a list."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name))
    elif isinstance(value, dict):
        if value and all(isinstance(v, str) for v in value.values()) and "fr" in value:
            yield tr(value)
        else:
            for item in value.values():
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _views(cat: Catalog) -> list[tuple[list[Edition], Severity, str]]:
    """What is in force, and how bad a question left behind is: against the published edition and the one being prepared
    together, an error; against the one being prepared alone, a warning until it is published (`pmo publish` checks the
    published result and refuses it then). The PMO's preview shows the same as the public site here."""
    published = cat.published_editions()
    latest, draft = (published[-1] if published else None), cat.draft_edition()
    views = [([e for e in (latest, draft) if e is not None], Severity.ERROR, "")]
    if draft is not None and latest is not None:
        views.append(([draft], Severity.WARNING, f" ; l'édition {draft.id} en préparation le rend caduc : corrigez-le avant de la publier"))
    return views


def _in_force_parts(cat: Catalog, shown: list[Edition], texts: list[TextFile]) -> Iterator[tuple[object, Callable[[], list[str]]]]:
    """Everything in force, part by part (a key naming the part, and how to get its texts): standards and their guidance,
    roles, the glossary, the lifecycle, the categories, the hand-written pages and the case's facts."""
    for edition in shown:
        for slug, version in edition.standards.items():
            sv = cat.standards.get(slug, {}).get(version)
            if sv is not None:
                yield ("standard", slug, version), partial(_standard_texts, cat, sv)
        for role_id, version in edition.roles.items():
            role = cat.roles.get(role_id, {}).get(version)
            if role is not None:
                yield ("role", role_id, version), partial(_role_texts, role)
    for name, model in (("terminology", cat.terminology), ("lifecycle", cat.lifecycle), ("tailoring", cat.tailoring)):
        yield (name,), partial(_model_texts, model)
    for f in texts:
        if f.display.startswith(DOCS_DIR + "/"):
            yield ("page", f.display), partial(_resolved, cat, [f.text], markdown=True)
    for case_id, study in cat.cases.items():
        yield ("case", case_id), partial(_resolved, cat, [v for v in study.values.values() if isinstance(v, str)], markdown=False)


def _standard_texts(cat: Catalog, sv: StandardVersion) -> list[str]:
    return [*_strings(sv.standard), resolve_text(cat, sv.guidance or "", markdown=True)]


def _role_texts(role: Role) -> list[str]:
    return [*_strings(role.meta), role.body]


def _model_texts(model: object) -> list[str]:
    return list(_strings(model))


def _resolved(cat: Catalog, texts: list[str], *, markdown: bool) -> list[str]:
    return [resolve_text(cat, t, markdown=markdown) for t in texts]


def _not_in_force(wanted: set[str], parts: Iterator[tuple[object, Callable[[], list[str]]]], memo: dict[object, str]) -> set[str]:
    """The quotes of wanted that no part in force holds. Parts are normalized only while some quote is still looked for,
    and once per run (memo, shared by the views): a quote of a text in force is usually found in the first standards,
    so a large référentiel is not read whole at every validation."""
    left = set(wanted)
    for key, text in parts:
        if not left:
            break
        if key not in memo:
            memo[key] = "\n".join(normalized(t) for t in text())
        left = {quote for quote in left if quote not in memo[key]}
    return left


@kept
def _version_text(cat: Catalog, sv: StandardVersion) -> str:
    """A version's texts as quotes are compared, once per catalogue (the published view and the one in preparation)."""
    return normalized("\n".join(_standard_texts(cat, sv)))


def _replaced(cat: Catalog, shown: list[Edition]) -> list[tuple[str, str, str]]:
    """(normalized text, what it is, what replaced it) for each version that some published edition held and that is no
    longer in force: standards with their guidance, role definitions."""
    out = []
    for slug, versions in sorted(cat.standards.items()):
        for version, sv in versions.items():
            published = any(e.standards.get(slug) == version for e in cat.published_editions())
            if not published or any(e.standards.get(slug) == version for e in shown):
                continue
            now = next((e.standards[slug] for e in shown if slug in e.standards), None)
            instead = f"la version {now} est en vigueur" if now else "le standard n'est plus en vigueur"
            out.append((_version_text(cat, sv), f"la version {version} du standard « {one_line(tr(sv.standard.title))} »", instead))
    for role_id, definitions in sorted(cat.roles.items()):
        for version, role in definitions.items():
            published = any(e.roles.get(role_id) == version for e in cat.published_editions())
            if published and not any(e.roles.get(role_id) == version for e in shown):
                now = next((e.roles[role_id] for e in shown if role_id in e.roles), None)
                out.append((normalized("\n".join([*_strings(role.meta), role.body])),
                            f"la version {version} du rôle « {one_line(tr(role.meta.name))} »",
                            f"la version {now} est en vigueur" if now else "le rôle n'est plus en vigueur"))
    return out


def _question_texts(question: Question) -> Iterator[tuple[tuple[object, ...], str]]:
    yield ("prompt",), tr(question.prompt)
    for c, choice in enumerate(question.choices):
        yield ("choices", c, "text"), tr(choice.text)
        if choice.feedback is not None:
            yield ("choices", c, "feedback"), tr(choice.feedback)
    yield ("explanation",), tr(question.explanation)


def superseded_quotes(cat: Catalog, quizset: QuizSet, texts: list[TextFile]) -> list[Problem]:
    """A problem at each quoted passage that only a replaced version holds: the question teaches a rule that changed."""
    problems: list[Problem] = []
    seen: set[tuple[str, int, int, str]] = set()
    quoted = [(quiz_id, q, loc, quote) for quiz_id, quiz in sorted(quizset.quizzes.items())
              for q, question in enumerate(quiz.questions) for loc, text in _question_texts(question)
              for quote in quotes(resolve(cat, text))]
    memo: dict[object, str] = {}
    for shown, severity, suffix in _views(cat):
        replaced = _replaced(cat, shown)
        sources = {quote: next(((w, i) for old, w, i in replaced if quote in old), None) for _, _, _, quote in quoted}
        outdated = _not_in_force({quote for quote, source in sources.items() if source is not None},
                                 _in_force_parts(cat, shown, texts), memo)
        for quiz_id, q, loc, quote in quoted:
            source = sources[quote]
            if quote not in outdated or source is None:
                continue
            doc, file = quizset.docs.get(quiz_id), quizset.sources.get(quiz_id, f"quizzes/{quiz_id}.yaml")
            # Placed only when reported: a position needs the file parsed again when it came from the cache.
            where = ("questions", q, *loc)
            line, col = doc.where(where) if doc else (1, 1)
            if (file, line, col, quote) in seen:
                continue
            seen.add((file, line, col, quote))
            problems.append(Problem(file, line, col, field_path(where),
                                    f"la citation « {quote} » ne figure que dans {source[0]}, remplacée ({source[1]}) : "
                                    f"citez le texte en vigueur ou reformulez la question{suffix}", severity))
    return problems


def _project_items(cat: Catalog, edition: Edition | None) -> dict[str, Scope]:
    """Item id -> whom it governs, for every item of an edition."""
    found = {}
    for item_id, (slug, item) in edition_items(cat, edition).items():
        sv = cat.standards.get(slug, {}).get(edition.standards[slug]) if edition else None
        if sv is not None:
            found[item_id] = scope_of(sv.standard, item)
    return found


def _left_the_projects(cat: Catalog, editions: list[Edition]) -> dict[str, tuple[Scope | None, str]]:
    """Item id -> (whom it governs now, None when removed; the edition that changed it), for each item that was a project's
    item in one of these editions and is not in the last one."""
    changed: dict[str, tuple[Scope | None, str]] = {}
    last = _project_items(cat, editions[-1]) if editions else {}
    for before, after in itertools.pairwise(editions):
        then, later = _project_items(cat, before), _project_items(cat, after)
        for item_id, scope in then.items():
            if scope != Scope.PROJECT or item_id in changed or last.get(item_id) == Scope.PROJECT:
                continue
            if item_id not in later and item_id not in last:
                changed[item_id] = (None, after.id)
            elif later.get(item_id, Scope.PROJECT) != Scope.PROJECT:
                changed[item_id] = (later[item_id], after.id)
    return changed


def _what_became(scope: Scope | None, edition_id: str, *, prepared: bool) -> str:
    if prepared:
        return (f"sera supprimé par l'édition {edition_id} en préparation" if scope is None
                else f"concernera {SCOPE_DESCRIPTIONS[scope]} dans l'édition {edition_id} en préparation")
    return (f"a été supprimé dans l'édition {edition_id}" if scope is None
            else f"concerne depuis l'édition {edition_id} {SCOPE_DESCRIPTIONS[scope]}")


def former_project_items(cat: Catalog, quizset: QuizSet) -> list[Problem]:
    """A problem at each question whose prompt names an item that was a project's item in a published edition and is no
    longer one (it now governs the PMO or the portfolio, or it was removed): the premise puts it on a gate's checklist.
    An error for the published editions; a warning for what the edition being prepared changes, until it is published."""
    published, draft = cat.published_editions(), cat.draft_edition()
    found = {item: (_what_became(*change, prepared=False), Severity.ERROR) for item, change in _left_the_projects(cat, published).items()
             if draft is None or _project_items(cat, draft).get(item) != Scope.PROJECT}
    if draft is not None and published:
        for item, change in _left_the_projects(cat, [published[-1], draft]).items():
            found.setdefault(item, (_what_became(*change, prepared=True), Severity.WARNING))
    problems = []
    for quiz_id, quiz in sorted(quizset.quizzes.items()):
        doc, file = quizset.docs.get(quiz_id), quizset.sources.get(quiz_id, f"quizzes/{quiz_id}.yaml")
        for q, question in enumerate(quiz.questions):
            named = [m.group(1) for m in _ITEM.finditer(tr(resolve(cat, question.prompt)))]
            for item_id in dict.fromkeys(i for i in named if i in found):
                text, severity = found[item_id]
                where = ("questions", q, "prompt")
                line, col = doc.where(where) if doc else (1, 1)
                problems.append(Problem(file, line, col, field_path(where),
                                        f"la question part de {item_id} comme d'un point de contrôle du projet, mais {item_id} "
                                        f"{text} et ne figure plus dans les listes de contrôle des jalons : "
                                        + ("corrigez la question avant de publier l'édition" if severity == Severity.WARNING
                                           else "reformulez-la autour d'un point du projet"), severity))
    return problems
