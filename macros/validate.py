"""Validation of the whole project's data: standards, roles, editions, quizzes and the onboarding path."""
from __future__ import annotations

from pathlib import Path

from macros.catalog import load_catalog
from macros.problems import Problem
from macros.quizzes import load_quizzes


def validate_all(project: Path) -> tuple[list[Problem], dict[str, int]]:
    """Every problem of the project's data, and counts of what was checked."""
    cat = load_catalog(project / "standards")
    quizset = load_quizzes(project, cat)
    versions = sum(len(v) for v in cat.standards.values())
    items = sum(len(sv.standard.checklist) for sv in cat.current_standards())
    counts = {
        "standards": len(cat.standards),
        "versions": versions,
        "roles": len(cat.roles),
        "editions": len(cat.editions),
        "checklist_items": items,
        "quizzes": len(quizset.quizzes),
        "questions": sum(len(q.questions) for q in quizset.quizzes.values()),
    }
    return list(cat.problems) + list(quizset.problems), counts
