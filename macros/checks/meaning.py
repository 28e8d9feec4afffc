"""The rules on meaning, checked on the edition to come: they warn while it is prepared, and `pmo publish` refuses it
while one of them still speaks (macros/checks/publication.py)."""
from __future__ import annotations

from collections.abc import Callable

from macros.catalog.catalog import Catalog
from macros.checks.applicability import (
    check_criteria_categories,
    check_mandatory_relies_on_applicable,
    check_template_categories,
)
from macros.checks.responsibility import MEANING, check_gate_decisions, check_item_coverage, check_no_responsible
from macros.checks.risk_matrix import check_risk_matrices
from macros.core.problems import Problem
from macros.core.vocabulary import Severity

# Who does what, what applies to which project, where each risk goes.
MEANING_CHECKS: tuple[Callable[[Catalog], list[Problem]], ...] = (
    check_item_coverage, check_no_responsible, check_gate_decisions, check_template_categories,
    check_mandatory_relies_on_applicable, check_criteria_categories, check_risk_matrices,
)


def meaning_problems(cat: Catalog) -> list[Problem]:
    """Every problem of the rules on meaning; their warnings are marked as blocking the publication (`pmo validate`
    says so beside each one)."""
    return [p.blocking() if p.severity == MEANING else p for check in MEANING_CHECKS for p in check(cat)]


def meaning_blockers(cat: Catalog) -> list[Problem]:
    """The rules on meaning as `pmo publish` applies them: each of their warnings refuses the publication."""
    return [Problem(p.file, p.line, p.column, p.field, p.message, Severity.ERROR, blocks_publication=True)
            for p in meaning_problems(cat) if p.severity == MEANING]
