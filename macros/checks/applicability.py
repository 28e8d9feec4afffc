"""What applies to which project: characteristics items depend on, templates per category and the templates they
replace, and no mandatory item or gate criterion that relies on something a project of its category does not have."""
from __future__ import annotations

from macros.catalog.catalog import Catalog
from macros.catalog.queries import categories
from macros.catalog.tailoring import category_label, characteristics, missing_template, template_creators
from macros.checks.responsibility import MEANING, heading_versions
from macros.core.constants import LIFECYCLE_FILE
from macros.core.problems import Problem
from macros.core.text import one_line
from macros.core.vocabulary import Level
from macros.model import tr


def _names(cat: Catalog) -> str:
    return ", ".join(c.id for c in characteristics(cat)) or "aucune (définissez-les dans standards/tailoring.yaml, characteristics:)"


def check_characteristics(cat: Catalog) -> list[Problem]:
    """An item's `only_if` names known characteristics, each once (their ids are unique: checks/unique_ids.py)."""
    problems = []
    known = [c.id for c in characteristics(cat)]
    for versions in cat.standards.values():
        for sv in versions.values():
            for i, item in enumerate(sv.standard.checklist):
                for j, cid in enumerate(item.only_if):
                    if cid not in known:
                        problems.append(cat.problem_at(sv.source, ("checklist", i, "only_if", j),
                                                       f"caractéristique inconnue « {cid} » ; caractéristiques : {_names(cat)}"))
                    elif cid in item.only_if[:j]:
                        problems.append(cat.problem_at(sv.source, ("checklist", i, "only_if", j), f"caractéristique « {cid} » citée deux fois"))
    return problems


def check_template_categories(cat: Catalog) -> list[Problem]:
    """A template's categories are known; the templates it replaces exist, and no longer serve the categories it serves."""
    problems = []
    order = [c.id for c in categories(cat)]
    versions = heading_versions(cat)
    others = {t.id: (other.standard, t) for other in versions for t in other.standard.templates}
    for sv in versions:
        for t, template in enumerate(sv.standard.templates):
            for j, category in enumerate(template.categories):
                if category not in order:
                    problems.append(cat.problem_at(sv.source, ("templates", t, "categories", j),
                                                   f"catégorie inconnue « {category} » ; catégories : {', '.join(order)}"))
            if template.replaces and not template.categories:
                problems.append(cat.problem_at(sv.source, ("templates", t, "replaces"),
                                               "un modèle qui en remplace d'autres dit pour quelles catégories (categories:)"))
            for j, replaced in enumerate(template.replaces):
                found = others.get(replaced)
                if found is None or replaced == template.id:
                    problems.append(cat.problem_at(sv.source, ("templates", t, "replaces", j),
                                                   f"modèle inconnu « {replaced} » dans les standards de l'édition à venir"))
                    continue
                overlap = [c for c in template.categories if not found[1].categories or c in found[1].categories]
                if overlap:
                    problems.append(cat.problem_at(sv.source, ("templates", t, "replaces", j),
                                        f"« {one_line(tr(found[1].title))} » sert encore un projet {' ou '.join(category_label(cat, c) for c in overlap)} : "
                                        "qu'il ne le serve plus (categories: dans son standard), ou ne le remplacez pas", MEANING))
    return problems


def check_mandatory_relies_on_applicable(cat: Catalog) -> list[Problem]:
    """A mandatory item does not rely on a document that a project of the same category does not have: the project could
    never show the evidence (BEN-06 and the dossier d'opportunité of a léger project)."""
    problems = []
    versions = heading_versions(cat)
    category_ids = [c.id for c in categories(cat)]
    for sv in versions:
        creators = template_creators(cat, sv.standard)
        # The answer depends on the item only through its template and whether it establishes it: asked once per pair.
        answers: dict[tuple[str, str, bool], str | None] = {}
        for i, item in enumerate(sv.standard.checklist):
            for category in category_ids if item.template is not None else ():
                if item.level_for(category) != Level.MANDATORY:
                    continue
                creator = creators.get(item.template or "")
                key = (item.template or "", category, creator is not None and creator.id == item.id)
                if key not in answers:
                    answers[key] = missing_template(cat, versions, sv.standard, item, category, creators)
                why = answers[key]
                if why is not None:
                    title = next(tr(t.title) for t in sv.standard.templates if t.id == item.template)
                    problems.append(cat.problem_at(sv.source, ("checklist", i, "template"),
                                        f"{item.id} est obligatoire pour un projet {category_label(cat, category)}, mais son modèle « {one_line(title)} » n'y "
                                        f"existe pas : {why} ; rendez {item.id} recommandé pour cette catégorie (levels:) ou "
                                        "appuyez-le sur un document que ce projet établit", MEANING))
    return problems


def check_criteria_categories(cat: Catalog) -> list[Problem]:
    """A gate criterion's categories are known and, for a criterion that names an item, ones where the item is mandatory."""
    if cat.lifecycle is None:
        return []
    problems = []
    file = cat.rel(cat.root / LIFECYCLE_FILE)
    order = [c.id for c in categories(cat)]
    edition = cat.latest_edition()
    items = {i.id: i for sv in cat.edition_versions(edition) for i in sv.standard.checklist}
    for g, gate in enumerate(cat.lifecycle.gates):
        if isinstance(gate.decided_by, dict) and list(gate.decided_by) != order:
            problems.append(cat.problem_at(file, ("gates", g, "decided_by"), f"un décideur par catégorie, dans cet ordre : {', '.join(order)}"))
        for c, criterion in enumerate(gate.criteria):
            item = items.get(criterion.item) if criterion.item else None
            for j, category in enumerate(criterion.categories):
                if category not in order:
                    problems.append(cat.problem_at(file, ("gates", g, "criteria", c, "categories", j),
                                                   f"catégorie inconnue « {category} » ; catégories : {', '.join(order)}"))
                elif item is not None and item.level_for(category) != Level.MANDATORY:
                    problems.append(cat.problem_at(file, ("gates", g, "criteria", c, "categories", j),
                                        f"critère de passage pour un projet {category_label(cat, category)}, mais {item.id} n'y est que "
                                        f"« {item.level_for(category)} » : un critère porte sur un élément obligatoire", MEANING))
    return problems

