"""The semver check: each new version's number is at least what its changes require (the bump of each impact is
BUMP_FOR_IMPACT in core/vocabulary.py), and a major version says its transition."""
from __future__ import annotations

from macros.catalog.catalog import Catalog
from macros.core.problems import Problem
from macros.core.vocabulary import BUMP_FOR_IMPACT, BUMP_LABELS, Bump
from macros.diff.changes import StandardDiff


def version_problems(cat: Catalog, standards: list[StandardDiff]) -> list[Problem]:
    """Each new version's number is at least what its changes require, and a major one has its transition."""
    problems = []
    for sd in standards:
        if sd.old_version is None or sd.new_version is None:
            continue
        sv = cat.standards[sd.slug][sd.new_version]
        declared = Bump.of(sd.old_version, sd.new_version)
        needed = [(BUMP_FOR_IMPACT[c.impact], c) for c in sd.changes if c.impact in BUMP_FOR_IMPACT]
        required = max((b for b, _ in needed), key=lambda b: b.weight, default=Bump.PATCH)
        if declared is None or declared.weight < required.weight:
            why = " ; ".join(f"{(c.item_id or c.target)} ({c.impact})" for b, c in needed if b == required)
            problems.append(cat.problem_at(sv.source, ("version",),
                                f"la version {sd.new_version} annonce une évolution {BUMP_LABELS[declared] if declared else 'inconnue'} depuis "
                                f"{sd.old_version}, mais ces changements demandent une version {BUMP_LABELS[required]} "
                                f"({required.next(sd.old_version)}) : {why}"))
        if Bump.MAJOR in (declared, required):
            s = sv.standard
            if s.transition_until is None and s.without_transition is None:
                problems.append(cat.problem_at(sv.source, ("version",),
                                    "une version majeure demande une transition : ajoutez transition_until: AAAA-MM-JJ (jusqu'à quand "
                                    f"les projets démarrés avant peuvent garder la version {sd.old_version}), ou without_transition: "
                                    "« la raison d'appliquer la nouvelle version sans délai »"))
    return [p.blocking() for p in problems]
