"""Semantic diff of two versions of one standard: items, RACI, templates, risk matrix, indicators, references, metadata."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from macros.catalog.catalog import StandardVersion
from macros.catalog.queries import CATEGORY_KEY, CHARACTERISTIC_KEY, GATE_KEY, covering_row, item_roles
from macros.core.text import plural
from macros.core.vocabulary import COLUMN_TYPE_LABELS, LEVEL_WEIGHT, SCOPE_LABELS, TEMPLATE_KIND_LABELS, ChangeKind, Impact, Level, RaciLetter
from macros.diff.changes import (
    EMPTY,
    STANDARD_TARGET,
    Change,
    Detail,
    StandardDiff,
    Text,
    date_text,
    field_name,
    flat,
    heaviest,
    ids_text,
    item_key,
    match_by,
    order_changed,
    quoted,
    suggestion_of,
    text_detail,
    value_detail,
    wording_detail,
)
from macros.diff.guidance import body_changes
from macros.model import ChecklistItem, Column, Kpi, RaciRow, Reference, RiskMatrix, Section, Standard


def _roles_of(standard: Standard | None, item: ChecklistItem) -> tuple[tuple[str, ...], str | None]:
    return item_roles(standard, item) if standard is not None else ((), None)


def _from_raci(standard: Standard | None, item: ChecklistItem | None) -> bool:
    """Whether the RACI says who does the item; a version published before named one « responsible » instead."""
    return standard is not None and item is not None and covering_row(standard, item.id) is not None


def _involved(standard: Standard | None, item: ChecklistItem | None) -> set[str]:
    """The roles an item concerns: who does it and who approves it."""
    if item is None:
        return set()
    doers, approver = _roles_of(standard, item)
    return {*doers, *([approver] if approver else [])}


def _item_summary(standard: Standard, item: ChecklistItem, names: Mapping[str, str], titles: Mapping[str, str]) -> list[Detail]:
    doers, approver = item_roles(standard, item)
    details: list[Detail] = [quoted(item.text), f"niveau : {item.level}", f"phase : {names.get(item.phase, item.phase)}"]
    if _from_raci(standard, item):
        details.append(f"réalise (R) : {ids_text(doers, names)}")
        details += [f"approuve (A) : {names.get(approver, approver)}"] if approver else []
    elif doers:
        details.append(f"responsable : {ids_text(doers, names)}")
    if item.only_if:
        details.append(f"seulement si : {_named(CHARACTERISTIC_KEY, item.only_if, names, ' ou ')}")
    if item.template:
        details.append(f"modèle : « {titles.get(item.template, item.template)} »")
    return details


def _role_details(s_old: Standard | None, before: ChecklistItem, s_new: Standard | None, after: ChecklistItem,
                  names: Mapping[str, str]) -> list[tuple[Detail | None, Impact]]:
    """Who does and approves an item, compared only between versions that say it the same way: both by the RACI (R, A),
    or both by the « responsible » of older versions. From one way to the other, nothing can be compared."""
    (doers_was, approver_was), (doers_now, approver_now) = _roles_of(s_old, before), _roles_of(s_new, after)
    if _from_raci(s_old, before) and _from_raci(s_new, after):
        return [(value_detail("réalise (R)", ids_text(doers_was, names), ids_text(doers_now, names)), Impact.CLARIFICATION),
                (value_detail("approuve (A)", ids_text([approver_was] if approver_was else [], names),
                              ids_text([approver_now] if approver_now else [], names)), Impact.CLARIFICATION)]
    if not _from_raci(s_old, before) and not _from_raci(s_new, after):
        return [(value_detail("responsable", ids_text(doers_was, names), ids_text(doers_now, names)), Impact.CLARIFICATION)]
    return []


def _named(prefix: str, ids: Sequence[str], names: Mapping[str, str], sep: str = ", ", empty: str = EMPTY) -> str:
    """Ids of characteristics, categories or gates as readers know them (their prefixed key in `names`)."""
    return sep.join(names.get(prefix + i, i) for i in ids) or empty


def _only_if_impact(before: ChecklistItem, after: ChecklistItem) -> Impact:
    """A condition added or narrowed spares some projects (a removed requirement); one dropped or widened reaches more."""
    was, now = set(before.only_if), set(after.only_if)
    if not now or (was and now - was):
        return Impact.NEW_REQUIREMENT
    return Impact.REMOVED_REQUIREMENT


def _item_changes(s_old: Standard | None, s_new: Standard | None, names: Mapping[str, str], titles: Mapping[str, str]) -> list[Change]:
    changes = []
    old, new = (s_old.checklist if s_old else []), (s_new.checklist if s_new else [])
    pairs = sorted(match_by(old, new, lambda i: i.id), key=lambda p: item_key((p[1] or p[0]).id))  # type: ignore[union-attr]
    for before, after in pairs:
        roles = _involved(s_old, before) | _involved(s_new, after)
        if before is None and after is not None and s_new is not None:
            # Mandatory in any category of project (« majeur » only, say) is a new requirement for those projects.
            impact = Impact.NEW_REQUIREMENT if Level.MANDATORY in (after.level, *after.levels.values()) else Impact.CLARIFICATION
            changes.append(Change(ChangeKind.ADDED, f"élément {after.id}", _item_summary(s_new, after, names, titles), impact, roles, after.id))
        elif after is None and before is not None and s_old is not None:
            changes.append(Change(ChangeKind.REMOVED, f"élément {before.id}", _item_summary(s_old, before, names, titles),
                                  Impact.REMOVED_REQUIREMENT, roles, before.id))
        elif before is not None and after is not None:
            found: list[tuple[Detail | None, Impact]] = [
                wording_detail("texte", before.text, after.text),
                (value_detail("niveau", before.level, after.level),
                 Impact.NEW_REQUIREMENT if after.level == Level.MANDATORY else Impact.REMOVED_REQUIREMENT),
                (value_detail("phase", names.get(before.phase, before.phase), names.get(after.phase, after.phase)), Impact.CLARIFICATION),
                *_role_details(s_old, before, s_new, after, names),
                (value_detail("seulement si", _named(CHARACTERISTIC_KEY, before.only_if, names, " ou "),
                              _named(CHARACTERISTIC_KEY, after.only_if, names, " ou ")), _only_if_impact(before, after)),
                (value_detail("modèle", before.template, after.template, lambda t: f"« {titles.get(t, t)} »"), Impact.CLARIFICATION),
                wording_detail("preuve attendue", before.evidence, after.evidence),
                (value_detail("niveaux par catégorie", before.levels, after.levels, _levels), _levels_impact(before, after)),
                (value_detail("concerne", before.applies_to, after.applies_to, lambda s: SCOPE_LABELS[s].lower()), Impact.CLARIFICATION),
                (value_detail("renvoi", before.see, after.see), Impact.EDITORIAL),
                wording_detail("fréquence", before.frequency, after.frequency),
            ]
            kept = [(d, i) for d, i in found if d is not None]
            if kept:
                impact = heaviest(i for _, i in kept)
                suggestion = suggestion_of([(before.text, after.text), (before.evidence, after.evidence), (before.frequency, after.frequency)])
                changes.append(Change(ChangeKind.MODIFIED, f"élément {after.id}", [d for d, _ in kept if d], impact, roles, after.id,
                                      suggestion=suggestion if impact == Impact.TO_QUALIFY else None))
    return changes


def _levels(levels: dict[str, Level]) -> str:
    return ", ".join(f"{category} : {level}" for category, level in sorted(levels.items())) or EMPTY


def _levels_impact(before: ChecklistItem, after: ChecklistItem) -> Impact:
    """Stricter in any category: a new requirement; only lighter: a removed one."""
    categories = set(before.levels) | set(after.levels)
    stricter = any(LEVEL_WEIGHT[after.level_for(c)] > LEVEL_WEIGHT[before.level_for(c)] for c in categories)
    return Impact.NEW_REQUIREMENT if stricter else Impact.REMOVED_REQUIREMENT


def _raci_roles(row: RaciRow, letter: RaciLetter) -> list[str]:
    value = getattr(row, letter.value)
    return [value] if isinstance(value, str) else list(value)


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
                details.append(f"{letter} : {ids_text(was, names)} → {ids_text(now, names)}")
                roles |= set(was) ^ set(now)
        if before.covers != after.covers:
            details.append(f"éléments couverts : {ids_text(before.covers)} → {ids_text(after.covers)}")
        if before.gates != after.gates:
            details.append(f"décisions de jalon couvertes : {_named(GATE_KEY, before.gates, names)} → {_named(GATE_KEY, after.gates, names)}")
        if details:
            changes.append(Change(ChangeKind.MODIFIED, target, details, Impact.CLARIFICATION, roles))
    return changes


def _template_users(template_id: str, *standards: Standard | None) -> set[str]:
    """The roles that do or approve an item that uses the template, in either version."""
    return {r for s in standards if s is not None for i in s.checklist if i.template == template_id for r in _involved(s, i)}


def _column_changes(before: Column | None, after: Column | None, owner: str, roles: set[str]) -> Change | None:
    column = after or before
    assert column is not None
    target = f"colonne « {flat(column.name)} » du modèle {owner}"
    if before is None or after is None:
        details = [f"type : {COLUMN_TYPE_LABELS[column.type]}"]
        if column.values:
            details.append(f"valeurs : {', '.join(flat(v) for v in column.values)}")
        return Change(ChangeKind.ADDED if before is None else ChangeKind.REMOVED, target, details, Impact.CLARIFICATION, set(roles))
    def values(texts: list[Text]) -> str:
        return ", ".join(flat(v) for v in texts)

    found = [
        (value_detail("type", before.type, after.type, COLUMN_TYPE_LABELS.__getitem__), Impact.CLARIFICATION),
        (value_detail("valeurs", before.values, after.values, values), Impact.TO_QUALIFY),
        (value_detail("liée à la matrice", before.scale, after.scale), Impact.CLARIFICATION),
        (text_detail("aide", before.help, after.help), Impact.EDITORIAL),
        (value_detail("largeur", before.width, after.width), Impact.EDITORIAL),
        (text_detail("nom", before.name, after.name), Impact.EDITORIAL),
    ]
    kept = [(d, i) for d, i in found if d is not None]
    if not kept:
        return None
    return Change(ChangeKind.MODIFIED, target, [d for d, _ in kept if d], heaviest(i for _, i in kept), set(roles))


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
            details = [quoted(template.title), f"nature : {TEMPLATE_KIND_LABELS[template.kind].lower()}", f"formats : {', '.join(template.formats)}"]
            changes.append(Change(ChangeKind.ADDED if before is None else ChangeKind.REMOVED, target, details, Impact.CLARIFICATION, roles))
            continue
        found: list[tuple[str | None, Impact]] = [
            (text_detail("titre", before.title, after.title), Impact.EDITORIAL),
            (value_detail("nature", before.kind, after.kind, lambda k: TEMPLATE_KIND_LABELS[k].lower()), Impact.CLARIFICATION),
            (value_detail("formats", before.formats, after.formats, ", ".join), Impact.CLARIFICATION),
            (value_detail("catégories de projet", _named(CATEGORY_KEY, before.categories, names, empty="toutes"),
                          _named(CATEGORY_KEY, after.categories, names, empty="toutes")), Impact.CLARIFICATION),
            (value_detail("remplace", ids_text(before.replaces), ids_text(after.replaces)), Impact.CLARIFICATION),
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


def _metadata_changes(old: Standard, new: Standard) -> list[Change]:
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
    add("transition_until", value_detail("fin de transition", old.transition_until, new.transition_until, date_text))
    add("owner", value_detail("propriétaire", old.owner, new.owner), {old.owner, new.owner})
    if old.applies_to != new.applies_to:
        changes.append(Change(ChangeKind.MODIFIED, field_name("applies_to"), [f"concerne : {SCOPE_LABELS[old.applies_to].lower()} → "
                                                                  f"{SCOPE_LABELS[new.applies_to].lower()}"], Impact.CLARIFICATION))
    add("review_every_months", value_detail("revue tous les (mois)", old.review_every_months, new.review_every_months))
    return changes


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
        summary = [latest.id, quoted(latest.summary),
                   f"{plural(len(latest.checklist), 'élément de contrôle', 'éléments de contrôle')}, dont "
                   f"{plural(mandatory, 'obligatoire', 'obligatoires') if mandatory else 'aucun obligatoire'}",
                   plural(len(latest.templates), "modèle") if latest.templates else "aucun modèle"]
        changes.append(Change(
            ChangeKind.ADDED if s_old is None else ChangeKind.REMOVED, STANDARD_TARGET + latest.slug, summary if s_old is None else [latest.id],
            (Impact.NEW_REQUIREMENT if mandatory else Impact.CLARIFICATION) if s_old is None else Impact.REMOVED_REQUIREMENT))
    else:
        changes += _metadata_changes(s_old, s_new)
    titles = {t.id: flat(t.title) for s in (s_old, s_new) if s is not None for t in s.templates}
    changes += _item_changes(s_old, s_new, names, titles)
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
