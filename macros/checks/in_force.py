"""What names a checklist item names one in force: a gate's criterion, a `see`, a `standard:…#item` link of the PMO's
Markdown; and `see` never goes round in a circle. Checked in the edition being validated (an error) and, while one is
prepared, in that edition too (a warning: what would vanish at its publication, which it then blocks)."""
from __future__ import annotations

from macros.catalog.catalog import Catalog, StandardVersion
from macros.catalog.queries import items_in_force
from macros.core.constants import LIFECYCLE_FILE
from macros.core.problems import Problem
from macros.core.text import did_you_mean
from macros.core.vocabulary import Severity
from macros.loading.markdown_source import internal_links
from macros.model import ChecklistItem, Edition


def _editions(cat: Catalog) -> list[tuple[Edition, Severity]]:
    """The edition being validated (the current one: the draft in the PMO's preview), then the one being prepared."""
    found = []
    current = cat.current_edition()
    if current is not None:
        found.append((current, Severity.ERROR))
    draft = cat.draft_edition()
    if draft is not None and draft is not current:
        found.append((draft, Severity.WARNING))
    return found


def _all_items(cat: Catalog) -> set[str]:
    return {i.id for versions in cat.standards.values() for sv in versions.values() for i in sv.standard.checklist}


def _not_in_force(item_id: str, edition: Edition, severity: Severity, what: str) -> str:
    """The message for a reference to an item that the edition does not hold."""
    if severity == Severity.ERROR:
        return (f"« {item_id} » n'est pas en vigueur dans l'édition {edition.id} (retiré de son standard, ou pas encore publié) : "
                f"{what} ; nommez l'élément en vigueur qui le reprend, ou retirez ce renvoi")
    return (f"« {item_id} » n'est pas en vigueur dans l'édition {edition.id} en préparation : {what} à sa publication, qui sera "
            "refusée ; nommez l'élément qui le reprend, ou retirez ce renvoi")


def check_criteria_in_force(cat: Catalog) -> list[Problem]:
    """A gate's criterion that names a checklist item names one in force: otherwise it silently leaves the gate's list."""
    if cat.lifecycle is None:
        return []
    file = cat.rel(cat.root / LIFECYCLE_FILE)
    known = _all_items(cat)
    problems = []
    reported: set[tuple[int, int]] = set()
    for edition, severity in _editions(cat):
        in_force = items_in_force(cat, edition)
        for g, gate in enumerate(cat.lifecycle.gates):
            for c, criterion in enumerate(gate.criteria):
                if criterion.item is not None and criterion.item in known and criterion.item not in in_force and (g, c) not in reported:
                    reported.add((g, c))
                    what = "ce critère disparaîtrait de la liste du jalon" if severity == Severity.ERROR else \
                        "ce critère disparaîtra de la liste du jalon"
                    problems.append(cat.problem_at(file, ("gates", g, "criteria", c, "item"),
                                                   _not_in_force(criterion.item, edition, severity, what), severity))
    return problems


def _versions(cat: Catalog, edition: Edition) -> list[StandardVersion]:
    return [sv for slug, version in edition.standards.items() if (sv := cat.standards.get(slug, {}).get(version)) is not None]


def check_see(cat: Catalog) -> list[Problem]:
    """An item that relies on another (`see`) names an item of another standard, in force in the same edition, and the
    chain of `see` never comes back to where it started."""
    owners = {i.id: slug for slug, versions in cat.standards.items() for sv in versions.values() for i in sv.standard.checklist}
    problems = []
    for slug, versions in cat.standards.items():
        for sv in versions.values():
            for i, item in enumerate(sv.standard.checklist):
                if item.see is None:
                    continue
                if item.see not in owners:
                    problems.append(cat.problem_at(sv.source, ("checklist", i, "see"), f"élément inconnu « {item.see} »{did_you_mean(item.see, owners)}"))
                elif owners[item.see] == slug:
                    problems.append(cat.problem_at(sv.source, ("checklist", i, "see"), f"« {item.see} » est dans ce même standard : "
                                                   "see renvoie à l'élément d'un autre standard"))
    reported: set[tuple[str, int]] = set()
    for edition, severity in _editions(cat):
        in_force = items_in_force(cat, edition)
        for sv in _versions(cat, edition):
            for i, item in enumerate(sv.standard.checklist):
                if item.see is not None and item.see in owners and owners[item.see] != sv.standard.slug and item.see not in in_force \
                        and (sv.source, i) not in reported:
                    reported.add((sv.source, i))
                    what = "ce renvoi mènerait à un élément absent du site" if severity == Severity.ERROR else "ce renvoi mènera à un élément absent"
                    problems.append(cat.problem_at(sv.source, ("checklist", i, "see"), _not_in_force(item.see, edition, severity, what), severity))
        problems += _cycles(cat, edition, severity, in_force, reported)
    return problems


def _cycles(cat: Catalog, edition: Edition, severity: Severity, in_force: dict[str, tuple[StandardVersion, int, ChecklistItem]],
            reported: set[tuple[str, int]]) -> list[Problem]:
    """Each circle of `see` among the items of an edition, once, at the `see` of its first item (by id)."""
    following = {item_id: item.see for item_id, (_, _, item) in in_force.items()}
    problems, done = [], set[str]()
    for start in sorted(following):
        path: list[str] = []
        here: str | None = start
        while here is not None and here in following and here not in done and here not in path:
            path.append(here)
            here = following[here]
        done.update(path)
        if here is None or here not in path:
            continue
        circle = path[path.index(here):]
        if len(circle) < 2:
            continue  # an item that sends to itself: « dans ce même standard », said above
        first = min(circle)
        circle = circle[circle.index(first):] + circle[:circle.index(first)]
        sv, index, _ = in_force[first]
        if (sv.source, index) in reported:
            continue
        reported.add((sv.source, index))
        where = f" dans l'édition {edition.id} en préparation" if severity == Severity.WARNING else ""
        problems.append(cat.problem_at(sv.source, ("checklist", index, "see"),
                                       f"renvoi circulaire{where} : {' → '.join([*circle, first])} ; aucun de ces éléments ne porte "
                                       "l'exigence : que l'un d'eux la porte, sans see", severity))
    return problems


def check_links_in_force(cat: Catalog) -> list[Problem]:
    """A `standard:<slug>#<item>` link of the PMO's Markdown (guidance, role definitions of the edition) names an item
    in force in that standard: the link leads to its line on the standard's current page."""
    problems: list[Problem] = []
    known = _all_items(cat)
    reported: set[tuple[str, int, int]] = set()
    for edition, severity in _editions(cat):
        in_force = items_in_force(cat, edition)
        bodies = [(sv.guidance_source, sv.guidance, sv.guidance_line) for sv in _versions(cat, edition) if sv.guidance and sv.guidance_source]
        bodies += [(role.source, role.body, role.body_line) for rid, version in edition.roles.items()
                   if (role := cat.roles.get(rid, {}).get(version)) is not None]
        for file, body, first_line in bodies:
            for line, column, target in internal_links(body, first_line):
                scheme, _, rest = target.partition(":")
                slug, _, anchor = rest.partition("#")
                if scheme != "standard" or anchor not in known or slug not in cat.standards or (file, line, column) in reported:
                    continue
                if anchor not in in_force or in_force[anchor][0].standard.slug != slug:
                    reported.add((file, line, column))
                    what = "le lien ne mènerait à aucune ligne de la page" if severity == Severity.ERROR else "le lien ne mènera à aucune ligne"
                    problems.append(Problem(file, line, column, "corps", _not_in_force(anchor, edition, severity, what), severity))
    return problems
