"""Semantic diff between two versions of a standard, two role definitions, or two editions."""
from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from macros.catalog import Catalog, StandardVersion
from macros.constants import EDITIONS_FILE
from macros.dates import french_date
from macros.markdown_source import headings
from macros.model import ChangeNote, ChecklistItem, Column, Edition, Kpi, RaciRow, Reference, RiskMatrix, Role, Section, Standard, tr
from macros.problems import Problem, field_path
from macros.queries import find_edition, readable_names
from macros.text import one_line, plural
from macros.vocabulary import COLUMN_TYPE_LABELS, IMPACT_ORDER, LEVEL_WEIGHT, SCOPE_LABELS, TEMPLATE_KIND_LABELS, ChangeKind, EditionStatus, Impact, Level, RaciLetter
from macros.wording import WordDiff, suggest, word_diff

AJOUT, RETRAIT, MODIFICATION = ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.MODIFIED
REDACTIONNEL, CLARIFICATION = Impact.EDITORIAL, Impact.CLARIFICATION
NOUVELLE_EXIGENCE, EXIGENCE_SUPPRIMEE = Impact.NEW_REQUIREMENT, Impact.REMOVED_REQUIREMENT
INTRODUCTION = "Introduction"
EMPTY = "(vide)"
_STANDARD_TARGET = "standard "


@dataclass(frozen=True)
class TextEdit:
    """A changed text, word by word: « au moins une fois par mois » → « au moins toutes les deux semaines »."""

    label: str
    diff: WordDiff


Detail = str | TextEdit


@dataclass
class Change:
    """One change between two versions, with its impact class and the roles it concerns."""

    kind: ChangeKind
    target: str  # "élément RSK-08", "RACI « … »", "modèle …", "colonne « … » du modèle …", "section « … »", "champ « … »"
    details: Sequence[Detail] = field(default_factory=list)  # French, one each: "niveau : recommandé → obligatoire", or a TextEdit
    impact: Impact = Impact.EDITORIAL
    roles: set[str] = field(default_factory=set)  # role ids concerned
    item_id: str | None = None
    section: str | None = None  # heading of a guidance or role-body section
    note: str | None = None  # the PMO's note, when one of its ChangeNotes classed this change
    suggestion: tuple[Impact, str] | None = None  # for a change « à qualifier »: the probable class, and why


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
    without_transition: str | None = None  # of the new version: why projects must apply it at once
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
    return one_line(tr(text))


def _q(text: Text | None) -> str:
    return f"« {_flat(text)} »" if text is not None else EMPTY


def _ids(values: Iterable[str], names: Mapping[str, str] | None = None) -> str:
    values = [(names or {}).get(v, v) for v in values]
    return ", ".join(values) if values else EMPTY


def _date(day: dt.date | None) -> str:
    return french_date(day) if day is not None else EMPTY


def _heaviest(impacts: Iterable[Impact]) -> Impact:
    return max(impacts, key=IMPACT_ORDER.index, default=Impact.EDITORIAL)


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


def _wording(label: str, old: Text | None, new: Text | None, impact: Impact = Impact.TO_QUALIFY) -> tuple[Detail | None, Impact]:
    """A text that may change a requirement: shown word by word, « à qualifier » unless only its layout changed."""
    if old == new:
        return None, Impact.EDITORIAL
    if old is not None and new is not None and _flat(old) == _flat(new):
        return f"{label} : traduction ou mise en forme modifiée", Impact.EDITORIAL
    if old is None or new is None:
        return f"{label} : {_q(old)} → {_q(new)}", impact
    return TextEdit(label, word_diff(_flat(old), _flat(new))), impact


def _suggestion(pairs: Iterable[tuple[Text | None, Text | None]]) -> tuple[Impact, str] | None:
    """The heaviest impact the changed texts suggest."""
    found = [suggest(_flat(old), _flat(new)) for old, new in pairs if old is not None and new is not None and _flat(old) != _flat(new)]
    return max(found, key=lambda s: IMPACT_ORDER.index(s[0]), default=None)


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

def _item_summary(item: ChecklistItem, names: Mapping[str, str], titles: Mapping[str, str]) -> list[Detail]:
    details: list[Detail] = [_q(item.text), f"niveau : {item.level}", f"phase : {names.get(item.phase, item.phase)}",
                             f"responsable : {names.get(item.responsible, item.responsible)}"]
    if item.template:
        details.append(f"modèle : « {titles.get(item.template, item.template)} »")
    return details


def _item_changes(old: Sequence[ChecklistItem], new: Sequence[ChecklistItem], names: Mapping[str, str],
                  titles: Mapping[str, str]) -> list[Change]:
    changes = []
    pairs = sorted(_match(old, new, lambda i: i.id), key=lambda p: _item_key((p[1] or p[0]).id))  # type: ignore[union-attr]
    for before, after in pairs:
        if before is None and after is not None:
            # Mandatory in any category of project (« majeur » only, say) is a new requirement for those projects.
            impact = NOUVELLE_EXIGENCE if Level.MANDATORY in (after.level, *after.levels.values()) else CLARIFICATION
            changes.append(Change(AJOUT, f"élément {after.id}", _item_summary(after, names, titles), impact, {after.responsible}, after.id))
        elif after is None and before is not None:
            changes.append(Change(RETRAIT, f"élément {before.id}", _item_summary(before, names, titles), EXIGENCE_SUPPRIMEE,
                                  {before.responsible}, before.id))
        elif before is not None and after is not None and before != after:
            found: list[tuple[Detail | None, Impact]] = [
                _wording("texte", before.text, after.text),
                (_value_detail("niveau", before.level, after.level),
                 NOUVELLE_EXIGENCE if after.level == Level.MANDATORY else EXIGENCE_SUPPRIMEE),
                (_value_detail("phase", names.get(before.phase, before.phase), names.get(after.phase, after.phase)), CLARIFICATION),
                (_value_detail("responsable", names.get(before.responsible, before.responsible),
                               names.get(after.responsible, after.responsible)), CLARIFICATION),
                (_value_detail("modèle", before.template, after.template, lambda t: f"« {titles.get(t, t)} »"), CLARIFICATION),
                _wording("preuve attendue", before.evidence, after.evidence),
                (_value_detail("niveaux par catégorie", before.levels, after.levels, _levels), _levels_impact(before, after)),
                (_value_detail("concerne", before.applies_to, after.applies_to, lambda s: SCOPE_LABELS[s].lower()), CLARIFICATION),
                (_value_detail("renvoi", before.see, after.see), REDACTIONNEL),
                _wording("fréquence", before.frequency, after.frequency),
            ]
            kept = [(d, i) for d, i in found if d is not None]
            if kept:
                impact = _heaviest(i for _, i in kept)
                suggestion = _suggestion([(before.text, after.text), (before.evidence, after.evidence), (before.frequency, after.frequency)])
                changes.append(Change(MODIFICATION, f"élément {after.id}", [d for d, _ in kept if d], impact,
                                      {before.responsible, after.responsible}, after.id,
                                      suggestion=suggestion if impact == Impact.TO_QUALIFY else None))
    return changes


def _levels(levels: dict[str, Level]) -> str:
    return ", ".join(f"{category} : {level}" for category, level in sorted(levels.items())) or EMPTY


def _levels_impact(before: ChecklistItem, after: ChecklistItem) -> Impact:
    """Stricter in any category: a new requirement; only lighter: a removed one."""
    categories = set(before.levels) | set(after.levels)
    stricter = any(LEVEL_WEIGHT[after.level_for(c)] > LEVEL_WEIGHT[before.level_for(c)] for c in categories)
    return NOUVELLE_EXIGENCE if stricter else EXIGENCE_SUPPRIMEE


# --- RACI --------------------------------------------------------------------------------------

def _raci_roles(row: RaciRow, letter: RaciLetter) -> list[str]:
    value = getattr(row, letter.value)
    return [value] if isinstance(value, str) else list(value)


def _raci_changes(old: Sequence[RaciRow], new: Sequence[RaciRow], names: Mapping[str, str]) -> list[Change]:
    changes = []
    for before, after in _match(old, new, lambda r: _flat(r.activity)):
        row = after or before
        assert row is not None
        target = f"RACI « {_flat(row.activity)} »"
        if before is None or after is None:
            details = [f"{letter} : {_ids(_raci_roles(row, letter), names)}" for letter in RaciLetter if _raci_roles(row, letter)]
            roles = {r for letter in RaciLetter for r in _raci_roles(row, letter)}
            changes.append(Change(AJOUT if before is None else RETRAIT, target, details, CLARIFICATION, roles))
            continue
        details, roles = [], set()
        for letter in RaciLetter:
            was, now = _raci_roles(before, letter), _raci_roles(after, letter)
            if was != now:
                details.append(f"{letter} : {_ids(was, names)} → {_ids(now, names)}")
                roles |= set(was) ^ set(now)
        if before.covers != after.covers:
            details.append(f"éléments couverts : {_ids(before.covers)} → {_ids(after.covers)}")
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
        details = [f"type : {COLUMN_TYPE_LABELS[column.type]}"]
        if column.values:
            details.append(f"valeurs : {', '.join(_flat(v) for v in column.values)}")
        return Change(AJOUT if before is None else RETRAIT, target, details, CLARIFICATION, set(roles))
    def values(texts: list[Text]) -> str:
        return ", ".join(_flat(v) for v in texts)

    found = [
        (_value_detail("type", before.type, after.type, COLUMN_TYPE_LABELS.__getitem__), CLARIFICATION),
        (_value_detail("valeurs", before.values, after.values, values), Impact.TO_QUALIFY),
        (_value_detail("liée à la matrice", before.scale, after.scale), CLARIFICATION),
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
    def table(cells: list[Text]) -> str:
        return ", ".join(_flat(c) for c in cells)

    if before is None or after is None:
        details = [f"tableau : {table(section.table)}"] if section.table else []
        return Change(AJOUT if before is None else RETRAIT, target, details, CLARIFICATION, set(roles))
    found = [
        (_text_detail("consigne", before.guidance, after.guidance, long="consigne modifiée"), REDACTIONNEL),
        (_value_detail("tableau", before.table, after.table, table), CLARIFICATION),
        (_value_detail("lignes", before.rows, after.rows, table), CLARIFICATION),
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
        target = f"modèle « {_flat(template.title)} »"
        if before is None or after is None:
            details = [_q(template.title), f"nature : {TEMPLATE_KIND_LABELS[template.kind].lower()}", f"formats : {', '.join(template.formats)}"]
            changes.append(Change(AJOUT if before is None else RETRAIT, target, details, CLARIFICATION, roles))
            continue
        found: list[tuple[str | None, Impact]] = [
            (_text_detail("titre", before.title, after.title), REDACTIONNEL),
            (_value_detail("nature", before.kind, after.kind, lambda k: TEMPLATE_KIND_LABELS[k].lower()), CLARIFICATION),
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
            if (change := _section_changes(sb, sa, f"« {_flat(template.title)} »", roles)) is not None:
                changes.append(change)
        for cb, ca in _match(before.columns, after.columns, lambda c: _flat(c.name)):
            if (change := _column_changes(cb, ca, f"« {_flat(template.title)} »", roles)) is not None:
                changes.append(change)
    return changes


# --- risk matrix ---------------------------------------------------------------------------------------------

def _matrix_changes(old: RiskMatrix | None, new: RiskMatrix | None) -> list[Change]:
    """Scales and cells of the risk matrix: a cell that gets more critical is a new requirement (a stronger response)."""
    if old == new:
        return []
    target = "matrice des risques"
    if old is None or new is None:
        return [Change(AJOUT if old is None else RETRAIT, target, [], CLARIFICATION)]
    details, impact = [], CLARIFICATION
    for label, was, now in (("probabilité", old.probability, new.probability), ("impact", old.impact, new.impact)):
        if [(_flat(x.name), _flat(x.definition)) for x in was] != [(_flat(x.name), _flat(x.definition)) for x in now]:
            details.append(f"échelle de {label} : {', '.join(_flat(x.name) for x in was)} → {', '.join(_flat(x.name) for x in now)}"
                           if [x.id for x in was] != [x.id for x in now] else f"échelle de {label} : définitions modifiées")
    rank_old = {c.id: n for n, c in enumerate(old.criticality)}
    rank_new = {c.id: n for n, c in enumerate(new.criticality)}
    names_old, names_new = {c.id: _flat(c.name) for c in old.criticality}, {c.id: _flat(c.name) for c in new.criticality}
    p_names, i_names = {p.id: _flat(p.name) for p in new.probability}, {i.id: _flat(i.name) for i in new.impact}
    for p, row in new.matrix.items():
        for i, level in row.items():
            before = old.matrix.get(p, {}).get(i)
            if before is not None and before != level:
                details.append(f"{p_names.get(p, p)} × {i_names.get(i, i)} : {names_old.get(before, before)} → {names_new.get(level, level)}")
                if rank_new.get(level, 0) > rank_old.get(before, 0):
                    impact = NOUVELLE_EXIGENCE
    if [(_flat(c.name), _flat(c.action)) for c in old.criticality] != [(_flat(c.name), _flat(c.action)) for c in new.criticality]:
        details.append("niveaux de criticité ou réponses attendues modifiés")
    return [Change(MODIFICATION, target, details or ["mise en forme modifiée"], impact)]


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
            _wording("définition", before.definition, after.definition, Impact.EDITORIAL),
            _wording("cible", before.target, after.target),
            _wording("fréquence", before.frequency, after.frequency),
        ]
        kept = [(d, i) for d, i in found if d is not None]
        if kept:
            impact = _heaviest(i for _, i in kept)
            suggestion = _suggestion([(before.target, after.target), (before.frequency, after.frequency)])
            changes.append(Change(MODIFICATION, target, [d for d, _ in kept if d], impact,
                                  suggestion=suggestion if impact == Impact.TO_QUALIFY else None))
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
    "short_name": "nom court", "reports_to": "rattachement", "applies_to": "concerne",
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
    # The dates a new version always changes (effective_from, last_reviewed) are not changes of content: the
    # transition table of the release notes gives them.
    add("transition_until", _value_detail("fin de transition", old.transition_until, new.transition_until, _date))
    add("owner", _value_detail("propriétaire", old.owner, new.owner), {old.owner, new.owner})
    if old.applies_to != new.applies_to:
        changes.append(Change(MODIFICATION, _field("applies_to"), [f"concerne : {SCOPE_LABELS[old.applies_to].lower()} → "
                                                                  f"{SCOPE_LABELS[new.applies_to].lower()}"], CLARIFICATION))
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
    sections: list[tuple[str, int, str]] = []
    seen: dict[str, int] = {}
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
        parts.append(plural(added, "ligne ajoutée", "lignes ajoutées"))
    if removed:
        parts.append(plural(removed, "ligne retirée", "lignes retirées"))
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

    `names` maps role and phase ids to the names readers know (see `queries.readable_names`); ids are kept otherwise.
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
        mandatory = sum(i.level == Level.MANDATORY for i in latest.checklist)
        summary = [latest.id, _q(latest.summary),
                   f"{plural(len(latest.checklist), 'élément de contrôle', 'éléments de contrôle')}, dont "
                   f"{plural(mandatory, 'obligatoire', 'obligatoires') if mandatory else 'aucun obligatoire'}",
                   plural(len(latest.templates), "modèle") if latest.templates else "aucun modèle"]
        changes.append(Change(
            AJOUT if s_old is None else RETRAIT, _STANDARD_TARGET + latest.slug, summary if s_old is None else [latest.id],
            (NOUVELLE_EXIGENCE if mandatory else CLARIFICATION) if s_old is None else EXIGENCE_SUPPRIMEE))
    else:
        changes += _metadata_changes(s_old, s_new)
    titles = {t.id: _flat(t.title) for s in (s_old, s_new) if s is not None for t in s.templates}
    changes += _item_changes(s_old.checklist if s_old else [], s_new.checklist if s_new else [], names, titles)
    changes += _raci_changes(s_old.raci if s_old else [], s_new.raci if s_new else [], names)
    changes += _template_changes(s_old, s_new)
    if s_old is not None and s_new is not None:
        # For a whole standard added or removed, its indicators, sources and text are part of that one change.
        changes += _matrix_changes(s_old.risk_matrix, s_new.risk_matrix)
        changes += _kpi_changes(s_old.kpis, s_new.kpis)
        changes += _reference_changes(s_old.references, s_new.references)
        changes += _body_changes(old.guidance if old else None, new.guidance if new else None, set())
    return StandardDiff(
        slug=latest.slug, title=_flat(latest.title),
        old_version=s_old.version if s_old else None, new_version=s_new.version if s_new else None,
        changes=changes, standard_id=latest.id,
        effective_from=s_new.effective_from if s_new else None,
        transition_until=s_new.transition_until if s_new else None,
        without_transition=_flat(s_new.without_transition) if s_new and s_new.without_transition else None,
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
    if note.target is not None:
        return _flat(note.target) == change.target
    if note.item is None and note.section is None:
        return change.target == _STANDARD_TARGET + owner or change.target == f"rôle {owner}"
    return (note.item is None or note.item == change.item_id) and (note.section is None or note.section == change.section)


def _classify(changes: list[Change], notes: list[ChangeNote], owner: str) -> tuple[list[Change], list[str]]:
    out = []
    for change in changes:
        note = next((n for n in notes if _matches(n, change, owner)), None)
        out.append(change if note is None else replace(change, impact=note.impact, note=_flat(note.note) if note.note else None,
                                                      suggestion=None))
    # A note on the whole of a changed standard has no change to sit on: it is shown with the standard.
    loose = [_flat(n.note) for n in notes if n.note and not any(_matches(n, c, owner) for c in changes)
             and n.item is None and n.section is None and n.target is None]
    return out, loose


D = TypeVar("D", StandardDiff, RoleDiff, EditionDiff)


def apply_notes(diff: D, edition: Edition) -> D:
    """The diff with the impact classes the PMO set in the edition's notes (by standard + item, or + section heading).

    A note names a standard by its slug; a note whose `standard` is a role id classes that role's changes.
    """
    if isinstance(diff, EditionDiff):
        return EditionDiff(diff.old_id, diff.new_id, [apply_notes(s, edition) for s in diff.standards],
                           [apply_notes(r, edition) for r in diff.roles])  # type: ignore[return-value]
    owner = diff.slug if isinstance(diff, StandardDiff) else diff.role_id
    changes, loose = _classify(diff.changes, _notes_for(owner, edition.changes), owner)
    return replace(diff, changes=changes, notes=loose)


def unmatched_notes(diff: EditionDiff, edition: Edition) -> list[int]:
    """Indexes of the edition's notes that class no change of the diff (a typo in an item id or a heading, most likely)."""
    owners: dict[str, list[Change]] = {s.slug: s.changes for s in diff.standards}
    owners.update({r.role_id: r.changes for r in diff.roles})
    out = []
    for index, note in enumerate(edition.changes):
        changes = owners.get(note.standard)
        targeted = note.item is not None or note.section is not None or note.target is not None
        if changes is None or (targeted and not any(_matches(note, c, note.standard) for c in changes)):
            out.append(index)
    return out


def note_problems(catalog: Catalog) -> list[Problem]:
    """A warning at each note of an edition's `changes:` that classes nothing: its class would silently be lost."""
    file = catalog.rel(catalog.root / EDITIONS_FILE)
    doc = catalog.docs.get(file)
    problems = []
    for e, edition in enumerate(catalog.editions):
        previous = next((p for p in reversed(catalog.editions[:e]) if p.status == EditionStatus.PUBLISHED), None)
        if not edition.changes:
            continue
        try:
            # Only the standards and roles the notes name: the others cannot match a note (and a référentiel of a
            # thousand standards would otherwise be diffed in full at every validation).
            diff = diff_editions(catalog, previous.id if previous else None, edition.id, only={n.standard for n in edition.changes})
        except ValueError:
            continue  # an edition naming a missing version: its own error is reported
        for index in unmatched_notes(diff, edition):
            note = edition.changes[index]
            loc = ("editions", e, "changes", index)
            line, col = doc.where(loc) if doc else (1, 1)
            what = note.item or (f"section « {note.section} »" if note.section else "le standard")
            problems.append(Problem(file, line, col, field_path(loc),
                                    f"cette note ne classe aucun changement de l'édition {edition.id} : {what} de "
                                    f"« {note.standard} » n'a pas changé (faute de frappe dans l'identifiant ou le titre ?)",
                                    "avertissement"))
    return problems


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
            standards.append(diff_standards(pick(catalog.standards, "standard", slug, was),
                                            pick(catalog.standards, "standard", slug, now), names))
    roles = []
    for role_id in sorted(set(old.roles if old else {}) | set(new.roles)):
        was, now = (old.roles.get(role_id) if old else None), new.roles.get(role_id)
        if was != now and (only is None or role_id in only):
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
