"""Tailoring questions: the characteristics items depend on, the criteria and the templates of each category of project."""
from __future__ import annotations

from collections.abc import Sequence

from macros.catalog.catalog import Catalog, StandardVersion
from macros.catalog.queries import categories
from macros.core.text import one_line
from macros.core.vocabulary import Level
from macros.model import Characteristic, ChecklistItem, Gate, GateCriterion, Standard, Template, tr


def characteristics(cat: Catalog) -> list[Characteristic]:
    """The project characteristics of standards/tailoring.yaml, in their order (none without the file)."""
    return list(cat.tailoring.characteristics) if cat.tailoring else []


def category_label(cat: Catalog, category: str) -> str:
    """A category as it reads after « un projet »: its name in lower case (« léger »), its id when unknown."""
    return next((one_line(tr(c.name)).lower() for c in categories(cat) if c.id == category), category)


def criterion_holds(criterion: GateCriterion, item: ChecklistItem | None, category: str) -> bool:
    """Whether a gate criterion holds for a project of that category: listed for it (or for all), and, when it names
    an item, that item mandatory there."""
    if criterion.categories and category not in criterion.categories:
        return False
    return item is None or item.level_for(category) == Level.MANDATORY


def gate_deciders(gate: Gate, category_ids: Sequence[str]) -> dict[str, str]:
    """Category id -> the role that decides the gate for it (categories without a decider left out)."""
    return {c: role for c in category_ids if (role := gate.decider(c)) is not None}


def _phase_rank(cat: Catalog) -> dict[str, int]:
    return {p.id: n for n, p in enumerate(cat.lifecycle.phases)} if cat.lifecycle else {}


def template_creators(cat: Catalog, standard: Standard) -> dict[str, ChecklistItem]:
    """Template id -> the item that establishes its document: the first of the standard to name it, in lifecycle order."""
    rank = _phase_rank(cat)
    creators: dict[str, tuple[int, ChecklistItem]] = {}
    for item in standard.checklist:  # in file order: of two items of one phase, the first establishes the document
        if item.template is not None:
            order = rank.get(item.phase, len(rank))
            if item.template not in creators or order < creators[item.template][0]:
                creators[item.template] = (order, item)
    return {template: item for template, (_, item) in creators.items()}


def offered_in(template: Template, category: str) -> bool:
    """Whether the template serves projects of that category (its own list; every category when it names none)."""
    return not template.categories or category in template.categories


def template_for(cat: Catalog, versions: Sequence[StandardVersion], standard: Standard, template_id: str,
                 category: str) -> tuple[Standard, Template] | None:
    """The template an item naming `template_id` points a project of that category to: the template itself where it
    serves the category, else the template of these versions that replaces it there; None when there is none."""
    own = next((t for t in standard.templates if t.id == template_id), None)
    if own is None:
        return None
    if offered_in(own, category):
        return standard, own
    return next(((sv.standard, t) for sv in versions for t in sv.standard.templates
                 if template_id in t.replaces and offered_in(t, category)), None)


def missing_template(cat: Catalog, versions: Sequence[StandardVersion], standard: Standard, item: ChecklistItem,
                     category: str, creators: dict[str, ChecklistItem]) -> str | None:
    """Why the document an item relies on does not exist for a project of that category, or None when it does
    (creators: the standard's template_creators, computed once for all its items)."""
    if item.template is None:
        return None
    own = next((t for t in standard.templates if t.id == item.template), None)
    if own is None:
        return None  # an unknown template is reported by the reference checks
    creator = creators.get(item.template)
    if creator is not None and creator.id != item.id and creator.level_for(category) == Level.NOT_APPLICABLE:
        return f"{creator.id}, qui l'établit, est non applicable pour cette catégorie"
    if template_for(cat, versions, standard, item.template, category) is None:
        return "il n'est pas proposé pour cette catégorie et aucun modèle ne l'y remplace"
    return None
