"""The lifecycle and tailoring: phases and gates, gate criteria, categories and the levels items take in each."""
from __future__ import annotations

import itertools

from macros.catalog.catalog import Catalog
from macros.core.constants import LIFECYCLE_FILE, TAILORING_FILE
from macros.core.problems import Problem
from macros.core.text import did_you_mean
from macros.core.vocabulary import LEVEL_WEIGHT
from macros.model import ChecklistItem


def check_lifecycle(cat: Catalog) -> list[Problem]:
    """Every gate closes a known phase, at most one gate per phase (ids are unique: macros.checks.unique_ids)."""
    if cat.lifecycle is None:
        return []
    problems = []
    file = cat.rel(cat.root / LIFECYCLE_FILE)
    phase_ids = [p.id for p in cat.lifecycle.phases]
    closed: set[str] = set()
    for i, gate in enumerate(cat.lifecycle.gates):
        if gate.after not in phase_ids:
            problems.append(cat.problem_at(file, ("gates", i, "after"), f"phase inconnue « {gate.after} »{did_you_mean(gate.after, phase_ids)}"))
        if gate.after in closed:
            problems.append(cat.problem_at(file, ("gates", i, "after"), f"la phase « {gate.after} » a déjà un jalon"))
        closed.add(gate.after)
    return problems + _gate_criteria(cat, file, phase_ids)


def _gate_criteria(cat: Catalog, file: str, phase_ids: list[str]) -> list[Problem]:
    """Each gate's deciding role exists; each criterion names an item of a phase that ends at or before the gate."""
    assert cat.lifecycle is not None
    problems = []
    items = {i.id: i for versions in cat.standards.values() for sv in versions.values() for i in sv.standard.checklist}
    current = {e.id: e for sv in cat.current_standards() for e in sv.standard.checklist}
    for g, gate in enumerate(cat.lifecycle.gates):
        deciders = gate.decided_by.items() if isinstance(gate.decided_by, dict) else [(None, gate.decided_by)]
        for category, role in deciders:
            if role is not None and cat.roles and role not in cat.roles:
                where = ("gates", g, "decided_by") if category is None else ("gates", g, "decided_by", category)
                problems.append(cat.problem_at(file, where, f"rôle inconnu « {role} »{did_you_mean(role, cat.roles)} ; rôles définis : {', '.join(sorted(cat.roles))}"))
        seen: set[str] = set()
        for c, criterion in enumerate(gate.criteria):
            key = criterion.item or criterion.id or ""
            if key in seen:
                problems.append(cat.problem_at(file, ("gates", g, "criteria", c), f"critère « {key} » cité deux fois pour ce jalon"))
            seen.add(key)
            if criterion.item is None:
                continue
            item = current.get(criterion.item) or items.get(criterion.item)
            if item is None:
                problems.append(cat.problem_at(file, ("gates", g, "criteria", c, "item"), f"élément de contrôle inconnu « {criterion.item} »{did_you_mean(criterion.item, items)}"))
            elif gate.after in phase_ids and item.phase in phase_ids and phase_ids.index(item.phase) > phase_ids.index(gate.after):
                problems.append(cat.problem_at(file, ("gates", g, "criteria", c, "item"),
                                    f"{criterion.item} appartient à la phase « {item.phase} », qui suit ce jalon : un critère de passage "
                                    f"porte sur ce qui est fait au plus tard pendant la phase « {gate.after} »"))
    return problems


def check_tailoring(cat: Catalog) -> list[Problem]:
    """The default category is one of them (ids are unique: macros.checks.unique_ids), every criterion has a threshold for each, every level
    an item sets is for a known category, and a level only gets stricter from a lighter to a heavier category."""
    if cat.tailoring is None:
        return [cat.problem_at(sv.source, ("checklist", i, "levels"), "niveaux par catégorie sans standards/tailoring.yaml : "
                    "définissez d'abord les catégories de projet")
                for versions in cat.standards.values() for sv in versions.values()
                for i, item in enumerate(sv.standard.checklist) if item.levels]
    problems = []
    file = cat.rel(cat.root / TAILORING_FILE)
    order = [c.id for c in cat.tailoring.categories]
    if cat.tailoring.default not in order:
        problems.append(cat.problem_at(file, ("default",), f"catégorie par défaut inconnue « {cat.tailoring.default} »{did_you_mean(cat.tailoring.default, order)}"
                                                           f" ; catégories : {', '.join(order)}"))
    for i, criterion in enumerate(cat.tailoring.criteria):
        if sorted(criterion.thresholds) != sorted(order):
            problems.append(cat.problem_at(file, ("criteria", i, "thresholds"), f"un seuil par catégorie est attendu : {', '.join(order)}"))
    for versions in cat.standards.values():
        for sv in versions.values():
            for i, item in enumerate(sv.standard.checklist):
                problems += _item_levels(cat, sv.source, i, item, order)
    return problems


def _item_levels(cat: Catalog, file: str, index: int, item: ChecklistItem, order: list[str]) -> list[Problem]:
    assert cat.tailoring is not None
    problems = []
    for category in item.levels:
        if category not in order:
            problems.append(cat.problem_at(file, ("checklist", index, "levels", category), f"catégorie inconnue « {category} »{did_you_mean(category, order)}"
                                                                                           f" ; catégories : {', '.join(order)}"))
        elif category == cat.tailoring.default:
            problems.append(cat.problem_at(file, ("checklist", index, "levels", category),
                                f"« {category} » est la catégorie par défaut : son niveau est celui du champ level"))
    levels = [(c, item.level_for(c)) for c in order]
    for (lighter, before), (heavier, after) in itertools.pairwise(levels):
        if LEVEL_WEIGHT[after] < LEVEL_WEIGHT[before]:
            where = heavier if heavier in item.levels else lighter
            problems.append(cat.problem_at(file, ("checklist", index, "levels", where) if where in item.levels else ("checklist", index, "level"),
                                f"{item.id} est « {before} » pour un projet {lighter} mais « {after} » pour un projet {heavier} : "
                                "une exigence ne peut que se durcir d'une catégorie à la plus lourde"))
    return problems
