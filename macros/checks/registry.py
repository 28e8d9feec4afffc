"""Every check in one place: what runs on the loaded catalogue, then on the whole project; no check reads a file."""
from __future__ import annotations

from collections.abc import Callable

from macros.catalog.catalog import Catalog
from macros.checks.addresses import address_problems
from macros.checks.applicability import check_characteristics
from macros.checks.citations import check_cases, citation_problems
from macros.checks.duplicates import check_duplicates
from macros.checks.editions import check_editions, check_lock, check_published_editions
from macros.checks.examples import check_examples
from macros.checks.glossary import check_glossary
from macros.checks.in_force import check_criteria_in_force, check_links_in_force, check_see
from macros.checks.lifecycle import check_lifecycle, check_tailoring
from macros.checks.meaning import meaning_problems
from macros.checks.names import check_names, check_orphan_drafts, check_stable_ids, check_status
from macros.checks.notes import note_problems
from macros.checks.publication import review_problems
from macros.checks.quiz_bank import former_project_items, superseded_quotes
from macros.checks.quizzes import quiz_problems
from macros.checks.references import check_evidence, check_internal_links, check_references
from macros.checks.responsibility import check_covers
from macros.checks.templates import check_computed_columns
from macros.checks.terminology import synonym_problems
from macros.checks.unique_ids import check_unique_ids
from macros.core.problems import Problem
from macros.loading.texts import TextFile
from macros.quiz.quizzes import QuizSet

CatalogCheck = Callable[[Catalog], list[Problem]]

# The rules between the files of standards/, in the order their problems are listed.
CATALOG_CHECKS: tuple[CatalogCheck, ...] = (
    check_names, check_references, check_lifecycle, check_stable_ids, check_status, check_editions, check_orphan_drafts,
    check_internal_links, check_lock, check_published_editions, check_tailoring, check_covers, check_see,
    check_duplicates, check_examples, check_computed_columns, check_evidence, note_problems, check_unique_ids,
    check_criteria_in_force, check_links_in_force, check_glossary, check_cases, check_characteristics, meaning_problems,
)


def catalog_problems(cat: Catalog) -> list[Problem]:
    """Every rule on the standards, roles and editions."""
    return [problem for check in CATALOG_CHECKS for problem in check(cat)]


def project_problems(cat: Catalog, quizset: QuizSet, texts: list[TextFile]) -> list[Problem]:
    """The rules that need the quizzes and the texts too: terminology, quiz quality and coverage, the edition under review,
    addresses in data texts, citations of the case's facts, questions left behind by the content."""
    # A published file's wording is fixed (a change goes to a new version): the terminology reads the others.
    unpublished = [t for t in texts if t.display not in cat.lock]
    return (synonym_problems(cat, unpublished) + quiz_problems(quizset, cat) + review_problems(cat, quizset) + address_problems(cat, quizset, texts)
            + citation_problems(cat, quizset, texts) + superseded_quotes(cat, quizset, texts) + former_project_items(cat, quizset))


def text_problems(cat: Catalog, texts: list[TextFile]) -> list[Problem]:
    """The rules on the texts of standards/ alone, reported even while the standards hold other errors (the quizzes are
    then not loaded): addresses in data texts."""
    return address_problems(cat, None, texts)
