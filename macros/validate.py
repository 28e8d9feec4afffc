"""Validation of the whole project's data: standards, roles, editions, quizzes and the onboarding path."""
from __future__ import annotations

from pathlib import Path

from macros.catalog import Catalog, load_catalog
from macros.problems import Problem
from macros.quizzes import QuizSet, load_quizzes


def validate_all(project: Path) -> tuple[list[Problem], dict[str, int]]:
    """Every problem of the project's data, and counts of what was checked."""
    cat = load_catalog(project / "standards")
    if cat.errors:
        # Quizzes are checked against the standards: with a standard unreadable, every question covering it
        # would be reported as broken, burying the real cause. Check them once the standards are valid.
        skipped = [Problem("quizzes", 1, 1, "", "quiz non vérifiés tant que les standards contiennent des erreurs",
                           "avertissement")] if (project / "quizzes").is_dir() else []
        return list(cat.problems) + skipped, _counts(cat, None)
    quizset = load_quizzes(project, cat)
    return list(cat.problems) + list(quizset.problems), _counts(cat, quizset)


def _counts(cat: Catalog, quizset: QuizSet | None) -> dict[str, int]:
    versions = sum(len(v) for v in cat.standards.values())
    items = sum(len(sv.standard.checklist) for sv in cat.current_standards())
    quizzes = quizset.quizzes.values() if quizset is not None else []
    return {
        "standards": len(cat.standards),
        "versions": versions,
        "roles": len(cat.roles),
        "editions": len(cat.editions),
        "checklist_items": items,
        "quizzes": len(quizzes),
        "questions": sum(len(q.questions) for q in quizzes),
    }
