"""Changes of a standard's checklist items: text, levels by category, phase, who does and approves, conditions, scope."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from macros.catalog.queries import CHARACTERISTIC_KEY, covering_row, item_roles
from macros.core.vocabulary import (
    LEVEL_WEIGHT,
    SCOPE_DESCRIPTIONS,
    ChangeKind,
    Impact,
    Level,
    Scope,
)
from macros.diff.changes import (
    Categories,
    Change,
    Detail,
    heaviest,
    ids_text,
    item_key,
    match_by,
    quoted,
    suggestion_of,
    value_detail,
    wording_detail,
)
from macros.model import ChecklistItem, Standard


def _category_list(names: list[str]) -> str:
    """« léger », « léger ou standard », « léger, standard ou majeur »."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " ou " + names[-1]


def _levels_summary(item: ChecklistItem, categories: Categories) -> list[str]:
    """The levels an item takes in other categories than the default one: « obligatoire pour un projet majeur »."""
    by_level: dict[Level, list[str]] = {}
    for cid, name in categories.names:
        if cid != categories.default and item.level_for(cid) != item.level:
            by_level.setdefault(item.level_for(cid), []).append(name.lower())
    return [f"{level} pour un projet {_category_list(names)}" for level, names in by_level.items()]


def _levels_sentences(before: ChecklistItem, after: ChecklistItem, categories: Categories) -> list[str]:
    """What a change of levels means for each category of project, in words: « devient recommandé pour un projet léger »,
    « reste recommandé pour un projet léger » (when the default level changes but not that category's)."""
    known = categories.names or tuple((cid, cid) for cid in sorted(set(before.levels) | set(after.levels)))
    default_move = (before.level, after.level) if before.level != after.level else None
    groups: dict[tuple[str, Level], list[str]] = {}
    for cid, name in known:
        if cid == categories.default:
            continue
        was, now = before.level_for(cid), after.level_for(cid)
        if (was, now) == default_move or (was == now and default_move is None):
            continue  # as the default category: said by « niveau : … → … », or unchanged
        groups.setdefault(("reste" if was == now else "devient", now), []).append(name.lower())
    return [f"{verb} {level} pour un projet {_category_list(names)}" for (verb, level), names in groups.items()]


def scope_sentence(before: Scope, after: Scope, subject: str = "il") -> str:
    """Whom an item (or a standard's items: « ils ») now governs, and what it means for the projects' checklists."""
    verb = "sort" if subject == "il" else "sortent"
    if before == Scope.PROJECT:
        return f"ne concerne plus que {SCOPE_DESCRIPTIONS[after]} : {subject} {verb} des listes de contrôle des projets"
    if after == Scope.PROJECT:
        return (f"concerne désormais chaque projet, et non plus {SCOPE_DESCRIPTIONS[before]} : {subject} "
                f"{'entre' if subject == 'il' else 'entrent'} dans les listes de contrôle des projets")
    return f"concerne désormais {SCOPE_DESCRIPTIONS[after]}, et non plus {SCOPE_DESCRIPTIONS[before]}"


def _see_sentence(before: str | None, after: str | None) -> str | None:
    if before == after:
        return None
    if before is None:
        return f"renvoie désormais à {after}"
    return f"ne renvoie plus à {before}" if after is None else f"renvoie à {after} au lieu de {before}"


def _roles_of(standard: Standard | None, item: ChecklistItem) -> tuple[tuple[str, ...], str | None]:
    return item_roles(standard, item) if standard is not None else ((), None)


def _from_raci(standard: Standard | None, item: ChecklistItem | None) -> bool:
    """Whether the RACI says who does the item; a version published before named one « responsible » instead."""
    return standard is not None and item is not None and covering_row(standard, item.id) is not None


def involved(standard: Standard | None, item: ChecklistItem | None) -> set[str]:
    """The roles an item concerns: who does it and who approves it."""
    if item is None:
        return set()
    doers, approver = _roles_of(standard, item)
    return {*doers, *([approver] if approver else [])}


def _item_summary(standard: Standard, item: ChecklistItem, names: Mapping[str, str], titles: Mapping[str, str],
                  categories: Categories) -> list[Detail]:
    doers, approver = item_roles(standard, item)
    details: list[Detail] = [quoted(item.text), f"niveau : {item.level}", *_levels_summary(item, categories),
                             f"phase : {names.get(item.phase, item.phase)}"]
    if _from_raci(standard, item):
        details.append(f"réalise (R) : {ids_text(doers, names)}")
        details += [f"approuve (A) : {names.get(approver, approver)}"] if approver else []
    elif doers:
        details.append(f"responsable : {ids_text(doers, names)}")
    if item.only_if:
        details.append(f"seulement si : {named_ids(CHARACTERISTIC_KEY, item.only_if, names, ' ou ')}")
    if item.template:
        details.append(f"modèle : « {titles.get(item.template, item.template)} »")
    return details


def _role_details(s_old: Standard | None, before: ChecklistItem, s_new: Standard | None, after: ChecklistItem,
                  names: Mapping[str, str]) -> list[tuple[Detail | None, Impact]]:
    """Who does and approves an item, compared only between versions that say it the same way: both by the RACI (R, A),
    or both by the « responsible » of older versions. From one way to the other, nothing can be compared."""
    (doers_was, approver_was), (doers_now, approver_now) = _roles_of(s_old, before), _roles_of(s_new, after)
    if _from_raci(s_old, before) and _from_raci(s_new, after):
        return [(value_detail("réalise (R)", listed_ids(doers_was, names), listed_ids(doers_now, names)), Impact.CLARIFICATION),
                (value_detail("approuve (A)", names.get(approver_was, approver_was) if approver_was else None,
                              names.get(approver_now, approver_now) if approver_now else None), Impact.CLARIFICATION)]
    if not _from_raci(s_old, before) and not _from_raci(s_new, after):
        return [(value_detail("responsable", listed_ids(doers_was, names), listed_ids(doers_now, names)), Impact.CLARIFICATION)]
    return []


def named_ids(prefix: str, ids: Sequence[str], names: Mapping[str, str], sep: str = ", ", empty: str | None = None) -> str | None:
    """Ids of characteristics, categories or gates as readers know them (their prefixed key in `names`); `empty` (None:
    the detail then says the value was added or removed, in words) when there are none."""
    return sep.join(names.get(prefix + i, i) for i in ids) or empty


def listed_ids(ids: Sequence[str], names: Mapping[str, str] | None = None) -> str | None:
    """Roles or ids as a list of names, None when there are none (said in words by value_detail)."""
    return ids_text(ids, names) if ids else None


def _only_if_impact(before: ChecklistItem, after: ChecklistItem) -> Impact:
    """A condition added or narrowed spares some projects (a removed requirement); one dropped or widened reaches more."""
    was, now = set(before.only_if), set(after.only_if)
    if not now or (was and now - was):
        return Impact.NEW_REQUIREMENT
    return Impact.REMOVED_REQUIREMENT


def item_changes(s_old: Standard | None, s_new: Standard | None, names: Mapping[str, str],
                  titles: Mapping[str, str], categories: Categories) -> list[Change]:
    changes = []
    old, new = (s_old.checklist if s_old else []), (s_new.checklist if s_new else [])
    pairs = sorted(match_by(old, new, lambda i: i.id), key=lambda p: item_key((p[1] or p[0]).id))  # type: ignore[union-attr]
    for before, after in pairs:
        roles = involved(s_old, before) | involved(s_new, after)
        if before is None and after is not None and s_new is not None:
            # Mandatory in any category of project (« majeur » only, say) is a new requirement for those projects.
            impact = Impact.NEW_REQUIREMENT if Level.MANDATORY in (after.level, *after.levels.values()) else Impact.CLARIFICATION
            changes.append(Change(ChangeKind.ADDED, f"élément {after.id}", _item_summary(s_new, after, names, titles, categories), impact, roles, after.id))
        elif after is None and before is not None and s_old is not None:
            changes.append(Change(ChangeKind.REMOVED, f"élément {before.id}", _item_summary(s_old, before, names, titles, categories),
                                  Impact.REMOVED_REQUIREMENT, roles, before.id))
        elif before is not None and after is not None:  # an unchanged item may change hands: its RACI row says
            assert s_old is not None and s_new is not None
            was_scope, now_scope = before.applies_to or s_old.applies_to, after.applies_to or s_new.applies_to
            levels = _levels_sentences(before, after, categories) if before.levels != after.levels or before.level != after.level else []
            found: list[tuple[Detail | None, Impact]] = [
                wording_detail("texte", before.text, after.text),
                (value_detail("niveau", before.level, after.level),
                 Impact.NEW_REQUIREMENT if after.level == Level.MANDATORY else Impact.REMOVED_REQUIREMENT),
                *[(sentence, _levels_impact(before, after)) for sentence in levels],
                (value_detail("phase", names.get(before.phase, before.phase), names.get(after.phase, after.phase)), Impact.CLARIFICATION),
                *_role_details(s_old, before, s_new, after, names),
                (value_detail("seulement si", named_ids(CHARACTERISTIC_KEY, before.only_if, names, " ou "),
                              named_ids(CHARACTERISTIC_KEY, after.only_if, names, " ou ")), _only_if_impact(before, after)),
                (value_detail("modèle", before.template, after.template, lambda t: f"« {titles.get(t, t)} »"), Impact.CLARIFICATION),
                wording_detail("preuve attendue", before.evidence, after.evidence),
                (scope_sentence(was_scope, now_scope) if was_scope != now_scope else None, Impact.CLARIFICATION),
                (_see_sentence(before.see, after.see), Impact.EDITORIAL),
                wording_detail("fréquence", before.frequency, after.frequency),
            ]
            kept = [(d, i) for d, i in found if d is not None]
            if kept:
                impact = heaviest(i for _, i in kept)
                suggestion = suggestion_of([(before.text, after.text), (before.evidence, after.evidence), (before.frequency, after.frequency)])
                changes.append(Change(ChangeKind.MODIFIED, f"élément {after.id}", [d for d, _ in kept if d], impact, roles, after.id,
                                      suggestion=suggestion if impact == Impact.TO_QUALIFY else None))
    return changes


def _levels_impact(before: ChecklistItem, after: ChecklistItem) -> Impact:
    """Stricter in any category: a new requirement; only lighter: a removed one."""
    categories = set(before.levels) | set(after.levels)
    stricter = any(LEVEL_WEIGHT[after.level_for(c)] > LEVEL_WEIGHT[before.level_for(c)] for c in categories)
    return Impact.NEW_REQUIREMENT if stricter else Impact.REMOVED_REQUIREMENT
