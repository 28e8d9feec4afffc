"""Page data of the templates catalogue: every template with its phases, roles and categories."""
from __future__ import annotations

from dataclasses import dataclass

from macros.catalog.catalog import Catalog
from macros.catalog.queries import (
    categories,
    item_roles,
    phase_names,
    role_name,
    template_uses,
)
from macros.catalog.tailoring import characteristics, offered_in
from macros.core.text import one_line
from macros.core.vocabulary import Level
from macros.model import Standard, Template, tr


@dataclass(frozen=True)
class TemplateRoles:
    """What a template's files say about who does what: the R and A of the RACI rows that cover the items using it,
    by name, and the names of the roles its standard's risk matrix brings risks to."""

    doers: tuple[str, ...]
    approvers: tuple[str, ...]
    role_names: dict[str, str]


def template_roles(cat: Catalog, standard: Standard, template: Template) -> TemplateRoles:
    """Who fills in a template (R) and who approves it (A), from the items of its standard that use it."""
    doers: list[str] = []
    approvers: list[str] = []
    for item in standard.checklist:
        if item.template == template.id:
            found, approver = item_roles(standard, item)
            doers += [r for r in found if r not in doers]
            if approver and approver not in approvers:
                approvers.append(approver)
    m = standard.risk_matrix
    named = [x.escalates_to for x in m.criticality] + [x.decided_by for x in m.impact] if m else []
    return TemplateRoles(tuple(role_name(cat, r) for r in doers), tuple(role_name(cat, r) for r in approvers),
                         {r: role_name(cat, r) for r in named if r})


@dataclass(frozen=True)
class TemplateUse:
    standard: Standard
    template: Template
    phases: set[str]
    roles: set[str]
    categories: set[str]  # the categories of project it serves and whose items use it (not all « non applicable »)
    conditions: set[str]  # the characteristics a project needs it for (empty: any project needs it)


@dataclass(frozen=True)
class TemplatesIndex:
    edition_id: str
    phases: list[tuple[str, str]]
    roles: list[tuple[str, str]]
    categories: list[tuple[str, str]]
    characteristics: list[tuple[str, str]]  # id, name
    uses: list[TemplateUse]


def templates_index(cat: Catalog) -> TemplatesIndex:
    edition = cat.current_edition()
    assert edition is not None
    roles = [(r.meta.id, one_line(tr(r.meta.name))) for r in cat.current_roles()]
    chosen = [(c.id, one_line(tr(c.name))) for c in categories(cat)]

    def used_in(s: Standard, t: Template) -> set[str]:
        users = [i for i in s.checklist if i.template == t.id]
        return {c for c, _ in chosen if offered_in(t, c) and (not users or any(i.level_for(c) != Level.NOT_APPLICABLE for i in users))}

    def conditions(s: Standard, t: Template) -> set[str]:
        users = [i for i in s.checklist if i.template == t.id]
        # Needed by every project as soon as one item that uses it applies to every project.
        return set() if not users or any(not i.only_if for i in users) else {c for i in users for c in i.only_if}

    return TemplatesIndex(edition.id, list(phase_names(cat).items()), roles, chosen,
                          [(c.id, one_line(tr(c.name))) for c in characteristics(cat)],
                          [TemplateUse(s, t, phases, used_by, used_in(s, t), conditions(s, t)) for s, t, phases, used_by in template_uses(cat)])
