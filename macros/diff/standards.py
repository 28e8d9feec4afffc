"""Semantic diff of two versions of one standard: items, RACI, templates, risk matrix, indicators, references, metadata."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from macros.catalog.catalog import StandardVersion
from macros.catalog.queries import CATEGORY_KEY, GATE_KEY
from macros.core.dates import french_date
from macros.core.text import plural
from macros.core.vocabulary import (
    COLUMN_TYPE_LABELS,
    FORMAT_LABELS,
    RACI_SHORT_LABELS,
    RISK_SCALE_LABELS,
    TEMPLATE_KIND_LABELS,
    ChangeKind,
    Format,
    Impact,
    Level,
    RaciLetter,
)
from macros.diff.changes import (
    STANDARD_TARGET,
    Categories,
    Change,
    StandardDiff,
    Text,
    field_name,
    flat,
    heaviest,
    ids_text,
    match_by,
    order_changed,
    quoted,
    suggestion_of,
    text_detail,
    value_detail,
    wording_detail,
)
from macros.diff.guidance import body_changes
from macros.diff.items import involved, item_changes, listed_ids, named_ids, scope_sentence
from macros.model import Column, Kpi, RaciRow, Reference, RiskMatrix, Section, Standard


def _raci_roles(row: RaciRow, letter: RaciLetter) -> list[str]:
    value = getattr(row, letter.value)
    return [value] if isinstance(value, str) else list(value)


def _raci_letter(letter: RaciLetter, was: list[str], now: list[str], names: Mapping[str, str]) -> str:
    """One letter of an activity that changed: « C : Sponsor → Responsable du PMO », or in words when a side is empty."""
    label = RACI_SHORT_LABELS[letter].lower()
    if not was:
        return f"{ids_text(now, names)} : désormais « {label} »"
    if not now:
        return f"plus aucun rôle « {label} » (c'était {ids_text(was, names)})"
    return f"{letter} : {ids_text(was, names)} → {ids_text(now, names)}"


def _covers(was: list[str], now: list[str]) -> str:
    if not was:
        return f"couvre désormais {ids_text(now)}"
    if not now:
        return f"ne couvre plus aucun élément (c'était {ids_text(was)})"
    return f"éléments couverts : {ids_text(was)} → {ids_text(now)}"


def _raci_changes(old: Sequence[RaciRow], new: Sequence[RaciRow], names: Mapping[str, str]) -> list[Change]:
    changes = []
    for before, after in match_by(old, new, lambda r: flat(r.activity)):
        row = after or before
        assert row is not None
        target = f"RACI « {flat(row.activity)} »"
        if before is None or after is None:
            details = [f"{letter} : {ids_text(_raci_roles(row, letter), names)}" for letter in RaciLetter if _raci_roles(row, letter)]
            roles = {r for letter in RaciLetter for r in _raci_roles(row, letter)}
            changes.append(Change(ChangeKind.ADDED if before is None else ChangeKind.REMOVED, target, details, Impact.CLARIFICATION, roles))
            continue
        details, roles = [], set()
        for letter in RaciLetter:
            was, now = _raci_roles(before, letter), _raci_roles(after, letter)
            if was != now:
                details.append(_raci_letter(letter, was, now, names))
                roles |= set(was) ^ set(now)
        if before.covers != after.covers:
            details.append(_covers(before.covers, after.covers))
        gates = value_detail("décisions de jalon couvertes", named_ids(GATE_KEY, before.gates, names), named_ids(GATE_KEY, after.gates, names))
        if gates is not None:
            details.append(gates)
        if details:
            changes.append(Change(ChangeKind.MODIFIED, target, details, Impact.CLARIFICATION, roles))
    return changes


def _template_users(template_id: str, *standards: Standard | None) -> set[str]:
    """The roles that do or approve an item that uses the template, in either version."""
    return {r for s in standards if s is not None for i in s.checklist if i.template == template_id for r in involved(s, i)}


def _column_changes(before: Column | None, after: Column | None, owner: str, roles: set[str]) -> Change | None:
    column = after or before
    assert column is not None
    target = f"colonne « {flat(column.name)} » du modèle {owner}"
    if before is None or after is None:
        details = [f"type : {COLUMN_TYPE_LABELS[column.type]}"]
        if column.compute is not None:
            details.append(f"calculée : {column.compute.text}")
        if column.values:
            details.append(f"valeurs : {', '.join(flat(v) for v in column.values)}")
        return Change(ChangeKind.ADDED if before is None else ChangeKind.REMOVED, target, details, Impact.CLARIFICATION, set(roles))
    def values(texts: list[Text]) -> str:
        return ", ".join(flat(v) for v in texts)

    found = [
        (value_detail("type", before.type, after.type, COLUMN_TYPE_LABELS.__getitem__), Impact.CLARIFICATION),
        (value_detail("valeurs", before.values, after.values, values), Impact.TO_QUALIFY),
        (_scale_sentence(before, after), Impact.CLARIFICATION),
        (value_detail("calcul", before.compute, after.compute, lambda c: c.text), Impact.CLARIFICATION),
        (text_detail("aide", before.help, after.help), Impact.EDITORIAL),
        (value_detail("largeur", before.width, after.width), Impact.EDITORIAL),
        (text_detail("nom", before.name, after.name), Impact.EDITORIAL),
    ]
    kept = [(d, i) for d, i in found if d is not None]
    if not kept:
        return None
    return Change(ChangeKind.MODIFIED, target, [d for d, _ in kept if d], heaviest(i for _, i in kept), set(roles))


def _scale_sentence(before: Column, after: Column) -> str | None:
    """A register column tied to the risk matrix, or no longer: « liée désormais à l'échelle de probabilité de la matrice »."""
    if before.scale == after.scale:
        return None
    if after.scale is None:
        return "n'est plus liée à la matrice des risques"
    return f"liée désormais à {RISK_SCALE_LABELS[after.scale]} de la matrice des risques"


def _section_changes(before: Section | None, after: Section | None, owner: str, roles: set[str]) -> Change | None:
    section = after or before
    assert section is not None
    target = f"section « {flat(section.title)} » du modèle {owner}"
    def table(cells: list[Text]) -> str:
        return ", ".join(flat(c) for c in cells)

    if before is None or after is None:
        details = [f"tableau : {table(section.table)}"] if section.table else []
        return Change(ChangeKind.ADDED if before is None else ChangeKind.REMOVED, target, details, Impact.CLARIFICATION, set(roles))
    found = [
        (text_detail("consigne", before.guidance, after.guidance, long="consigne modifiée"), Impact.EDITORIAL),
        (value_detail("tableau", before.table, after.table, table), Impact.CLARIFICATION),
        (value_detail("lignes", before.rows, after.rows, table), Impact.CLARIFICATION),
        (text_detail("titre", before.title, after.title), Impact.EDITORIAL),
    ]
    kept = [(d, i) for d, i in found if d is not None]
    if not kept:
        return None
    return Change(ChangeKind.MODIFIED, target, [d for d, _ in kept if d], heaviest(i for _, i in kept), set(roles))


def _formats(formats: Sequence[Format]) -> str:
    return ", ".join(FORMAT_LABELS[f] for f in formats)


def _template_changes(old_std: Standard | None, new_std: Standard | None, names: Mapping[str, str]) -> list[Change]:
    changes = []
    old = old_std.templates if old_std else []
    new = new_std.templates if new_std else []
    for before, after in match_by(old, new, lambda t: t.id):
        template = after or before
        assert template is not None
        roles = _template_users(template.id, old_std, new_std)
        target = f"modèle « {flat(template.title)} »"
        if before is None or after is None:
            details = [quoted(template.title), f"nature : {TEMPLATE_KIND_LABELS[template.kind].lower()}", f"formats : {_formats(template.formats)}"]
            changes.append(Change(ChangeKind.ADDED if before is None else ChangeKind.REMOVED, target, details, Impact.CLARIFICATION, roles))
            continue
        found: list[tuple[str | None, Impact]] = [
            (text_detail("titre", before.title, after.title), Impact.EDITORIAL),
            (value_detail("nature", before.kind, after.kind, lambda k: TEMPLATE_KIND_LABELS[k].lower()), Impact.CLARIFICATION),
            (value_detail("formats", before.formats, after.formats, _formats), Impact.CLARIFICATION),
            (value_detail("catégories de projet", named_ids(CATEGORY_KEY, before.categories, names, empty="toutes"),
                          named_ids(CATEGORY_KEY, after.categories, names, empty="toutes")), Impact.CLARIFICATION),
            (value_detail("remplace", listed_ids(before.replaces), listed_ids(after.replaces)), Impact.CLARIFICATION),
            (text_detail("description", before.description, after.description, long="description modifiée"), Impact.EDITORIAL),
            ("ordre des colonnes modifié" if order_changed([flat(c.name) for c in before.columns],
                                                           [flat(c.name) for c in after.columns]) else None, Impact.CLARIFICATION),
            ("ordre des sections modifié" if order_changed([flat(s.title) for s in before.sections],
                                                           [flat(s.title) for s in after.sections]) else None, Impact.CLARIFICATION),
        ]
        kept = [(d, i) for d, i in found if d is not None]
        if kept:
            changes.append(Change(ChangeKind.MODIFIED, target, [d for d, _ in kept if d], heaviest(i for _, i in kept), roles))
        for sb, sa in match_by(before.sections, after.sections, lambda s: flat(s.title)):
            if (change := _section_changes(sb, sa, f"« {flat(template.title)} »", roles)) is not None:
                changes.append(change)
        for cb, ca in match_by(before.columns, after.columns, lambda c: flat(c.name)):
            if (change := _column_changes(cb, ca, f"« {flat(template.title)} »", roles)) is not None:
                changes.append(change)
    return changes


def _matrix_changes(old: RiskMatrix | None, new: RiskMatrix | None, names: Mapping[str, str]) -> list[Change]:
    """Scales and cells of the risk matrix: a cell that gets more critical is a new requirement (a stronger response)."""
    if old == new:
        return []
    target = "matrice des risques"
    if old is None or new is None:
        return [Change(ChangeKind.ADDED if old is None else ChangeKind.REMOVED, target, [], Impact.CLARIFICATION)]
    details, impact = [], Impact.CLARIFICATION
    for label, was, now in (("probabilité", old.probability, new.probability), ("impact", old.impact, new.impact)):
        if [(flat(x.name), flat(x.definition)) for x in was] != [(flat(x.name), flat(x.definition)) for x in now]:
            details.append(f"échelle de {label} : {', '.join(flat(x.name) for x in was)} → {', '.join(flat(x.name) for x in now)}"
                           if [x.id for x in was] != [x.id for x in now] else f"échelle de {label} : définitions modifiées")
    rank_old = {c.id: n for n, c in enumerate(old.criticality)}
    rank_new = {c.id: n for n, c in enumerate(new.criticality)}
    names_old, names_new = {c.id: flat(c.name) for c in old.criticality}, {c.id: flat(c.name) for c in new.criticality}
    p_names, i_names = {p.id: flat(p.name) for p in new.probability}, {i.id: flat(i.name) for i in new.impact}
    for p, row in new.matrix.items():
        for i, level in row.items():
            before = old.matrix.get(p, {}).get(i)
            if before is not None and before != level:
                details.append(f"{p_names.get(p, p)} × {i_names.get(i, i)} : {names_old.get(before, before)} → {names_new.get(level, level)}")
                if rank_new.get(level, 0) > rank_old.get(before, 0):
                    impact = Impact.NEW_REQUIREMENT
    if [(flat(c.name), flat(c.action)) for c in old.criticality] != [(flat(c.name), flat(c.action)) for c in new.criticality]:
        details.append("niveaux de criticité ou réponses attendues modifiés")
    # Whom each level reaches, and whose decision each impact needs: the escalation the matrix must respect.
    was_reach = {c.id: c.escalates_to for c in old.criticality}
    for c in new.criticality:
        if (detail := value_detail(f"criticité {flat(c.name).lower()}, remonte à", names.get(was_reach.get(c.id) or "", was_reach.get(c.id)),
                                   names.get(c.escalates_to or "", c.escalates_to))) is not None:
            details.append(detail)
    was_decider = {x.id: x.decided_by for x in old.impact}
    for scale in new.impact:
        if (detail := value_detail(f"impact {flat(scale.name).lower()}, décision de",
                                   names.get(was_decider.get(scale.id) or "", was_decider.get(scale.id)),
                                   names.get(scale.decided_by or "", scale.decided_by))) is not None:
            details.append(detail)
    return [Change(ChangeKind.MODIFIED, target, details or ["mise en forme modifiée"], impact)]


def _kpi_changes(old: Sequence[Kpi], new: Sequence[Kpi]) -> list[Change]:
    changes = []
    for before, after in match_by(old, new, lambda k: flat(k.name)):
        kpi = after or before
        assert kpi is not None
        target = f"indicateur « {flat(kpi.name)} »"
        if before is None or after is None:
            details = [quoted(kpi.definition)] + ([f"cible : {quoted(kpi.target)}"] if kpi.target else [])
            changes.append(Change(ChangeKind.ADDED if before is None else ChangeKind.REMOVED, target, details, Impact.CLARIFICATION))
            continue
        found = [
            wording_detail("définition", before.definition, after.definition, Impact.EDITORIAL),
            wording_detail("cible", before.target, after.target),
            wording_detail("fréquence", before.frequency, after.frequency),
        ]
        kept = [(d, i) for d, i in found if d is not None]
        if kept:
            impact = heaviest(i for _, i in kept)
            suggestion = suggestion_of([(before.target, after.target), (before.frequency, after.frequency)])
            changes.append(Change(ChangeKind.MODIFIED, target, [d for d, _ in kept if d], impact,
                                  suggestion=suggestion if impact == Impact.TO_QUALIFY else None))
    return changes


def _reference_changes(old: Sequence[Reference], new: Sequence[Reference]) -> list[Change]:
    changes = []
    for before, after in match_by(old, new, lambda r: flat(r.title)):
        ref = after or before
        assert ref is not None
        target = f"référence « {flat(ref.title)} »"
        if before is None or after is None:
            changes.append(Change(ChangeKind.ADDED if before is None else ChangeKind.REMOVED, target, [ref.url] if ref.url else [], Impact.EDITORIAL))
        elif (detail := value_detail("adresse", before.url, after.url)) is not None:
            changes.append(Change(ChangeKind.MODIFIED, target, [detail], Impact.EDITORIAL))
    return changes


def _transition(was: dt.date | None, now: dt.date | None) -> str | None:
    """Until when the projects started earlier may keep the previous version, in words."""
    if was == now:
        return None
    if was is None:
        return f"les projets démarrés avant peuvent garder la version précédente jusqu'au {french_date(now)}" if now else None
    if now is None:
        return f"plus de délai de transition (il courait jusqu'au {french_date(was)})"
    return f"fin de transition : {french_date(was)} → {french_date(now)}"


def _metadata_changes(old: Standard, new: Standard, names: Mapping[str, str]) -> list[Change]:
    changes = []

    def add(name: str, detail: str | None, roles: set[str] | None = None) -> None:
        if detail is not None:
            changes.append(Change(ChangeKind.MODIFIED, field_name(name), [detail], Impact.EDITORIAL, roles or set()))

    add("title", text_detail("titre", old.title, new.title))
    add("summary", text_detail("résumé", old.summary, new.summary, long="résumé modifié"))
    add("scope", text_detail("périmètre", old.scope, new.scope, long="périmètre modifié"))
    was, now = [flat(o) for o in old.objectives], [flat(o) for o in new.objectives]
    objectives = [f"ajouté : « {o} »" for o in now if o not in was] + [f"retiré : « {o} »" for o in was if o not in now]
    if not objectives and was != now:
        objectives = ["ordre modifié"]
    if objectives:
        changes.append(Change(ChangeKind.MODIFIED, field_name("objectives"), objectives, Impact.EDITORIAL))
    # The dates a new version always changes (effective_from, last_reviewed) are not changes of content: the
    # transition table of the release notes gives them.
    add("transition_until", _transition(old.transition_until, new.transition_until))
    add("owner", value_detail("propriétaire", names.get(old.owner, old.owner), names.get(new.owner, new.owner)), {old.owner, new.owner})
    if old.applies_to != new.applies_to:
        changes.append(Change(ChangeKind.MODIFIED, field_name("applies_to"), [scope_sentence(old.applies_to, new.applies_to, "ses points")],
                              Impact.CLARIFICATION))
    add("review_every_months", value_detail("périodicité de revue", old.review_every_months, new.review_every_months, lambda n: f"{n} mois"))
    return changes


def diff_standards(old: StandardVersion | None, new: StandardVersion | None,
                   names: Mapping[str, str] | None = None, categories: Categories | None = None) -> StandardDiff:
    """Every change from old to new; None on one side means the standard is added (or removed).

    `names` maps role and phase ids to the names readers know (see `queries.readable_names`); ids are kept otherwise.
    `categories` names the categories of project, for the changes of an item's level by category.
    """
    names = names or {}
    categories = categories or Categories()
    if old is None and new is None:
        raise ValueError("diff_standards : au moins une des deux versions est nécessaire")
    s_old = old.standard if old else None
    s_new = new.standard if new else None
    latest = s_new or s_old
    assert latest is not None
    changes: list[Change] = []
    if s_old is None or s_new is None:
        mandatory = sum(i.level == Level.MANDATORY for i in latest.checklist)
        summary = [latest.id, quoted(latest.summary),
                   f"{plural(len(latest.checklist), 'élément de contrôle', 'éléments de contrôle')}, dont "
                   f"{plural(mandatory, 'obligatoire', 'obligatoires') if mandatory else 'aucun obligatoire'}",
                   plural(len(latest.templates), "modèle") if latest.templates else "aucun modèle"]
        changes.append(Change(
            ChangeKind.ADDED if s_old is None else ChangeKind.REMOVED, STANDARD_TARGET + latest.slug, summary if s_old is None else [latest.id],
            (Impact.NEW_REQUIREMENT if mandatory else Impact.CLARIFICATION) if s_old is None else Impact.REMOVED_REQUIREMENT))
    else:
        changes += _metadata_changes(s_old, s_new, names)
    titles = {t.id: flat(t.title) for s in (s_old, s_new) if s is not None for t in s.templates}
    changes += item_changes(s_old, s_new, names, titles, categories)
    changes += _raci_changes(s_old.raci if s_old else [], s_new.raci if s_new else [], names)
    changes += _template_changes(s_old, s_new, names)
    if s_old is not None and s_new is not None:
        # For a whole standard added or removed, its indicators, sources and text are part of that one change.
        changes += _matrix_changes(s_old.risk_matrix, s_new.risk_matrix, names)
        changes += _kpi_changes(s_old.kpis, s_new.kpis)
        changes += _reference_changes(s_old.references, s_new.references)
        changes += body_changes(old.guidance if old else None, new.guidance if new else None, set())
    return StandardDiff(
        slug=latest.slug, title=flat(latest.title),
        old_version=s_old.version if s_old else None, new_version=s_new.version if s_new else None,
        changes=changes, standard_id=latest.id,
        effective_from=s_new.effective_from if s_new else None,
        transition_until=s_new.transition_until if s_new else None,
        without_transition=flat(s_new.without_transition) if s_new and s_new.without_transition else None,
    )
