"""Page data of roles: the roles index, each role's page, the RACI matrix."""
from __future__ import annotations

from dataclasses import dataclass

from macros.catalog.catalog import Catalog
from macros.catalog.queries import (
    raci_matrix,
    role_name,
)
from macros.core import links
from macros.core.text import one_line
from macros.core.vocabulary import RaciLetter
from macros.model import Entry, Role, Standard, tr
from macros.pages.checklist import ChecklistLine, checklist_lines
from macros.pages.common import body_links, edition_id_of


@dataclass(frozen=True)
class RolesIndex:
    roles: list[Role]


@dataclass(frozen=True)
class RaciLine:
    standard: Standard
    activity: str
    letters: list[RaciLetter]


@dataclass(frozen=True)
class RolePage:
    role: Role
    reports_to_name: str | None
    links: dict[str, str | None]
    raci: list[RaciLine]
    items: list[ChecklistLine]  # the items it does (R) or approves (A)


@dataclass(frozen=True)
class RaciMatrix:
    roles: list[tuple[str, str]]  # id, column label
    rows: list[tuple[Standard, str, dict[str, str]]]
    xlsx: str
    edition_id: str = ""  # names the download (« matrice-raci-2027.1.xlsx »)


def roles_index(cat: Catalog) -> RolesIndex:
    return RolesIndex(cat.current_roles())


def role_page(cat: Catalog, role: Role) -> RolePage:
    m = role.meta
    raci = []
    for sv in cat.current_standards():
        for row in sv.standard.raci:
            held = [letter for letter in RaciLetter
                    if (m.id == row.A if letter == RaciLetter.A else m.id in getattr(row, letter.value))]
            if held:
                raci.append(RaciLine(sv.standard, one_line(tr(row.activity)), held))
    # The items the role does (R of the row that covers them) or approves (its A).
    items = [line for line in checklist_lines(cat, [Entry(sv.standard, item) for sv in cat.current_standards() for item in sv.standard.checklist])
             if any(r.id == m.id for r in line.doers) or (line.approver is not None and line.approver.id == m.id)]
    return RolePage(role, role_name(cat, m.reports_to) if m.reports_to else None,
                    body_links(cat, links.role_page(m.id), role.body), raci, items)


def raci_page(cat: Catalog, xlsx: str) -> RaciMatrix:
    roles = [(r.meta.id, r.meta.short_name or one_line(tr(r.meta.name))) for r in cat.current_roles()]
    return RaciMatrix(roles, raci_matrix(cat), xlsx, edition_id_of(cat))
