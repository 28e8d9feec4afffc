"""Page data of gates: the checklists index, each gate's list per category, the categories page, the PMO's own lists."""
from __future__ import annotations

from dataclasses import dataclass

from macros.catalog.catalog import Catalog
from macros.catalog.queries import (
    categories,
    default_category,
    find_item,
    gate_entries,
    phase_names,
    role_name,
    scoped_entries,
    sort_mandatory_first,
)
from macros.core import links
from macros.core.text import one_line
from macros.core.vocabulary import LEVEL_PLURALS, Level, Scope
from macros.model import ChecklistItem, Entry, Gate, Standard, Tailoring, tr
from macros.pages.checklist import ChecklistGroups, ChecklistLine, checklist_lines
from macros.pages.common import CategoryRef, category_refs, edition_id_of, phase_name


@dataclass(frozen=True)
class GateRow:
    gate: Gate
    phase_name: str
    mandatory: dict[str, int]  # category id -> mandatory items
    recommended: dict[str, int]


@dataclass(frozen=True)
class ChecklistsIndex:
    rows: list[GateRow]
    categories: list[CategoryRef]


@dataclass(frozen=True)
class CriterionRow:
    """A go/no-go criterion of a gate: an item of a standard, or the gate's own."""

    id: str
    text: str
    evidence: str
    standard: Standard | None


@dataclass(frozen=True)
class GatePage:
    gate: Gate
    src: str
    phase_name: str
    edition_id: str
    lines: list[ChecklistLine]  # at their level for the page's category, mandatory first
    groups: ChecklistGroups  # the applicable lines by level: « Obligatoires », then « Recommandés »
    skipped: list[ChecklistLine]  # not applicable in this category
    category: CategoryRef
    categories: list[CategoryRef]
    decided_by: str | None
    criteria: list[CriterionRow]


@dataclass(frozen=True)
class CategoriesPage:
    tailoring: Tailoring | None
    categories: list[CategoryRef]
    default: str
    mandatory: dict[str, int]  # category id -> mandatory project items in force
    changed: list[tuple[Standard, ChecklistItem, dict[str, Level]]]  # items whose level differs by category


@dataclass(frozen=True)
class ScopePage:
    """A checklist of the PMO's own work: its set-up roadmap, or the portfolio's recurring routines."""

    src: str
    title: str
    intro: str
    groups: ChecklistGroups
    edition_id: str


def checklists_index(cat: Catalog) -> ChecklistsIndex:
    rows = []
    for gate in cat.lifecycle.gates if cat.lifecycle else []:
        mandatory, recommended = {}, {}
        for category in categories(cat):
            entries = gate_entries(cat, gate, category.id)
            mandatory[category.id] = sum(e.item.level == Level.MANDATORY for e in entries)
            recommended[category.id] = sum(e.item.level == Level.RECOMMENDED for e in entries)
        rows.append(GateRow(gate, phase_name(cat, gate.after), mandatory, recommended))
    return ChecklistsIndex(rows, category_refs(cat, lambda c: links.CHECKLISTS_INDEX))


def gate_criteria(cat: Catalog, gate: Gate) -> list[CriterionRow]:
    rows = []
    for criterion in gate.criteria:
        if criterion.item is not None:
            found = find_item(cat, criterion.item)
            if found is not None:
                item = found.item
                rows.append(CriterionRow(item.id, one_line(tr(item.text)), one_line(tr(item.evidence)) if item.evidence else "", found.standard))
        else:
            rows.append(CriterionRow(criterion.id or "", one_line(tr(criterion.text)), one_line(tr(criterion.evidence)), None))
    return rows


def gate_page(cat: Catalog, gate: Gate, category: str | None = None) -> GatePage:
    """The checklist of one gate for one category of project (the default one when None)."""
    edition = cat.current_edition()
    assert edition is not None
    refs = category_refs(cat, lambda c: links.gate_page(gate.id, c))
    chosen = next(r for r in refs if r.id == (category or default_category(cat)))
    lines = checklist_lines(cat, gate_entries(cat, gate, chosen.id))
    groups = [(LEVEL_PLURALS[level], [line for line in lines if line.level == level]) for level in (Level.MANDATORY, Level.RECOMMENDED)]
    skipped = [line for line in lines if line.level == Level.NOT_APPLICABLE]
    return GatePage(gate, chosen.src, phase_name(cat, gate.after), edition.id, lines, groups, skipped,
                    chosen, refs, role_name(cat, gate.decided_by) if gate.decided_by else None, gate_criteria(cat, gate))


def categories_page(cat: Catalog) -> CategoriesPage:
    project_items = scoped_entries(cat, Scope.PROJECT)
    mandatory = {c.id: sum(e.item.level_for(c.id) == Level.MANDATORY for e in project_items) for c in categories(cat)}
    changed = [(e.standard, e.item, {c.id: e.item.level_for(c.id) for c in categories(cat)}) for e in project_items if e.item.levels]
    return CategoriesPage(cat.tailoring, category_refs(cat, lambda c: links.CATEGORIES_PAGE), default_category(cat), mandatory, changed)


def pmo_roadmap(cat: Catalog) -> ScopePage:
    """The PMO's own set-up work, phase by phase."""
    entries = scoped_entries(cat, Scope.PMO)
    groups = [(f"Phase : {name}", checklist_lines(cat, sort_mandatory_first([e for e in entries if e.item.phase == pid])))
              for pid, name in phase_names(cat).items()]
    return ScopePage(links.PMO_ROADMAP, "Feuille de route de mise en place du PMO",
                     "Ce que le PMO fait pour lui-même : se mettre en place, puis fonctionner et s'améliorer. Ces éléments ne "
                     "figurent pas dans les listes de contrôle des projets.", [g for g in groups if g[1]], edition_id_of(cat))


def portfolio_calendar(cat: Catalog) -> ScopePage:
    """The portfolio's recurring routines, by frequency, then what happens once per project."""
    entries = scoped_entries(cat, Scope.PORTFOLIO)
    frequencies: dict[str, list[Entry]] = {}
    for e in entries:
        key = one_line(tr(e.item.frequency)) if e.item.frequency else "À chaque projet, au moment indiqué"
        frequencies.setdefault(key, []).append(e)
    groups = [(key, checklist_lines(cat, sort_mandatory_first(found))) for key, found in frequencies.items()]
    groups.sort(key=lambda g: g[0].startswith("À chaque projet"))
    return ScopePage(links.PORTFOLIO_CALENDAR, "Calendrier du portefeuille",
                     "Les routines du PMO et des instances de portefeuille : consolider, arbitrer, réexaminer, mesurer les bénéfices. "
                     "Elles portent sur l'ensemble des projets et ne figurent pas dans les listes de contrôle d'un projet.",
                     groups, edition_id_of(cat))
