"""Page data of the lifecycle diagram: phases, gates, who decides, key documents."""
from __future__ import annotations

from dataclasses import dataclass

from macros.catalog.catalog import Catalog
from macros.catalog.queries import (
    template_uses,
)
from macros.core import links
from macros.core.text import one_line
from macros.model import Gate, tr
from macros.pages.gates import decision_text


@dataclass(frozen=True)
class PhaseBlock:
    """One phase of the lifecycle as the diagram shows it, with the gate that closes it."""

    id: str
    name: str
    description: str
    documents: list[tuple[str, str, str]]  # title, standard slug, template id
    gate: Gate | None
    decided_by: str | None


@dataclass(frozen=True)
class LifecyclePage:
    src: str
    phases: list[PhaseBlock]


def lifecycle_page(cat: Catalog) -> LifecyclePage:
    """Phases, gates, who decides and the key documents of each phase (the project templates its items name)."""
    assert cat.lifecycle is not None
    blocks = []
    uses = template_uses(cat)
    order = [p.id for p in cat.lifecycle.phases]
    for phase in cat.lifecycle.phases:
        gate = next((g for g in cat.lifecycle.gates if g.after == phase.id), None)
        # The documents a phase produces first (their earliest use is in it), then those it keeps up to date.
        found = [(min(order.index(p) for p in phases if p in order) != order.index(phase.id), one_line(tr(t.title)), s.slug, t.id)
                 for s, t, phases, _ in uses if phase.id in phases]
        documents = [(title, slug, tid) for _, title, slug, tid in sorted(found)]
        blocks.append(PhaseBlock(phase.id, one_line(tr(phase.name)), one_line(tr(phase.description)), documents, gate,
                                 decision_text(cat, gate) if gate else None))
    return LifecyclePage(links.LIFECYCLE_PAGE, blocks)
