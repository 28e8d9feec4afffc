"""Diff of two role definitions and of two editions (the standards and roles an edition adds, removes or changes)."""
from __future__ import annotations

from collections.abc import Mapping

from macros.catalog.catalog import Catalog
from macros.catalog.queries import categories, default_category, find_edition, readable_names
from macros.core.answers import kept
from macros.core.vocabulary import ChangeKind, Impact
from macros.diff.changes import Categories, Change, EditionDiff, RoleDiff, StandardDiff, T, field_name, flat, quoted, text_detail, value_detail
from macros.diff.guidance import body_changes
from macros.diff.notes import apply_notes
from macros.diff.standards import diff_standards
from macros.model import Role


@kept
def categories_of(catalog: Catalog) -> Categories:
    """The categories of project by their names, for the release notes' sentences on levels."""
    return Categories(tuple((c.id, flat(c.name)) for c in categories(catalog)), default_category(catalog))


@kept
def standard_diff(catalog: Catalog, slug: str, old: str | None, new: str | None) -> StandardDiff:
    """Every change between two versions of a standard of the catalogue (None: added or removed), before the PMO's
    notes; computed once per catalogue: the checks of the notes, the release notes and the history pages ask the same."""
    versions = catalog.standards[slug]
    return diff_standards(versions[old] if old else None, versions[new] if new else None, readable_names(catalog),
                          categories_of(catalog))


def diff_roles(old: Role | None, new: Role | None, names: Mapping[str, str] | None = None) -> RoleDiff:
    """Changes of one role definition: front-matter fields, and body sections by heading (`names`: role ids to names)."""
    names = names or {}
    if old is None and new is None:
        raise ValueError("diff_roles : au moins une des deux versions est nécessaire")
    latest = (new or old).meta  # type: ignore[union-attr]
    roles = {latest.id}
    changes: list[Change] = []
    if old is None or new is None:
        changes.append(Change(ChangeKind.ADDED if old is None else ChangeKind.REMOVED, f"rôle {latest.id}",
                              [quoted(latest.name)], Impact.CLARIFICATION, set(roles)))
    else:
        for name, detail in (
            ("name", text_detail("nom", old.meta.name, new.meta.name)),
            ("short_name", value_detail("nom court", old.meta.short_name, new.meta.short_name)),
            ("reports_to", value_detail("rend compte à", old.meta.reports_to, new.meta.reports_to, lambda r: names.get(r, r))),
            ("summary", text_detail("résumé", old.meta.summary, new.meta.summary)),
        ):
            if detail is not None:
                changes.append(Change(ChangeKind.MODIFIED, field_name(name), [detail], Impact.EDITORIAL, set(roles)))
        changes += body_changes(old.body, new.body, roles)
    return RoleDiff(latest.id, flat(latest.name), old.meta.version if old else None, new.meta.version if new else None, changes)


def diff_editions(catalog: Catalog, old_id: str | None, new_id: str, *, only: set[str] | None = None) -> EditionDiff:
    """What new_id changes from old_id (None: from nothing), with the PMO's notes of new_id applied; `only` limits it
    to the standards and roles of these names."""
    new = find_edition(catalog, new_id)
    old = find_edition(catalog, old_id) if old_id is not None else None

    def pick(table: dict[str, dict[str, T]], kind: str, name: str, version: str | None) -> T | None:
        if version is None:
            return None
        found = table.get(name, {}).get(version)
        if found is None:
            raise ValueError(f"{kind} « {name} » : version {version} introuvable")
        return found

    names = readable_names(catalog)
    standards = []
    for slug in sorted(set(old.standards if old else {}) | set(new.standards)):
        was, now = (old.standards.get(slug) if old else None), new.standards.get(slug)
        if was != now and (only is None or slug in only):
            pick(catalog.standards, "standard", slug, was), pick(catalog.standards, "standard", slug, now)  # both exist
            standards.append(standard_diff(catalog, slug, was, now))
    roles = []
    for role_id in sorted(set(old.roles if old else {}) | set(new.roles)):
        was, now = (old.roles.get(role_id) if old else None), new.roles.get(role_id)
        if was != now and (only is None or role_id in only):
            roles.append(diff_roles(pick(catalog.roles, "rôle", role_id, was), pick(catalog.roles, "rôle", role_id, now), names))
    standards.sort(key=lambda s: (s.standard_id, s.slug))
    return apply_notes(EditionDiff(old_id, new_id, standards, roles), edition=new)


def diff_versions(catalog: Catalog, slug: str, old: str | None, new: str) -> StandardDiff:
    """What version `new` of a standard changes from `old` (None: from nothing), classed as the PMO classed it in the
    first edition that holds `new` (the edition in preparation, for a draft)."""
    diff = standard_diff(catalog, slug, old, new)
    edition = next((e for e in catalog.editions if e.standards.get(slug) == new), None)
    return apply_notes(diff, edition) if edition is not None else diff


def changes_by_role(ed: EditionDiff) -> dict[str, list[tuple[StandardDiff, Change]]]:
    """« Ce qui change pour vous »: each role id, sorted, with the standard changes that concern it, in diff order."""
    out: dict[str, list[tuple[StandardDiff, Change]]] = {}
    for sd in ed.standards:
        for change in sd.changes:
            for role in change.roles:
                out.setdefault(role, []).append((sd, change))
    return {role: out[role] for role in sorted(out)}
