"""Domain questions asked of a loaded référentiel: names, editions, successors, gate entries, RACI matrix, templates."""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict

from macros.catalog.catalog import Catalog, StandardVersion
from macros.core.answers import kept
from macros.core.text import did_you_mean, one_line
from macros.core.vocabulary import LEVEL_WEIGHT, RaciLetter, Scope
from macros.model import Category, ChecklistItem, Edition, Entry, Gate, RaciRow, Role, Standard, Template, tr, version_key

# Without standards/tailoring.yaml, every project is of this one category.
DEFAULT_CATEGORY = Category(id="standard", name="Standard", description="Le référentiel tel qu'il est écrit.")


@kept
def latest_role(cat: Catalog, role_id: str) -> Role | None:
    """The role's definition in the current edition, else its latest version by semantic version."""
    current = cat.current_role(role_id)
    if current is not None:
        return current
    versions = cat.roles.get(role_id, {})
    return versions[max(versions, key=version_key)] if versions else None


@kept
def role_name(cat: Catalog, role_id: str) -> str:
    """The French name readers know a role by; its id when the role is unknown."""
    role = latest_role(cat, role_id)
    return one_line(tr(role.meta.name)) if role else role_id


@kept
def role_names(cat: Catalog) -> dict[str, str]:
    """Every role id to its French name."""
    return {role_id: role_name(cat, role_id) for role_id in sorted(cat.roles)}


@kept
def phase_names(cat: Catalog) -> dict[str, str]:
    """Every phase id to its French name, in lifecycle order."""
    return {p.id: one_line(tr(p.name)) for p in cat.lifecycle.phases} if cat.lifecycle else {}


# Keys of readable_names for the ids whose namespace a role's id may share (the characteristic « fournisseur »).
CHARACTERISTIC_KEY = "caracteristique:"
CATEGORY_KEY = "categorie:"
GATE_KEY = "jalon:"


@kept
def readable_names(cat: Catalog) -> dict[str, str]:
    """Role and phase ids to the names readers know (release notes name roles and phases this way); characteristics
    (by the condition they set), categories and gates under their prefixed keys."""
    names = {**phase_names(cat), **role_names(cat)}
    for c in cat.tailoring.characteristics if cat.tailoring else []:
        names[CHARACTERISTIC_KEY + c.id] = one_line(tr(c.condition))
    for category in categories(cat):
        names[CATEGORY_KEY + category.id] = one_line(tr(category.name)).lower()
    for gate in cat.lifecycle.gates if cat.lifecycle else []:
        names[GATE_KEY + gate.id] = one_line(tr(gate.name))
    return names


def first_edition(cat: Catalog, slug: str, version: str) -> Edition | None:
    """The first published edition that holds this version of the standard."""
    return next((e for e in cat.published_editions() if e.standards.get(slug) == version), None)


def editions_holding(cat: Catalog, slug: str, version: str) -> list[str]:
    """The ids of every published edition that holds this version."""
    return [e.id for e in cat.published_editions() if e.standards.get(slug) == version]


def successor(cat: Catalog, sv: StandardVersion) -> StandardVersion | None:
    """The next published version after this one, if any."""
    newer = [v for v in cat.published_versions(sv.standard.slug)
             if version_key(v.standard.version) > version_key(sv.standard.version)]
    return newer[0] if newer else None


def previous_edition(cat: Catalog, edition: Edition) -> Edition | None:
    """The published edition an edition follows (the latest published one, for a draft)."""
    published = cat.published_editions()
    if edition not in published:
        return published[-1] if published else None
    index = published.index(edition)
    return published[index - 1] if index else None


def find_edition(cat: Catalog, edition_id: str) -> Edition:
    """The edition with this id; ValueError in French when there is none."""
    for edition in cat.editions:
        if edition.id == edition_id:
            return edition
    known = ", ".join(e.id for e in cat.editions) or "aucune"
    raise ValueError(f"édition inconnue « {edition_id} »{did_you_mean(edition_id, [e.id for e in cat.editions])} ; éditions connues : {known}")


def sort_mandatory_first(entries: list[Entry]) -> list[Entry]:
    """Mandatory items first, then recommended, then not applicable; by standard id and item id within each."""
    return sorted(entries, key=lambda e: (-LEVEL_WEIGHT[e.item.level], e.standard.id, e.item.id))


def categories(cat: Catalog) -> list[Category]:
    """The categories of project, from the lightest to the heaviest (one implicit category without tailoring.yaml)."""
    return list(cat.tailoring.categories) if cat.tailoring else [DEFAULT_CATEGORY]


def default_category(cat: Catalog) -> str:
    """The category whose levels the items' `level` gives."""
    return cat.tailoring.default if cat.tailoring else DEFAULT_CATEGORY.id


def in_category(item: ChecklistItem, category: str) -> ChecklistItem:
    """The item as a project of that category sees it: its level for the category."""
    level = item.level_for(category)
    return item if level == item.level else item.model_copy(update={"level": level})


def scope_of(standard: Standard, item: ChecklistItem) -> Scope:
    """Whom an item governs: its own scope, else its standard's."""
    return item.applies_to or standard.applies_to


def scoped_entries(cat: Catalog, scope: Scope) -> list[Entry]:
    """Every current item that governs this scope (a project, the portfolio, the PMO)."""
    return [Entry(sv.standard, item) for sv in cat.current_standards() for item in sv.standard.checklist
            if scope_of(sv.standard, item) == scope]


def gate_entries(cat: Catalog, gate: Gate, category: str | None = None) -> list[Entry]:
    """Every current project item, of every standard, to be done in the phase this gate closes, at its level for the
    category (the default one when None); mandatory first. Portfolio and PMO items are never on a project's list."""
    chosen = category or default_category(cat)
    entries = [Entry(e.standard, in_category(e.item, chosen)) for e in scoped_entries(cat, Scope.PROJECT) if e.item.phase == gate.after]
    return sort_mandatory_first(entries)


def find_item(cat: Catalog, item_id: str) -> Entry | None:
    """An item of the current edition by its id (ids are unique across standards)."""
    return next((Entry(sv.standard, item) for sv in cat.current_standards() for item in sv.standard.checklist if item.id == item_id), None)


def covering_row(standard: Standard, item_id: str) -> RaciRow | None:
    """The RACI row that covers an item (the first, should several: a rule refuses that in the editions to come)."""
    return next((row for row in standard.raci if item_id in row.covers), None)


def item_roles(standard: Standard, item: ChecklistItem) -> tuple[tuple[str, ...], str | None]:
    """Who does an item (the R of the row that covers it) and who approves it (its A).

    A version published before every item was covered named one « responsible » instead: the one who did it, with no
    approver recorded."""
    row = covering_row(standard, item.id)
    if row is not None:
        return tuple(row.R), row.A
    return ((item.responsible,) if item.responsible else ()), None


def raci_cells(row_letters: dict[RaciLetter, list[str]]) -> dict[str, str]:
    """Role id -> the letters it holds in one activity, in R, A, C, I order."""
    cells: dict[str, str] = defaultdict(str)
    for letter in RaciLetter:
        for role_id in row_letters.get(letter, []):
            cells[role_id] += letter.value
    return dict(cells)


def raci_matrix(cat: Catalog) -> list[tuple[Standard, str, dict[str, str]]]:
    """Every activity of every current standard with the letters each role holds in it."""
    rows = []
    for sv in cat.current_standards():
        for row in sv.standard.raci:
            letters = {RaciLetter.R: list(row.R), RaciLetter.A: [row.A], RaciLetter.C: list(row.C), RaciLetter.I: list(row.I)}
            rows.append((sv.standard, one_line(tr(row.activity)), raci_cells(letters)))
    return rows


def template_uses(cat: Catalog, scope: Scope = Scope.PROJECT) -> list[tuple[Standard, Template, set[str], set[str]]]:
    """Each current template used by an item of this scope, with the phases of the items that use it and who does (R) or
    approves (A) them."""
    out = []
    for sv in cat.current_standards():
        for t in sv.standard.templates:
            users = [i for i in sv.standard.checklist if i.template == t.id]
            items = [i for i in users if scope_of(sv.standard, i) == scope]
            # A template no item names belongs to its standard's scope.
            if not items and (users or sv.standard.applies_to != scope):
                continue
            # The roles that work with it: who does the items that use it (R) and who approves them (A).
            roles = {role for i in items for doers, approver in [item_roles(sv.standard, i)] for role in (*doers, approver) if role}
            out.append((sv.standard, t, {i.phase for i in items}, roles))
    return out


def edition_versions(cat: Catalog, edition: Edition) -> list[StandardVersion]:
    """The versions of the standards an edition holds that loaded, by standard id (as current_standards)."""
    found = [sv for slug, version in edition.standards.items() if (sv := cat.standards.get(slug, {}).get(version)) is not None]
    return sorted(found, key=lambda sv: sv.standard.id)


def edition_items(cat: Catalog, edition: Edition | None) -> dict[str, tuple[str, ChecklistItem]]:
    """Item id -> (standard slug, item) for every item of one edition."""
    items: dict[str, tuple[str, ChecklistItem]] = {}
    for slug, version in (edition.standards.items() if edition else ()):
        sv = cat.standards.get(slug, {}).get(version)
        for item in sv.standard.checklist if sv else ():
            items.setdefault(item.id, (slug, item))
    return items


def current_items(cat: Catalog) -> dict[str, tuple[str, ChecklistItem]]:
    """Item id -> (standard slug, item) for every item of the current edition."""
    return edition_items(cat, cat.current_edition())


def upcoming_items(cat: Catalog) -> dict[str, tuple[str, ChecklistItem]]:
    """The items in force and those of the edition being prepared: what quizzes may already name."""
    return {**edition_items(cat, cat.draft_edition()), **current_items(cat)}


def current_templates(cat: Catalog) -> dict[str, StandardVersion]:
    """Template id -> the standard version that offers it, in force or in the edition being prepared."""
    found: dict[str, StandardVersion] = {}
    draft = cat.draft_edition()
    upcoming = [sv for slug, version in (draft.standards.items() if draft else ())
                if (sv := cat.standards.get(slug, {}).get(version)) is not None]
    for sv in [*cat.current_standards(), *upcoming]:
        for template in sv.standard.templates:
            found.setdefault(template.id, sv)
    return found


def template_hash(standard: Standard, template: Template) -> str:
    """Short sha256 (12 hex) of the template's canonical JSON plus the standard id and version."""
    # Sorted keys make the hash canonical: reordering the keys of a {fr, en} text in the YAML does not
    # change the content, so it must not change the hash either.
    canonical = json.dumps(template.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    payload = f"{standard.id}\n{standard.version}\n{canonical}".encode()
    return hashlib.sha256(payload).hexdigest()[:12]


@kept
def template_hashes(cat: Catalog, sv: StandardVersion) -> dict[str, str]:
    """Template id -> template_hash, for one version of the catalogue (its page and its files both show them)."""
    return {t.id: template_hash(sv.standard, t) for t in sv.standard.templates}


def items_in_force(cat: Catalog, edition: Edition | None) -> dict[str, tuple[StandardVersion, int, ChecklistItem]]:
    """Every checklist item of the standard versions an edition holds, by id, with its version and index."""
    found: dict[str, tuple[StandardVersion, int, ChecklistItem]] = {}
    for slug, version in (edition.standards.items() if edition else ()):
        sv = cat.standards.get(slug, {}).get(version)
        if sv is None:
            continue
        for index, item in enumerate(sv.standard.checklist):
            found.setdefault(item.id, (sv, index, item))
    return found


def unpublished_role_version(cat: Catalog, role_id: str) -> str | None:
    """The latest version of a role definition if no published edition holds it yet."""
    versions = cat.roles.get(role_id, {})
    if not versions:
        return None
    latest = max(versions, key=version_key)
    published = any(e.roles.get(role_id) == latest for e in cat.published_editions())
    return None if published else latest
