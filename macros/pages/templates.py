"""Page data of the templates catalogue: every template with its phases, roles and categories."""
from __future__ import annotations

from dataclasses import dataclass

from macros.catalog.catalog import Catalog
from macros.catalog.queries import (
    categories,
    phase_names,
    template_uses,
)
from macros.core.text import one_line
from macros.core.vocabulary import Level
from macros.model import Standard, Template, tr


@dataclass(frozen=True)
class TemplateUse:
    standard: Standard
    template: Template
    phases: set[str]
    roles: set[str]
    categories: set[str]  # the categories of project whose items use it (not all « non applicable »)


@dataclass(frozen=True)
class TemplatesIndex:
    edition_id: str
    phases: list[tuple[str, str]]
    roles: list[tuple[str, str]]
    categories: list[tuple[str, str]]
    uses: list[TemplateUse]


def templates_index(cat: Catalog) -> TemplatesIndex:
    edition = cat.current_edition()
    assert edition is not None
    roles = [(r.meta.id, one_line(tr(r.meta.name))) for r in cat.current_roles()]
    chosen = [(c.id, one_line(tr(c.name))) for c in categories(cat)]

    def used_in(s: Standard, t: Template) -> set[str]:
        users = [i for i in s.checklist if i.template == t.id]
        return {c for c, _ in chosen if not users or any(i.level_for(c) != Level.NOT_APPLICABLE for i in users)}

    return TemplatesIndex(edition.id, list(phase_names(cat).items()), roles, chosen,
                          [TemplateUse(s, t, phases, used_by, used_in(s, t)) for s, t, phases, used_by in template_uses(cat)])
