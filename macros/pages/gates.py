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
from macros.catalog.tailoring import characteristics, criterion_holds, gate_deciders
from macros.core import links
from macros.core.text import one_line
from macros.core.vocabulary import LEVEL_PLURALS, Level, Scope
from macros.model import Characteristic, ChecklistItem, Entry, Gate, Standard, Tailoring, tr
from macros.pages.checklist import ChecklistGroups, ChecklistLine, checklist_lines, condition_text
from macros.pages.common import CategoryRef, category_refs, edition_id_of, phase_name

# The group of a gate's list that holds the mandatory items of some projects only (« Obligatoire si … »).
CONDITIONAL_GROUP = "Obligatoires selon le projet"


@dataclass(frozen=True)
class GateRow:
    gate: Gate
    phase_name: str
    mandatory: dict[str, int]  # category id -> mandatory items of every project
    conditional: dict[str, int]  # category id -> mandatory items of the projects with some characteristic
    recommended: dict[str, int]
    decision: str | None  # who decides the gate, per category when it differs


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
    categories: tuple[str, ...]  # the categories of project it holds for
    only_if: tuple[str, ...]  # the characteristics its item depends on (none: every project)
    condition: str  # « si … » for a criterion of some projects only, else ""


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
    decided_by: str | None  # for the page's category
    criteria: list[CriterionRow]  # those that hold for the page's category


@dataclass(frozen=True)
class CategoriesPage:
    tailoring: Tailoring | None
    categories: list[CategoryRef]
    default: str
    mandatory: dict[str, int]  # category id -> mandatory project items in force, for every project
    conditional: dict[str, int]  # category id -> mandatory project items in force, for some projects
    changed: list[tuple[Standard, ChecklistItem, dict[str, Level]]]  # items whose level differs by category
    deciders: list[tuple[Gate, dict[str, str]]]  # each gate and, per category id, the name of the role that decides it
    characteristics: list[tuple[Characteristic, list[tuple[Standard, ChecklistItem]]]]  # and the items that depend on each


@dataclass(frozen=True)
class ScopePage:
    """A checklist of the PMO's own work: its set-up roadmap, or the portfolio's recurring routines."""

    src: str
    title: str
    intro: str
    groups: ChecklistGroups
    edition_id: str


def deciders(cat: Catalog, gate: Gate) -> dict[str, str]:
    """Category id -> the name of the role that decides the gate for a project of that category."""
    return {c: role_name(cat, role) for c, role in gate_deciders(gate, [x.id for x in categories(cat)]).items()}


def decision_text(cat: Catalog, gate: Gate) -> str | None:
    """Who decides a gate, per category when it differs: « Sponsor (léger) ; Comité de pilotage (standard, majeur) »."""
    found = deciders(cat, gate)
    names = list(dict.fromkeys(found.values()))
    if len(names) <= 1:
        return names[0] if names else None
    labels = {c.id: one_line(tr(c.name)).lower() for c in categories(cat)}
    return " ; ".join(f"{name} ({', '.join(labels[c] for c, n in found.items() if n == name)})" for name in names)


def checklists_index(cat: Catalog) -> ChecklistsIndex:
    rows = []
    for gate in cat.lifecycle.gates if cat.lifecycle else []:
        mandatory, conditional, recommended = {}, {}, {}
        for category in categories(cat):
            entries = gate_entries(cat, gate, category.id)
            mandatory[category.id] = sum(e.item.level == Level.MANDATORY and not e.item.only_if for e in entries)
            conditional[category.id] = sum(e.item.level == Level.MANDATORY and bool(e.item.only_if) for e in entries)
            recommended[category.id] = sum(e.item.level == Level.RECOMMENDED for e in entries)
        rows.append(GateRow(gate, phase_name(cat, gate.after), mandatory, conditional, recommended, decision_text(cat, gate)))
    return ChecklistsIndex(rows, category_refs(cat, lambda c: links.CHECKLISTS_INDEX))


def gate_criteria(cat: Catalog, gate: Gate, category: str | None = None) -> list[CriterionRow]:
    """The criteria of a gate (those that hold for the category, when one is given), each with the categories it holds for."""
    rows = []
    ids = [c.id for c in categories(cat)]
    for criterion in gate.criteria:
        if criterion.item is not None:
            found = find_item(cat, criterion.item)
            if found is None:
                continue
            item = found.item
            row = CriterionRow(item.id, one_line(tr(item.text)), one_line(tr(item.evidence)) if item.evidence else "", found.standard,
                               tuple(c for c in ids if criterion_holds(criterion, item, c)), tuple(item.only_if),
                               condition_text(cat, item.only_if))
        else:
            row = CriterionRow(criterion.id or "", one_line(tr(criterion.text)), one_line(tr(criterion.evidence)), None,
                               tuple(c for c in ids if criterion_holds(criterion, None, c)), (), "")
        if category is None or category in row.categories:
            rows.append(row)
    return rows


def gate_page(cat: Catalog, gate: Gate, category: str | None = None) -> GatePage:
    """The checklist of one gate for one category of project (the default one when None)."""
    edition = cat.current_edition()
    assert edition is not None
    refs = category_refs(cat, lambda c: links.gate_page(gate.id, c))
    chosen = next(r for r in refs if r.id == (category or default_category(cat)))
    lines = checklist_lines(cat, gate_entries(cat, gate, chosen.id), chosen.id)
    groups = [(LEVEL_PLURALS[Level.MANDATORY], [line for line in lines if line.level == Level.MANDATORY and not line.only_if]),
              (CONDITIONAL_GROUP, [line for line in lines if line.level == Level.MANDATORY and line.only_if]),
              (LEVEL_PLURALS[Level.RECOMMENDED], [line for line in lines if line.level == Level.RECOMMENDED])]
    skipped = [line for line in lines if line.level == Level.NOT_APPLICABLE]
    return GatePage(gate, chosen.src, phase_name(cat, gate.after), edition.id, lines, groups, skipped,
                    chosen, refs, deciders(cat, gate).get(chosen.id), gate_criteria(cat, gate, chosen.id))


def categories_page(cat: Catalog) -> CategoriesPage:
    project_items = scoped_entries(cat, Scope.PROJECT)
    mandatory = {c.id: sum(e.item.level_for(c.id) == Level.MANDATORY and not e.item.only_if for e in project_items) for c in categories(cat)}
    conditional = {c.id: sum(e.item.level_for(c.id) == Level.MANDATORY and bool(e.item.only_if) for e in project_items)
                   for c in categories(cat)}
    changed = [(e.standard, e.item, {c.id: e.item.level_for(c.id) for c in categories(cat)}) for e in project_items if e.item.levels]
    gates = [(g, deciders(cat, g)) for g in (cat.lifecycle.gates if cat.lifecycle else [])]
    depending = [(c, [(e.standard, e.item) for e in project_items if c.id in e.item.only_if]) for c in characteristics(cat)]
    return CategoriesPage(cat.tailoring, category_refs(cat, lambda c: links.CATEGORIES_PAGE), default_category(cat), mandatory,
                          conditional, changed, gates, depending)


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
