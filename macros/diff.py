"""Semantic diff between two versions of a standard, two role definitions, or two editions."""
from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from macros.dates import french_date
from macros.markdown_source import headings
from macros.model import ChangeNote, ChecklistItem, Column, Edition, Kpi, RaciRow, Reference, Role, Section, Standard, tr, version_key
from macros.render.text import md_inline, md_plain

if TYPE_CHECKING:
    from macros.catalog import Catalog, StandardVersion

AJOUT, RETRAIT, MODIFICATION = "ajout", "retrait", "modification"
REDACTIONNEL, CLARIFICATION = "rédactionnel", "clarification"
NOUVELLE_EXIGENCE, EXIGENCE_SUPPRIMEE = "nouvelle exigence", "exigence supprimée"
# Ordered by weight: a change that is several things at once takes the heaviest class.
IMPACTS = (REDACTIONNEL, CLARIFICATION, EXIGENCE_SUPPRIMEE, NOUVELLE_EXIGENCE)
KINDS = (AJOUT, RETRAIT, MODIFICATION)
MARKERS = {AJOUT: "+", RETRAIT: "-", MODIFICATION: "~"}
KIND_LABELS = {AJOUT: "Ajout", RETRAIT: "Retrait", MODIFICATION: "Modification"}
INTRODUCTION = "Introduction"
EMPTY = "(vide)"

_TEMPLATE_KINDS = {"document": "document", "register": "registre"}
_COLUMN_TYPES = {"text": "texte", "date": "date", "number": "nombre", "choice": "liste de choix"}
_STANDARD_TARGET = "standard "


@dataclass
class Change:
    """One change between two versions, with its impact class and the roles it concerns."""

    kind: str  # "ajout" | "retrait" | "modification"
    target: str  # "élément RSK-08", "RACI « … »", "modèle …", "colonne « … » du modèle …", "section « … »", "champ « … »"
    details: list[str] = field(default_factory=list)  # French, one line each: "niveau : recommandé → obligatoire"
    impact: str = REDACTIONNEL  # one of IMPACTS
    roles: set[str] = field(default_factory=set)  # role ids concerned
    item_id: str | None = None
    section: str | None = None  # heading of a guidance or role-body section
    note: str | None = None  # the PMO's note, when one of its ChangeNotes classed this change


@dataclass
class StandardDiff:
    """Every change between two versions of one standard (a missing side: added or removed standard)."""

    slug: str
    title: str
    old_version: str | None
    new_version: str | None
    changes: list[Change]
    standard_id: str = ""
    effective_from: dt.date | None = None  # of the new version
    transition_until: dt.date | None = None  # of the new version: until when the old one may be kept
    notes: list[str] = field(default_factory=list)  # the PMO's notes on the standard as a whole


@dataclass
class RoleDiff:
    """Every change between two versions of one role definition."""

    role_id: str
    name: str
    old_version: str | None
    new_version: str | None
    changes: list[Change]
    notes: list[str] = field(default_factory=list)


@dataclass
class EditionDiff:
    """The standards and role definitions an edition adds, removes or changes (unchanged ones omitted)."""

    old_id: str | None
    new_id: str
    standards: list[StandardDiff]
    roles: list[RoleDiff]


# --- small helpers -----------------------------------------------------------------------------

T = TypeVar("T")
Text = str | dict[str, str]


def _flat(text: Text | None) -> str:
    """French text on one line: a diff line stays one line whatever the YAML's folding."""
    return " ".join(tr(text).split())


def _q(text: Text | None) -> str:
    return f"« {_flat(text)} »" if text is not None else EMPTY


def _ids(values: Iterable[str], names: Mapping[str, str] | None = None) -> str:
    values = [(names or {}).get(v, v) for v in values]
    return ", ".join(values) if values else EMPTY


def _date(day: dt.date | None) -> str:
    return french_date(day) if day is not None else EMPTY


def _heaviest(impacts: Iterable[str]) -> str:
    return max(impacts, key=IMPACTS.index, default=REDACTIONNEL)


def _plural(count: int, singular: str, plural: str) -> str:
    # French: zero and one take the singular.
    return f"{count} {singular if count <= 1 else plural}"


def _text_detail(label: str, old: Text | None, new: Text | None, *, long: str | None = None) -> str | None:
    """`label : « old » → « new »`, or `long` (e.g. « texte modifié ») for paragraphs; None if equal."""
    if old == new:
        return None
    if old is not None and new is not None and _flat(old) == _flat(new):
        # Same French text on one line: only the wrapping or a translation differs.
        return f"{label} : traduction ou mise en forme modifiée"
    if long is not None:
        return long
    return f"{label} : {_q(old)} → {_q(new)}"


def _value_detail(label: str, old: Any, new: Any, show: Callable[[Any], str] = str) -> str | None:
    if old == new:
        return None
    return f"{label} : {show(old) if old is not None else EMPTY} → {show(new) if new is not None else EMPTY}"


def _item_key(item_id: str) -> tuple[str, int]:
    prefix, _, number = item_id.partition("-")
    return prefix, int(number) if number.isdigit() else 0


def _match(old: Sequence[T], new: Sequence[T], key: Callable[[T], str]) -> list[tuple[T | None, T | None]]:
    """Pairs (old, new) matched by key: the new order first, then what was removed, in the old order."""
    old_by = {key(x): x for x in old}
    new_keys = {key(x) for x in new}
    pairs: list[tuple[T | None, T | None]] = [(old_by.get(key(x)), x) for x in new]
    pairs += [(x, None) for x in old if key(x) not in new_keys]
    return pairs


def _order_changed(old: Sequence[str], new: Sequence[str]) -> bool:
    common = set(old) & set(new)
    return [x for x in old if x in common] != [x for x in new if x in common]


# --- checklist items ---------------------------------------------------------------------------

def _item_summary(item: ChecklistItem, names: Mapping[str, str]) -> list[str]:
    details = [_q(item.text), f"niveau : {item.level}", f"phase : {names.get(item.phase, item.phase)}",
               f"responsable : {names.get(item.responsible, item.responsible)}"]
    if item.template:
        details.append(f"modèle : {item.template}")
    return details


def _item_changes(old: Sequence[ChecklistItem], new: Sequence[ChecklistItem], names: Mapping[str, str]) -> list[Change]:
    changes = []
    pairs = sorted(_match(old, new, lambda i: i.id), key=lambda p: _item_key((p[1] or p[0]).id))  # type: ignore[union-attr]
    for before, after in pairs:
        if before is None and after is not None:
            impact = NOUVELLE_EXIGENCE if after.level == "obligatoire" else CLARIFICATION
            changes.append(Change(AJOUT, f"élément {after.id}", _item_summary(after, names), impact, {after.responsible}, after.id))
        elif after is None and before is not None:
            changes.append(Change(RETRAIT, f"élément {before.id}", _item_summary(before, names), EXIGENCE_SUPPRIMEE,
                                  {before.responsible}, before.id))
        elif before is not None and after is not None and before != after:
            found: list[tuple[str | None, str]] = [
                (_text_detail("texte", before.text, after.text), REDACTIONNEL),
                (_value_detail("niveau", before.level, after.level),
                 NOUVELLE_EXIGENCE if after.level == "obligatoire" else EXIGENCE_SUPPRIMEE),
                (_value_detail("phase", names.get(before.phase, before.phase), names.get(after.phase, after.phase)), CLARIFICATION),
                (_value_detail("responsable", names.get(before.responsible, before.responsible),
                               names.get(after.responsible, after.responsible)), CLARIFICATION),
                (_value_detail("modèle", before.template, after.template), CLARIFICATION),
                (_text_detail("preuve attendue", before.evidence, after.evidence), REDACTIONNEL),
            ]
            kept = [(d, i) for d, i in found if d is not None]
            if kept:
                changes.append(Change(MODIFICATION, f"élément {after.id}", [d for d, _ in kept if d],
                                      _heaviest(i for _, i in kept), {before.responsible, after.responsible}, after.id))
    return changes


# --- RACI --------------------------------------------------------------------------------------

_LETTERS = ("R", "A", "C", "I")


def _raci_roles(row: RaciRow, letter: str) -> list[str]:
    value = getattr(row, letter)
    return [value] if isinstance(value, str) else list(value)


def _raci_changes(old: Sequence[RaciRow], new: Sequence[RaciRow], names: Mapping[str, str]) -> list[Change]:
    changes = []
    for before, after in _match(old, new, lambda r: _flat(r.activity)):
        row = after or before
        assert row is not None
        target = f"RACI « {_flat(row.activity)} »"
        if before is None or after is None:
            details = [f"{letter} : {_ids(_raci_roles(row, letter), names)}" for letter in _LETTERS if _raci_roles(row, letter)]
            roles = {r for letter in _LETTERS for r in _raci_roles(row, letter)}
            changes.append(Change(AJOUT if before is None else RETRAIT, target, details, CLARIFICATION, roles))
            continue
        details, roles = [], set()
        for letter in _LETTERS:
            was, now = _raci_roles(before, letter), _raci_roles(after, letter)
            if was != now:
                details.append(f"{letter} : {_ids(was, names)} → {_ids(now, names)}")
                roles |= set(was) ^ set(now)
        if details:
            changes.append(Change(MODIFICATION, target, details, CLARIFICATION, roles))
    return changes


# --- templates ---------------------------------------------------------------------------------

def _template_users(template_id: str, *standards: Standard | None) -> set[str]:
    """The roles responsible for an item that uses the template, in either version."""
    return {i.responsible for s in standards if s is not None for i in s.checklist if i.template == template_id}


def _column_changes(before: Column | None, after: Column | None, owner: str, roles: set[str]) -> Change | None:
    column = after or before
    assert column is not None
    target = f"colonne « {_flat(column.name)} » du modèle {owner}"
    if before is None or after is None:
        details = [f"type : {_COLUMN_TYPES[column.type]}"]
        if column.values:
            details.append(f"valeurs : {', '.join(_flat(v) for v in column.values)}")
        return Change(AJOUT if before is None else RETRAIT, target, details, CLARIFICATION, set(roles))
    values = (lambda vs: ", ".join(_flat(v) for v in vs))
    found = [
        (_value_detail("type", before.type, after.type, _COLUMN_TYPES.__getitem__), CLARIFICATION),
        (_value_detail("valeurs", before.values, after.values, values), CLARIFICATION),
        (_text_detail("aide", before.help, after.help), REDACTIONNEL),
        (_value_detail("largeur", before.width, after.width), REDACTIONNEL),
        (_text_detail("nom", before.name, after.name), REDACTIONNEL),
    ]
    kept = [(d, i) for d, i in found if d is not None]
    if not kept:
        return None
    return Change(MODIFICATION, target, [d for d, _ in kept if d], _heaviest(i for _, i in kept), set(roles))


def _section_changes(before: Section | None, after: Section | None, owner: str, roles: set[str]) -> Change | None:
    section = after or before
    assert section is not None
    target = f"section « {_flat(section.title)} » du modèle {owner}"
    table = (lambda cells: ", ".join(_flat(c) for c in cells))
    if before is None or after is None:
        details = [f"tableau : {table(section.table)}"] if section.table else []
        return Change(AJOUT if before is None else RETRAIT, target, details, CLARIFICATION, set(roles))
    found = [
        (_text_detail("consigne", before.guidance, after.guidance, long="consigne modifiée"), REDACTIONNEL),
        (_value_detail("tableau", before.table, after.table, table), CLARIFICATION),
        (_text_detail("titre", before.title, after.title), REDACTIONNEL),
    ]
    kept = [(d, i) for d, i in found if d is not None]
    if not kept:
        return None
    return Change(MODIFICATION, target, [d for d, _ in kept if d], _heaviest(i for _, i in kept), set(roles))


def _template_changes(old_std: Standard | None, new_std: Standard | None) -> list[Change]:
    changes = []
    old = old_std.templates if old_std else []
    new = new_std.templates if new_std else []
    for before, after in _match(old, new, lambda t: t.id):
        template = after or before
        assert template is not None
        roles = _template_users(template.id, old_std, new_std)
        target = f"modèle {template.id}"
        if before is None or after is None:
            details = [_q(template.title), f"nature : {_TEMPLATE_KINDS[template.kind]}", f"formats : {', '.join(template.formats)}"]
            changes.append(Change(AJOUT if before is None else RETRAIT, target, details, CLARIFICATION, roles))
            continue
        found: list[tuple[str | None, str]] = [
            (_text_detail("titre", before.title, after.title), REDACTIONNEL),
            (_value_detail("nature", before.kind, after.kind, _TEMPLATE_KINDS.__getitem__), CLARIFICATION),
            (_value_detail("formats", before.formats, after.formats, ", ".join), CLARIFICATION),
            (_text_detail("description", before.description, after.description, long="description modifiée"), REDACTIONNEL),
            ("ordre des colonnes modifié" if _order_changed([_flat(c.name) for c in before.columns],
                                                           [_flat(c.name) for c in after.columns]) else None, CLARIFICATION),
            ("ordre des sections modifié" if _order_changed([_flat(s.title) for s in before.sections],
                                                           [_flat(s.title) for s in after.sections]) else None, CLARIFICATION),
        ]
        kept = [(d, i) for d, i in found if d is not None]
        if kept:
            changes.append(Change(MODIFICATION, target, [d for d, _ in kept if d], _heaviest(i for _, i in kept), roles))
        for sb, sa in _match(before.sections, after.sections, lambda s: _flat(s.title)):
            if (change := _section_changes(sb, sa, template.id, roles)) is not None:
                changes.append(change)
        for cb, ca in _match(before.columns, after.columns, lambda c: _flat(c.name)):
            if (change := _column_changes(cb, ca, template.id, roles)) is not None:
                changes.append(change)
    return changes


# --- KPIs, references, metadata ----------------------------------------------------------------

def _kpi_changes(old: Sequence[Kpi], new: Sequence[Kpi]) -> list[Change]:
    changes = []
    for before, after in _match(old, new, lambda k: _flat(k.name)):
        kpi = after or before
        assert kpi is not None
        target = f"indicateur « {_flat(kpi.name)} »"
        if before is None or after is None:
            details = [_q(kpi.definition)] + ([f"cible : {_q(kpi.target)}"] if kpi.target else [])
            changes.append(Change(AJOUT if before is None else RETRAIT, target, details, CLARIFICATION))
            continue
        found = [
            (_text_detail("définition", before.definition, after.definition), REDACTIONNEL),
            (_text_detail("cible", before.target, after.target), CLARIFICATION),
            (_text_detail("fréquence", before.frequency, after.frequency), CLARIFICATION),
        ]
        kept = [(d, i) for d, i in found if d is not None]
        if kept:
            changes.append(Change(MODIFICATION, target, [d for d, _ in kept if d], _heaviest(i for _, i in kept)))
    return changes


def _reference_changes(old: Sequence[Reference], new: Sequence[Reference]) -> list[Change]:
    changes = []
    for before, after in _match(old, new, lambda r: _flat(r.title)):
        ref = after or before
        assert ref is not None
        target = f"référence « {_flat(ref.title)} »"
        if before is None or after is None:
            changes.append(Change(AJOUT if before is None else RETRAIT, target, [ref.url] if ref.url else [], REDACTIONNEL))
        elif (detail := _value_detail("adresse", before.url, after.url)) is not None:
            changes.append(Change(MODIFICATION, target, [detail], REDACTIONNEL))
    return changes


# French names of the fields a release note may mention; the data's own keys stay in English.
FIELD_LABELS = {
    "title": "titre", "summary": "résumé", "scope": "périmètre", "objectives": "objectifs",
    "effective_from": "date d'entrée en vigueur", "transition_until": "fin de transition", "owner": "propriétaire",
    "review_every_months": "périodicité de revue", "last_reviewed": "dernière revue", "name": "nom",
    "short_name": "nom court", "reports_to": "rattachement",
}


def _field(name: str) -> str:
    return f"champ « {FIELD_LABELS.get(name, name)} »"


def _metadata_changes(old: Standard, new: Standard) -> list[Change]:
    changes = []

    def add(name: str, detail: str | None, roles: set[str] | None = None) -> None:
        if detail is not None:
            changes.append(Change(MODIFICATION, _field(name), [detail], REDACTIONNEL, roles or set()))

    add("title", _text_detail("titre", old.title, new.title))
    add("summary", _text_detail("résumé", old.summary, new.summary, long="résumé modifié"))
    add("scope", _text_detail("périmètre", old.scope, new.scope, long="périmètre modifié"))
    was, now = [_flat(o) for o in old.objectives], [_flat(o) for o in new.objectives]
    objectives = [f"ajouté : « {o} »" for o in now if o not in was] + [f"retiré : « {o} »" for o in was if o not in now]
    if not objectives and was != now:
        objectives = ["ordre modifié"]
    if objectives:
        changes.append(Change(MODIFICATION, _field("objectives"), objectives, REDACTIONNEL))
    add("effective_from", _value_detail("entrée en vigueur", old.effective_from, new.effective_from, _date))
    add("transition_until", _value_detail("fin de transition", old.transition_until, new.transition_until, _date))
    add("owner", _value_detail("propriétaire", old.owner, new.owner), {old.owner, new.owner})
    add("review_every_months", _value_detail("revue tous les (mois)", old.review_every_months, new.review_every_months))
    return changes


# --- Markdown sections (guidance and role bodies) ----------------------------------------------

def markdown_sections(body: str | None) -> list[tuple[str, int, str]]:
    """(heading, level, text) of each section of a body; text before the first heading is « Introduction »."""
    if not body:
        return []
    lines = body.split("\n")
    found = headings(body, 1)
    bounds = [(INTRODUCTION, 0, 0, found[0].line - 1 if found else len(lines))]
    bounds += [(h.text, h.level, h.line, found[n + 1].line - 1 if n + 1 < len(found) else len(lines))
               for n, h in enumerate(found)]
    sections, seen = [], {}
    for title, level, start, end in bounds:
        text = "\n".join(line.rstrip() for line in lines[start:end]).strip("\n")
        if level == 0 and not text.strip():
            continue
        # The same heading twice (two « Exemple » sections) stays two sections.
        seen[title] = seen.get(title, 0) + 1
        sections.append((title if seen[title] == 1 else f"{title} ({seen[title]})", level, text))
    return sections


def _line_counts(old: str, new: str) -> str:
    # Blank lines only separate blocks: counting them would double every added paragraph.
    before = [line for line in old.split("\n") if line.strip()]
    after = [line for line in new.split("\n") if line.strip()]
    added = removed = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op != "equal":
            removed += i2 - i1
            added += j2 - j1
    parts = []
    if added:
        parts.append(_plural(added, "ligne ajoutée", "lignes ajoutées"))
    if removed:
        parts.append(_plural(removed, "ligne retirée", "lignes retirées"))
    return "texte modifié : " + ", ".join(parts) if parts else "mise en forme modifiée"


def _body_changes(old: str | None, new: str | None, roles: set[str]) -> list[Change]:
    changes = []
    for before, after in _match(markdown_sections(old), markdown_sections(new), lambda s: s[0]):
        section = after or before
        assert section is not None
        target = f"section « {_flat(section[0])} »"
        if before is None or after is None:
            changes.append(Change(AJOUT if before is None else RETRAIT, target, [], REDACTIONNEL, set(roles), section=section[0]))
            continue
        details = []
        if before[1] != after[1]:
            details.append(f"niveau de titre : {before[1]} → {after[1]}")
        if before[2] != after[2]:
            details.append(_line_counts(before[2], after[2]))
        if details:
            changes.append(Change(MODIFICATION, target, details, REDACTIONNEL, set(roles), section=section[0]))
    return changes


# --- public diff functions ---------------------------------------------------------------------

def diff_standards(old: StandardVersion | None, new: StandardVersion | None,
                   names: Mapping[str, str] | None = None) -> StandardDiff:
    """Every change from old to new; None on one side means the standard is added (or removed).

    `names` maps role and phase ids to the names readers know (see `catalog_names`); ids are kept otherwise.
    """
    names = names or {}
    if old is None and new is None:
        raise ValueError("diff_standards : au moins une des deux versions est nécessaire")
    s_old = old.standard if old else None
    s_new = new.standard if new else None
    latest = s_new or s_old
    assert latest is not None
    changes: list[Change] = []
    if s_old is None or s_new is None:
        mandatory = any(i.level == "obligatoire" for i in latest.checklist)
        changes.append(Change(
            AJOUT if s_old is None else RETRAIT, _STANDARD_TARGET + latest.slug, [latest.id],
            (NOUVELLE_EXIGENCE if mandatory else CLARIFICATION) if s_old is None else EXIGENCE_SUPPRIMEE))
    else:
        changes += _metadata_changes(s_old, s_new)
    changes += _item_changes(s_old.checklist if s_old else [], s_new.checklist if s_new else [], names)
    changes += _raci_changes(s_old.raci if s_old else [], s_new.raci if s_new else [], names)
    changes += _template_changes(s_old, s_new)
    if s_old is not None and s_new is not None:
        # For a whole standard added or removed, its indicators, sources and text are part of that one change.
        changes += _kpi_changes(s_old.kpis, s_new.kpis)
        changes += _reference_changes(s_old.references, s_new.references)
        changes += _body_changes(old.guidance if old else None, new.guidance if new else None, set())
    return StandardDiff(
        slug=latest.slug, title=_flat(latest.title),
        old_version=s_old.version if s_old else None, new_version=s_new.version if s_new else None,
        changes=changes, standard_id=latest.id,
        effective_from=s_new.effective_from if s_new else None,
        transition_until=s_new.transition_until if s_new else None,
    )


def diff_roles(old: Role | None, new: Role | None) -> RoleDiff:
    """Changes of one role definition: front-matter fields, and body sections by heading."""
    if old is None and new is None:
        raise ValueError("diff_roles : au moins une des deux versions est nécessaire")
    latest = (new or old).meta  # type: ignore[union-attr]
    roles = {latest.id}
    changes: list[Change] = []
    if old is None or new is None:
        changes.append(Change(AJOUT if old is None else RETRAIT, f"rôle {latest.id}",
                              [_q(latest.name)], CLARIFICATION, set(roles)))
    else:
        for name, detail in (
            ("name", _text_detail("nom", old.meta.name, new.meta.name)),
            ("short_name", _value_detail("nom court", old.meta.short_name, new.meta.short_name)),
            ("reports_to", _value_detail("rend compte à", old.meta.reports_to, new.meta.reports_to)),
            ("summary", _text_detail("résumé", old.meta.summary, new.meta.summary)),
        ):
            if detail is not None:
                changes.append(Change(MODIFICATION, _field(name), [detail], REDACTIONNEL, set(roles)))
        changes += _body_changes(old.body, new.body, roles)
    return RoleDiff(latest.id, _flat(latest.name), old.meta.version if old else None, new.meta.version if new else None, changes)


def _notes_for(owner: str, notes: Iterable[ChangeNote]) -> list[ChangeNote]:
    return [n for n in notes if n.standard == owner]


def _matches(note: ChangeNote, change: Change, owner: str) -> bool:
    if note.item is None and note.section is None:
        return change.target == _STANDARD_TARGET + owner or change.target == f"rôle {owner}"
    return (note.item is None or note.item == change.item_id) and (note.section is None or note.section == change.section)


def _classify(changes: list[Change], notes: list[ChangeNote], owner: str) -> tuple[list[Change], list[str]]:
    out = []
    for change in changes:
        note = next((n for n in notes if _matches(n, change, owner)), None)
        out.append(change if note is None else replace(change, impact=note.impact, note=_flat(note.note) if note.note else None))
    # A note on the whole of a changed standard has no change to sit on: it is shown with the standard.
    loose = [_flat(n.note) for n in notes if n.note and not any(_matches(n, c, owner) for c in changes)
             and n.item is None and n.section is None]
    return out, loose


D = TypeVar("D", StandardDiff, RoleDiff, EditionDiff)


def apply_notes(diff: D, edition: Edition) -> D:
    """The diff with the impact classes the PMO set in the edition's notes (by standard + item, or + section heading).

    A note names a standard by its slug; a note whose `standard` is a role id classes that role's changes.
    """
    if isinstance(diff, EditionDiff):
        return replace(diff, standards=[apply_notes(s, edition) for s in diff.standards],
                       roles=[apply_notes(r, edition) for r in diff.roles])
    owner = diff.slug if isinstance(diff, StandardDiff) else diff.role_id
    changes, loose = _classify(diff.changes, _notes_for(owner, edition.changes), owner)
    return replace(diff, changes=changes, notes=loose)


def unmatched_notes(diff: EditionDiff, edition: Edition) -> list[ChangeNote]:
    """The edition's notes that class no change of the diff (a typo in an item id or a heading, most likely)."""
    owners: dict[str, list[Change]] = {s.slug: s.changes for s in diff.standards}
    owners.update({r.role_id: r.changes for r in diff.roles})
    out = []
    for note in edition.changes:
        changes = owners.get(note.standard)
        if changes is None:
            out.append(note)
        elif (note.item is not None or note.section is not None) and not any(_matches(note, c, note.standard) for c in changes):
            out.append(note)
    return out


def _edition(catalog: Catalog, edition_id: str) -> Edition:
    for edition in catalog.editions:
        if edition.id == edition_id:
            return edition
    known = ", ".join(e.id for e in catalog.editions) or "aucune"
    raise ValueError(f"édition inconnue « {edition_id} » ; éditions connues : {known}")


def catalog_names(catalog: Catalog) -> dict[str, str]:
    """Role and phase ids to their French names, for release notes."""
    names = {p.id: _flat(p.name) for p in catalog.lifecycle.phases} if catalog.lifecycle else {}
    for role_id, versions in catalog.roles.items():
        names[role_id] = _flat(versions[max(versions, key=version_key)].meta.name)
    return names


def diff_editions(catalog: Catalog, old_id: str | None, new_id: str) -> EditionDiff:
    """What new_id changes from old_id (None: from nothing), with the PMO's notes of new_id applied."""
    new = _edition(catalog, new_id)
    old = _edition(catalog, old_id) if old_id is not None else None

    def pick(table: dict[str, dict[str, T]], kind: str, name: str, version: str | None) -> T | None:
        if version is None:
            return None
        found = table.get(name, {}).get(version)
        if found is None:
            raise ValueError(f"{kind} « {name} » : version {version} introuvable")
        return found

    names = catalog_names(catalog)
    standards = []
    for slug in sorted(set(old.standards if old else {}) | set(new.standards)):
        was, now = (old.standards.get(slug) if old else None), new.standards.get(slug)
        if was != now:
            standards.append(diff_standards(pick(catalog.standards, "standard", slug, was),
                                            pick(catalog.standards, "standard", slug, now), names))
    roles = []
    for role_id in sorted(set(old.roles if old else {}) | set(new.roles)):
        was, now = (old.roles.get(role_id) if old else None), new.roles.get(role_id)
        if was != now:
            roles.append(diff_roles(pick(catalog.roles, "rôle", role_id, was), pick(catalog.roles, "rôle", role_id, now)))
    standards.sort(key=lambda s: (s.standard_id, s.slug))
    return apply_notes(EditionDiff(old_id, new_id, standards, roles), edition=new)


def changes_by_role(ed: EditionDiff) -> dict[str, list[tuple[StandardDiff, Change]]]:
    """« Ce qui change pour vous »: each role id, sorted, with the standard changes that concern it, in diff order."""
    out: dict[str, list[tuple[StandardDiff, Change]]] = {}
    for sd in ed.standards:
        for change in sd.changes:
            for role in change.roles:
                out.setdefault(role, []).append((sd, change))
    return {role: out[role] for role in sorted(out)}


# --- output ------------------------------------------------------------------------------------

def _versions(old: str | None, new: str | None, noun: str) -> str:
    if old is None:
        return f"{noun}, version {new}"
    if new is None:
        return f"retiré (version {old})"
    return f"{old} → {new}"


def _terminal_line(change: Change) -> str:
    line = f"{MARKERS[change.kind]} {change.target} [{change.impact}]"
    return line + (" " + " ; ".join(change.details) if change.details else "")


def _terminal_block(header: str, changes: list[Change]) -> list[str]:
    return [header] + ([_terminal_line(c) for c in changes] or ["  aucun changement de contenu"])


def format_terminal(diff: StandardDiff | RoleDiff | EditionDiff) -> str:
    """Plain French text, one line per change (+ ajout, - retrait, ~ modification); no final newline."""
    if isinstance(diff, StandardDiff):
        header = f"{diff.title} ({diff.slug}) : {_versions(diff.old_version, diff.new_version, 'nouveau standard')}"
        return "\n".join(_terminal_block(header, diff.changes))
    if isinstance(diff, RoleDiff):
        header = f"Rôle {diff.name} ({diff.role_id}) : {_versions(diff.old_version, diff.new_version, 'nouveau rôle')}"
        return "\n".join(_terminal_block(header, diff.changes))
    title = f"Édition {diff.old_id} → {diff.new_id}" if diff.old_id else f"Édition {diff.new_id} (première édition)"
    summary = (f"{title} : {_plural(len(diff.standards), 'standard concerné', 'standards concernés')}, "
               f"{_plural(len(diff.roles), 'définition de rôle concernée', 'définitions de rôle concernées')}")
    blocks = [summary] + [format_terminal(d) for d in [*diff.standards, *diff.roles]]
    return "\n\n".join(blocks)


def _md_table(changes: list[Change], q: Callable[[str], str]) -> list[str]:
    if not changes:
        return ["Aucun changement de contenu."]
    rows = ["| Changement | Objet | Impact | Détails |", "| --- | --- | --- | --- |"]
    for c in changes:
        details = [q(d) for d in c.details]
        if c.note:
            details.append(f"*Note du PMO :* {q(c.note)}")
        rows.append(f"| {KIND_LABELS[c.kind]} | {q(c.target)} | {c.impact} | {' ; '.join(details) or '—'} |")
    return rows


def _md_versions(old: str | None, new: str | None, noun: str, q: Callable[[str], str]) -> str:
    if old is None:
        return f"{noun}, version {q(str(new))}."
    if new is None:
        return f"Retiré de l'édition (dernière version : {q(old)})."
    return f"Version {q(old)} → {q(new)}."


def format_markdown(diff: StandardDiff | RoleDiff | EditionDiff, level: int = 2, plain: bool = False) -> str:
    """Markdown for release notes: one heading of `level` per standard or role, a table of its changes.

    For the site every data text becomes entities (md_inline); `plain` escapes with backslashes only, so the
    text stays readable when the PMO pastes `pmo diff --format markdown` into a message.
    """
    q = md_plain if plain else md_inline
    hashes = "#" * level
    if isinstance(diff, StandardDiff):
        intro = _md_versions(diff.old_version, diff.new_version, "Nouveau standard", q)
        if diff.new_version is not None and diff.effective_from is not None:
            intro += f" En vigueur le {french_date(diff.effective_from)}"
            intro += (f" ; les projets démarrés avant peuvent garder la version précédente jusqu'au "
                      f"{french_date(diff.transition_until)}." if diff.transition_until and diff.old_version else ".")
        out = [f"{hashes} {q(diff.title)}", "", intro, ""]
        out += [f"*Note du PMO :* {q(n)}" for n in diff.notes] + ([""] if diff.notes else [])
        return "\n".join(out + _md_table(diff.changes, q)) + "\n"
    if isinstance(diff, RoleDiff):
        out = [f"{hashes} Rôle : {q(diff.name)}", "", _md_versions(diff.old_version, diff.new_version, "Nouveau rôle", q), ""]
        out += [f"*Note du PMO :* {q(n)}" for n in diff.notes] + ([""] if diff.notes else [])
        return "\n".join(out + _md_table(diff.changes, q)) + "\n"
    if not diff.standards and not diff.roles:
        return f"Aucun changement entre les éditions {q(str(diff.old_id))} et {q(diff.new_id)}.\n"
    blocks = [format_markdown(d, level, plain) for d in [*diff.standards, *diff.roles]]
    return "\n".join(blocks)


__all__ = [
    "AJOUT", "CLARIFICATION", "Change", "EXIGENCE_SUPPRIMEE", "EditionDiff", "IMPACTS", "INTRODUCTION", "KINDS", "MODIFICATION",
    "NOUVELLE_EXIGENCE", "REDACTIONNEL", "RETRAIT", "RoleDiff", "StandardDiff", "apply_notes", "changes_by_role",
    "diff_editions", "diff_roles", "diff_standards", "format_markdown", "format_terminal", "markdown_sections",
    "unmatched_notes",
]
