"""Before an edition is published: every change classed, version numbers that match the changes, a transition for
a major change, no version without a change or a reason, quiz questions for each new standard, and no quiz question,
guidance passage, evidence or indicator still teaching the replaced rule.

What `pmo publish` refuses is marked as blocking publication, so that `pmo validate` says it first."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from macros.catalog.catalog import Catalog, StandardVersion
from macros.catalog.queries import previous_edition
from macros.checks.meaning import meaning_blockers
from macros.checks.quizzes import shortfall_problems
from macros.checks.semver import version_problems
from macros.core.constants import EDITIONS_FILE
from macros.core.problems import Problem, field_path
from macros.core.text import one_line, plural
from macros.core.vocabulary import BLOCKS_PUBLICATION, Impact, Level, Severity
from macros.diff.changes import Change, RoleDiff, StandardDiff, TextEdit
from macros.diff.editions import diff_editions
from macros.model import Edition, tr
from macros.quiz.quizzes import QuizSet, edition_changes, reviewed_since

# A removed phrase is worth looking for elsewhere when it says something precise: a figure, a frequency or a deadline
# (« une fois par mois », « 10 jours »), or a long phrase; « mettre à jour » alone is too common to mean anything.
_PRECISE = re.compile(r"\d|\b(?:jours?|semaines?|mois|trimestres?|ans?|année|fois|chaque|avant|après|dès|délai)\b|(?:\w+\W+){5,}\w+",
                      re.IGNORECASE)


@dataclass(frozen=True)
class Review:
    """The edition being prepared and the published one it follows, with the diff between them."""

    edition: Edition
    previous: Edition | None
    standards: list[StandardDiff]
    roles: list[RoleDiff]


def under_review(cat: Catalog) -> Review | None:
    """The draft edition and its diff from the last published one; None when no edition is being prepared."""
    draft = cat.draft_edition()
    if draft is None:
        return None
    previous = previous_edition(cat, draft)
    try:
        diff = diff_editions(cat, previous.id if previous else None, draft.id)
    except ValueError:
        return None  # a version the edition names is missing: that error is reported on its own
    return Review(draft, previous, diff.standards, diff.roles)


def _mandatory(sv: StandardVersion | None, item_id: str | None) -> bool:
    """Whether an item is mandatory in some category of project."""
    item = next((i for i in sv.standard.checklist if i.id == item_id), None) if sv else None
    return item is not None and Level.MANDATORY in (item.level, *item.levels.values())


def _change_name(change: Change) -> str:
    return change.item_id or change.target


def note_line(slug: str, change: Change) -> str:
    """The line of editions.yaml that classes a change (the PMO writes the reason)."""
    key = f"item: {change.item_id}" if change.item_id else f"target: {change.target!r}"
    impact = change.suggestion[0] if change.suggestion else "clarification"
    return f'- {{standard: {slug}, {key}, impact: {impact}, note: "…"}}'


def unclassified(cat: Catalog, review: Review) -> list[tuple[StandardDiff, Change, bool]]:
    """Every change still « à qualifier » in the edition under review, and whether it touches a mandatory item."""
    return [(sd, c, _mandatory(cat.standards.get(sd.slug, {}).get(sd.new_version or ""), c.item_id))
            for sd in review.standards for c in sd.changes if c.impact == Impact.TO_QUALIFY]


def classification_problems(cat: Catalog, review: Review) -> list[Problem]:
    """A warning per change the PMO has not classed yet, with the line to add; publishing refuses those on a mandatory item."""
    file = cat.rel(cat.root / EDITIONS_FILE)
    index = cat.editions.index(review.edition)
    problems = []
    for sd, change, mandatory in unclassified(cat, review):
        hint = f" (suggestion : {change.suggestion[0]}, {change.suggestion[1]})" if change.suggestion else ""
        problem = cat.problem_at(file, ("editions", index), f"{sd.slug} {_change_name(change)}{' (obligatoire)' if mandatory else ''} : "
                                 f"changement de formulation à qualifier{hint} ; classez-le dans changes: de l'édition {review.edition.id} : "
                                 f"{note_line(sd.slug, change)}", Severity.WARNING)
        problems.append(problem.blocking() if mandatory else problem)
    for n, note in enumerate(review.edition.changes):
        if note.note is None and note.impact != Impact.EDITORIAL:
            problems.append(cat.problem_at(file, ("editions", index, "changes", n), "raison manquante : ajoutez note: « … », "
                                "une ligne qui explique ce classement aux chefs de projet", Severity.WARNING))
    return problems


def _removed_phrases(change: Change) -> list[str]:
    return [text for d in change.details if isinstance(d, TextEdit) for text in d.diff.removed if _PRECISE.search(text)]


def stale_passages(cat: Catalog, review: Review) -> list[Problem]:
    """Passages of a new version (guidance, evidence, indicators) that still carry wording a changed item dropped."""
    problems = []
    for sd in review.standards:
        sv = cat.standards.get(sd.slug, {}).get(sd.new_version or "")
        if sv is None or sd.old_version is None:
            continue
        for change in sd.changes:
            for phrase in _removed_phrases(change):
                problems += _find_phrase(cat, sv, phrase, _change_name(change))
    return problems


def _find_phrase(cat: Catalog, sv: StandardVersion, phrase: str, where: str) -> list[Problem]:
    wanted = one_line(phrase).lower()
    message = f"passage à revoir : « {phrase} » a disparu de {where} dans cette version, mais figure encore ici"
    found = []
    s = sv.standard
    fields: list[tuple[tuple[object, ...], str]] = [(("checklist", i, "evidence"), tr(item.evidence)) for i, item in enumerate(s.checklist) if item.evidence]
    fields += [(("checklist", i, "text"), tr(item.text)) for i, item in enumerate(s.checklist) if item.id != where]
    fields += [(("kpis", i, key), tr(getattr(k, key))) for i, k in enumerate(s.kpis) for key in ("definition", "target") if getattr(k, key)]
    for loc, text in fields:
        if wanted in one_line(text).lower():
            found.append(cat.problem_at(sv.source, loc, message, Severity.WARNING))
    if sv.guidance and sv.guidance_source:
        for offset, line in enumerate(sv.guidance.split("\n")):
            column = one_line(line).lower().find(wanted)
            if column >= 0:
                found.append(Problem(sv.guidance_source, sv.guidance_line + offset, column + 1, "corps", message, Severity.WARNING))
    return found


def stale_question_problems(cat: Catalog, quizset: QuizSet, review: Review) -> list[Problem]:
    """Questions covering an item the edition under review changes or removes, not yet reviewed for it; publishing
    refuses those on an item that stays mandatory."""
    mandatory = {c.item_id for sd in review.standards for c in sd.changes
                 if c.item_id and _mandatory(cat.standards.get(sd.slug, {}).get(sd.new_version or sd.old_version or ""), c.item_id)}
    problems = []
    for quiz_id, q, c, item_id, reason in edition_changes(quizset, cat, review.previous, review.edition):
        question = quizset.quizzes[quiz_id].questions[q]
        if reviewed_since(cat, question, review.edition.id):
            continue
        doc, file = quizset.docs.get(quiz_id), quizset.sources.get(quiz_id, f"quizzes/{quiz_id}.yaml")
        loc = ("questions", q, "covers", c)
        line, col = doc.where(loc) if doc else (1, 1)
        problem = Problem(file, line, col, field_path(loc), f"question « {question.id} » à revoir pour l'édition "
                          f"{review.edition.id} : {item_id}, {reason} ; mettez-la à jour puis indiquez reviewed: "
                          f'"{review.edition.id}"', Severity.WARNING)
        problems.append(problem.blocking() if item_id in mandatory else problem)
    return problems


def empty_versions(cat: Catalog, review: Review) -> list[Problem]:
    """A new version of a standard or role that changes nothing: publishing refuses it unless the PMO says why, in a
    note on the whole standard (or role) in the edition's changes."""
    file = cat.rel(cat.root / EDITIONS_FILE)
    index = cat.editions.index(review.edition)
    diffs: list[tuple[str, str, str | None, str | None, bool]] = [
        ("standards", d.slug, d.old_version, d.new_version, bool(d.changes or d.notes)) for d in review.standards]
    diffs += [("roles", d.role_id, d.old_version, d.new_version, bool(d.changes or d.notes)) for d in review.roles]
    return [cat.problem_at(file, ("editions", index, section, name),
                           f"{name} {new} ne change rien à la version {old} : remettez « {old} » dans l'édition {review.edition.id} "
                           f"(et supprimez le brouillon), ou dites pourquoi la publier dans changes: de l'édition : "
                           f'- {{standard: {name}, impact: rédactionnel, note: "…"}}', Severity.WARNING).blocking()
            for section, name, old, new, changed in diffs if old is not None and new is not None and not changed]


def unchanged_edition(cat: Catalog, review: Review) -> list[Problem]:
    """An edition that holds the same versions as the one it follows has nothing to publish."""
    previous, edition = review.previous, review.edition
    if previous is None or (previous.standards, previous.roles) != (edition.standards, edition.roles):
        return []
    return [cat.problem_at(cat.rel(cat.root / EDITIONS_FILE), ("editions", cat.editions.index(edition)),
                           f"l'édition {edition.id} ne change rien à l'édition {previous.id} : créez d'abord les nouvelles versions "
                           "(pmo new-version <standard> --minor…)", Severity.WARNING).blocking()]


def new_standard_questions(cat: Catalog, quizset: QuizSet, review: Review) -> list[Problem]:
    """The weekly quizzes' questions on each project standard of the edition, as they will count once it is published."""
    already = {(p.file, p.field, p.message) for p in shortfall_problems(quizset, cat)}
    return [replace(p, severity=Severity.WARNING).blocking() for p in shortfall_problems(quizset, cat, review.edition)
            if (p.file, p.field, p.message) not in already]


def review_problems(cat: Catalog, quizset: QuizSet | None) -> list[Problem]:
    """Everything `pmo validate` says about the edition being prepared; what `pmo publish` refuses is marked blocking."""
    review = under_review(cat)
    if review is None:
        return []
    problems = (version_problems(cat, review.standards) + classification_problems(cat, review) + stale_passages(cat, review)
                + empty_versions(cat, review) + unchanged_edition(cat, review))
    # In the preview the draft is the current edition: its stale questions and its coverage are already reported as such.
    if quizset is not None and cat.current_edition() != review.edition:
        problems += stale_question_problems(cat, quizset, review) + new_standard_questions(cat, quizset, review)
    return problems


def publication_blockers(cat: Catalog, quizset: QuizSet | None, edition_id: str) -> list[Problem]:
    """What stops `pmo publish` beyond invalid data, as errors: the blocking problems of the edition under review, and the
    rules on meaning (who does what, what applies to which project, where risks go) the edition to come must meet."""
    review = under_review(cat)
    if review is None or review.edition.id != edition_id:
        return []
    return [replace(p, severity=Severity.ERROR) for p in review_problems(cat, quizset) if p.blocks_publication] + meaning_blockers(cat)


def blocking_count(count: int) -> str:
    """« 2 points bloquants, marqués [bloque la publication] »: how `pmo validate` and `pmo publish` count them."""
    return f"{plural(count, 'point bloquant', 'points bloquants')}, {'marqué' if count == 1 else 'marqués'} [{BLOCKS_PUBLICATION}]"
