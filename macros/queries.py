"""Domain questions asked of a loaded référentiel: names, editions, successors, gate entries, RACI matrix, templates."""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict

from macros.catalog import Catalog, StandardVersion
from macros.model import ChecklistItem, Edition, Entry, Gate, Role, Standard, Template, tr, version_key
from macros.text import one_line
from macros.vocabulary import Level, RaciLetter


def latest_role(cat: Catalog, role_id: str) -> Role | None:
    """The role's definition in the current edition, else its latest version by semantic version."""
    current = cat.current_role(role_id)
    if current is not None:
        return current
    versions = cat.roles.get(role_id, {})
    return versions[max(versions, key=version_key)] if versions else None


def role_name(cat: Catalog, role_id: str) -> str:
    """The French name readers know a role by; its id when the role is unknown."""
    role = latest_role(cat, role_id)
    return one_line(tr(role.meta.name)) if role else role_id


def role_names(cat: Catalog) -> dict[str, str]:
    """Every role id to its French name."""
    return {role_id: role_name(cat, role_id) for role_id in sorted(cat.roles)}


def phase_names(cat: Catalog) -> dict[str, str]:
    """Every phase id to its French name, in lifecycle order."""
    return {p.id: one_line(tr(p.name)) for p in cat.lifecycle.phases} if cat.lifecycle else {}


def readable_names(cat: Catalog) -> dict[str, str]:
    """Role and phase ids to the names readers know (release notes name roles and phases this way)."""
    return {**phase_names(cat), **role_names(cat)}


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
    raise ValueError(f"édition inconnue « {edition_id} » ; éditions connues : {known}")


def sort_mandatory_first(entries: list[Entry]) -> list[Entry]:
    """Mandatory items first, then by standard id and item id."""
    return sorted(entries, key=lambda e: (e.item.level != Level.MANDATORY, e.standard.id, e.item.id))


def gate_entries(cat: Catalog, gate: Gate) -> list[Entry]:
    """Every current item, of every standard, to be done in the phase this gate closes; mandatory first."""
    entries = [Entry(sv.standard, item) for sv in cat.current_standards() for item in sv.standard.checklist
               if item.phase == gate.after]
    return sort_mandatory_first(entries)


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


def template_uses(cat: Catalog) -> list[tuple[Standard, Template, set[str], set[str]]]:
    """Each current template with the phases and roles of the checklist items that use it."""
    out = []
    for sv in cat.current_standards():
        for t in sv.standard.templates:
            items = [i for i in sv.standard.checklist if i.template == t.id]
            out.append((sv.standard, t, {i.phase for i in items}, {i.responsible for i in items}))
    return out


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


def current_templates(cat: Catalog) -> dict[str, StandardVersion]:
    """Template id -> the current standard version that offers it."""
    found: dict[str, StandardVersion] = {}
    for sv in cat.current_standards():
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
