"""Page data: for each generated page, the small set of facts its renderer needs, computed from the catalogue."""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from macros import links
from macros.catalog import Catalog, StandardVersion
from macros.dates import add_months
from macros.diff import EditionDiff, StandardDiff, apply_notes, diff_editions, diff_standards
from macros.markdown_source import internal_links
from macros.model import ChecklistItem, Edition, Entry, Gate, Role, Standard, Tailoring, Template, tr
from macros.model.quiz import Parcours, Quiz
from macros.queries import (
    categories,
    current_items,
    default_category,
    editions_holding,
    find_item,
    first_edition,
    gate_entries,
    phase_names,
    previous_edition,
    raci_matrix,
    readable_names,
    role_name,
    role_names,
    scoped_entries,
    sort_mandatory_first,
    successor,
    template_hash,
    template_uses,
)
from macros.quizzes import QuizSet, StaleQuestion
from macros.text import one_line
from macros.vocabulary import Format, Level, RaciLetter, Scope, Status


@dataclass(frozen=True)
class VersionRow:
    """One version of a standard as a history table shows it."""

    version: str
    status: Status
    effective_from: dt.date
    transition_until: dt.date | None
    editions: list[str]


@dataclass(frozen=True)
class StandardPage:
    """Facts of the page of one version of a standard (its current page, or its permanent version page)."""

    src: str
    current: bool  # the standard's current page, else the permanent page of this version
    standard: Standard
    guidance: str | None
    links: dict[str, str | None]  # `standard:`/`role:` targets of the guidance -> URL from this page
    status: Status
    is_current_version: bool
    successor: Standard | None
    first_edition: str | None
    edition_id: str | None
    review_due: dt.date
    review_late: bool  # overdue at the current edition's date (not the build's: same sources, same page)
    role_names: dict[str, str]
    phases: list[tuple[str, str]]
    history: list[VersionRow]
    template_hashes: dict[str, str]
    categories: list[tuple[str, str]]  # id, name: lightest first
    default_category: str
    examples: dict[str, list[Format]]  # template id -> formats of its filled-in example (current version only)


@dataclass(frozen=True)
class StandardsIndex:
    edition_id: str
    rows: list[tuple[Standard, Status, str]]  # standard, status, owner's name


@dataclass(frozen=True)
class CategoryRef:
    """A category of project as pages name it, with the address of a page for it."""

    id: str
    name: str
    src: str


@dataclass(frozen=True)
class GateRow:
    gate: Gate
    phase_name: str
    mandatory: dict[str, int]  # category id -> mandatory items
    recommended: dict[str, int]


@dataclass(frozen=True)
class ChecklistsIndex:
    rows: list[GateRow]
    categories: list[CategoryRef]


@dataclass(frozen=True)
class CriterionRow:
    """A go/no-go criterion of a gate: an item of a standard, or the gate's own."""

    id: str
    text: str
    evidence: str
    standard: Standard | None


@dataclass(frozen=True)
class GatePage:
    gate: Gate
    src: str
    phase_name: str
    edition_id: str
    entries: list[Entry]
    role_names: dict[str, str]
    category: CategoryRef
    categories: list[CategoryRef]
    decided_by: str | None
    criteria: list[CriterionRow]


@dataclass(frozen=True)
class CategoriesPage:
    tailoring: Tailoring | None
    categories: list[CategoryRef]
    default: str
    mandatory: dict[str, int]  # category id -> mandatory project items in force
    changed: list[tuple[Standard, ChecklistItem, dict[str, Level]]]  # items whose level differs by category


@dataclass(frozen=True)
class ScopePage:
    """A checklist of the PMO's own work: its set-up roadmap, or the portfolio's recurring routines."""

    src: str
    title: str
    intro: str
    groups: list[tuple[str, list[Entry]]]
    role_names: dict[str, str]
    edition_id: str


@dataclass(frozen=True)
class PhaseBlock:
    """One phase of the lifecycle as the diagram shows it, with the gate that closes it."""

    id: str
    name: str
    description: str
    documents: list[tuple[str, str, str]]  # title, standard slug, template id
    gate: Gate | None
    decided_by: str | None


@dataclass(frozen=True)
class LifecyclePage:
    src: str
    phases: list[PhaseBlock]


@dataclass(frozen=True)
class RolesIndex:
    roles: list[Role]


@dataclass(frozen=True)
class RaciLine:
    standard: Standard
    activity: str
    letters: list[RaciLetter]


@dataclass(frozen=True)
class RolePage:
    role: Role
    reports_to_name: str | None
    links: dict[str, str | None]
    raci: list[RaciLine]
    items: list[Entry]


@dataclass(frozen=True)
class RaciMatrix:
    roles: list[tuple[str, str]]  # id, column label
    rows: list[tuple[Standard, str, dict[str, str]]]
    xlsx: str


@dataclass(frozen=True)
class TemplateUse:
    standard: Standard
    template: Template
    phases: set[str]
    roles: set[str]
    categories: set[str]  # the categories of project whose items use it (not all « non applicable »)


@dataclass(frozen=True)
class TemplatesIndex:
    edition_id: str
    phases: list[tuple[str, str]]
    roles: list[tuple[str, str]]
    categories: list[tuple[str, str]]
    uses: list[TemplateUse]


@dataclass(frozen=True)
class HistoryPage:
    slug: str
    title: str
    rows: list[VersionRow]
    diffs: list[StandardDiff]


@dataclass(frozen=True)
class EditionsIndex:
    editions: list[Edition]


@dataclass(frozen=True)
class EditionPage:
    edition: Edition
    previous_id: str | None
    published: list[tuple[Standard, str]]  # for a first edition: every standard and version it publishes
    diff: EditionDiff | None
    roles: list[tuple[str, str]]  # current roles in order: id, name


@dataclass(frozen=True)
class ItemRef:
    """A checklist item as a quiz page links to it."""

    slug: str
    standard_title: str
    text: str


@dataclass(frozen=True)
class QuizPage:
    quiz: Quiz
    src: str
    items: dict[str, ItemRef]
    labels: dict[str, str]
    edition_id: str
    audience: list[str]


@dataclass(frozen=True)
class TemplateRef:
    slug: str
    standard_label: str
    title: str
    template_id: str


@dataclass(frozen=True)
class ParcoursPage:
    parcours: Parcours
    src: str
    quizzes: dict[str, Quiz]
    labels: dict[str, str]
    templates: dict[str, TemplateRef]
    edition_id: str


@dataclass(frozen=True)
class StaleRow:
    quiz_id: str
    quiz_title: str
    question_id: str
    prompt: str
    item_id: str
    item_slug: str | None
    reason: str


@dataclass(frozen=True)
class StalePage:
    scope: str
    rows: list[StaleRow] = field(default_factory=list)


# --- builders -----------------------------------------------------------------------------------------------

def resolve_internal(cat: Catalog, src: str, target: str) -> str | None:
    """The URL, from page src, of a `standard:<slug>[#anchor]` or `role:<id>` link in the PMO's Markdown."""
    scheme, _, rest = target.partition(":")
    name, _, anchor = rest.partition("#")
    if scheme == "role":
        return links.href(src, links.role_page(name)) if name in cat.roles else None
    if name not in cat.standards:
        return None
    items = {i.id for sv in cat.standards[name].values() for i in sv.standard.checklist}
    return links.href(src, links.standard_page(name), links.item_anchor(name, anchor) if anchor in items else anchor)


def _body_links(cat: Catalog, src: str, body: str | None) -> dict[str, str | None]:
    return {target: resolve_internal(cat, src, target) for _, _, target in internal_links(body or "", 1)}


def _version_rows(cat: Catalog, slug: str) -> list[VersionRow]:
    return [VersionRow(v.standard.version, cat.status_of(v), v.standard.effective_from, v.standard.transition_until,
                       editions_holding(cat, slug, v.standard.version)) for v in cat.shown_versions(slug)]


def standard_page(cat: Catalog, sv: StandardVersion, src: str, *, current: bool) -> StandardPage:
    s = sv.standard
    edition = cat.current_edition()
    shown_current = cat.current(s.slug)
    review_due = add_months(s.last_reviewed, s.review_every_months)
    status = cat.status_of(sv)
    first = first_edition(cat, s.slug, s.version)
    return StandardPage(
        src=src, current=current, standard=s, guidance=sv.guidance, links=_body_links(cat, src, sv.guidance),
        status=status,
        is_current_version=shown_current is not None and shown_current.standard.version == s.version,
        successor=(nxt.standard if (nxt := successor(cat, sv)) is not None else None),
        first_edition=first.id if first else None,
        edition_id=edition.id if edition else None,
        review_due=review_due,
        review_late=(edition is not None and edition.date is not None and review_due < edition.date and status == Status.ACTIVE),
        role_names=role_names(cat), phases=list(phase_names(cat).items()),
        history=_version_rows(cat, s.slug),
        template_hashes={t.id: template_hash(s, t) for t in s.templates},
        categories=[(c.id, one_line(tr(c.name))) for c in categories(cat)], default_category=default_category(cat),
        examples={t.id: [f for f in t.formats if f != "csv"] for t in s.templates
                  if (s.slug, t.id) in cat.examples and shown_current is not None and shown_current.standard.version == s.version},
    )


def standards_index(cat: Catalog) -> StandardsIndex:
    edition = cat.current_edition()
    assert edition is not None
    return StandardsIndex(edition.id, [(sv.standard, cat.status_of(sv), role_name(cat, sv.standard.owner))
                                       for sv in cat.current_standards()])


def _phase_name(cat: Catalog, phase_id: str) -> str:
    return phase_names(cat).get(phase_id, phase_id)


def category_refs(cat: Catalog, page: Callable[[str | None], str]) -> list[CategoryRef]:
    """The categories, each with its page: the default category's at page(None), the others at page(id)."""
    default = default_category(cat)
    return [CategoryRef(c.id, one_line(tr(c.name)), page(None if c.id == default else c.id)) for c in categories(cat)]


def checklists_index(cat: Catalog) -> ChecklistsIndex:
    rows = []
    for gate in cat.lifecycle.gates if cat.lifecycle else []:
        mandatory, recommended = {}, {}
        for category in categories(cat):
            entries = gate_entries(cat, gate, category.id)
            mandatory[category.id] = sum(e.item.level == Level.MANDATORY for e in entries)
            recommended[category.id] = sum(e.item.level == Level.RECOMMENDED for e in entries)
        rows.append(GateRow(gate, _phase_name(cat, gate.after), mandatory, recommended))
    return ChecklistsIndex(rows, category_refs(cat, lambda c: links.CHECKLISTS_INDEX))


def _criteria(cat: Catalog, gate: Gate) -> list[CriterionRow]:
    rows = []
    for criterion in gate.criteria:
        if criterion.item is not None:
            found = find_item(cat, criterion.item)
            if found is not None:
                item = found.item
                rows.append(CriterionRow(item.id, one_line(tr(item.text)), one_line(tr(item.evidence)) if item.evidence else "", found.standard))
        else:
            rows.append(CriterionRow(criterion.id or "", one_line(tr(criterion.text)), one_line(tr(criterion.evidence)), None))
    return rows


def gate_page(cat: Catalog, gate: Gate, category: str | None = None) -> GatePage:
    """The checklist of one gate for one category of project (the default one when None)."""
    edition = cat.current_edition()
    assert edition is not None
    refs = category_refs(cat, lambda c: links.gate_page(gate.id, c))
    chosen = next(r for r in refs if r.id == (category or default_category(cat)))
    return GatePage(gate, chosen.src, _phase_name(cat, gate.after), edition.id, gate_entries(cat, gate, chosen.id), role_names(cat),
                    chosen, refs, role_name(cat, gate.decided_by) if gate.decided_by else None, _criteria(cat, gate))


def categories_page(cat: Catalog) -> CategoriesPage:
    project_items = scoped_entries(cat, Scope.PROJECT)
    mandatory = {c.id: sum(e.item.level_for(c.id) == Level.MANDATORY for e in project_items) for c in categories(cat)}
    changed = [(e.standard, e.item, {c.id: e.item.level_for(c.id) for c in categories(cat)}) for e in project_items if e.item.levels]
    return CategoriesPage(cat.tailoring, category_refs(cat, lambda c: links.CATEGORIES_PAGE), default_category(cat), mandatory, changed)


def pmo_roadmap(cat: Catalog) -> ScopePage:
    """The PMO's own set-up work, phase by phase."""
    entries = scoped_entries(cat, Scope.PMO)
    groups = [(f"Phase : {name}", sort_mandatory_first([e for e in entries if e.item.phase == pid])) for pid, name in phase_names(cat).items()]
    return ScopePage(links.PMO_ROADMAP, "Feuille de route de mise en place du PMO",
                     "Ce que le PMO fait pour lui-même : se mettre en place, puis fonctionner et s'améliorer. Ces éléments ne "
                     "figurent pas dans les listes de contrôle des projets.", [g for g in groups if g[1]], role_names(cat), _edition_id(cat))


def portfolio_calendar(cat: Catalog) -> ScopePage:
    """The portfolio's recurring routines, by frequency, then what happens once per project."""
    entries = scoped_entries(cat, Scope.PORTFOLIO)
    frequencies: dict[str, list[Entry]] = {}
    for e in entries:
        key = one_line(tr(e.item.frequency)) if e.item.frequency else "À chaque projet, au moment indiqué"
        frequencies.setdefault(key, []).append(e)
    groups = [(key, sort_mandatory_first(found)) for key, found in frequencies.items()]
    groups.sort(key=lambda g: g[0].startswith("À chaque projet"))
    return ScopePage(links.PORTFOLIO_CALENDAR, "Calendrier du portefeuille",
                     "Les routines du PMO et des instances de portefeuille : consolider, arbitrer, réexaminer, mesurer les bénéfices. "
                     "Elles portent sur l'ensemble des projets et ne figurent pas dans les listes de contrôle d'un projet.",
                     groups, role_names(cat), _edition_id(cat))


def lifecycle_page(cat: Catalog) -> LifecyclePage:
    """Phases, gates, who decides and the key documents of each phase (the project templates its items name)."""
    assert cat.lifecycle is not None
    blocks = []
    uses = template_uses(cat)
    order = [p.id for p in cat.lifecycle.phases]
    for phase in cat.lifecycle.phases:
        gate = next((g for g in cat.lifecycle.gates if g.after == phase.id), None)
        # The documents a phase produces first (their earliest use is in it), then those it keeps up to date.
        found = [(min(order.index(p) for p in phases if p in order) != order.index(phase.id), one_line(tr(t.title)), s.slug, t.id)
                 for s, t, phases, _ in uses if phase.id in phases]
        documents = [(title, slug, tid) for _, title, slug, tid in sorted(found)]
        blocks.append(PhaseBlock(phase.id, one_line(tr(phase.name)), one_line(tr(phase.description)), documents, gate,
                                 role_name(cat, gate.decided_by) if gate and gate.decided_by else None))
    return LifecyclePage(links.LIFECYCLE_PAGE, blocks)


def roles_index(cat: Catalog) -> RolesIndex:
    return RolesIndex(cat.current_roles())


def role_page(cat: Catalog, role: Role) -> RolePage:
    m = role.meta
    raci = []
    for sv in cat.current_standards():
        for row in sv.standard.raci:
            held = [letter for letter in RaciLetter
                    if (m.id == row.A if letter == RaciLetter.A else m.id in getattr(row, letter.value))]
            if held:
                raci.append(RaciLine(sv.standard, one_line(tr(row.activity)), held))
    items = [Entry(sv.standard, item) for sv in cat.current_standards() for item in sv.standard.checklist
             if item.responsible == m.id]
    return RolePage(role, role_name(cat, m.reports_to) if m.reports_to else None,
                    _body_links(cat, links.role_page(m.id), role.body), raci, items)


def raci_page(cat: Catalog, xlsx: str) -> RaciMatrix:
    roles = [(r.meta.id, r.meta.short_name or one_line(tr(r.meta.name))) for r in cat.current_roles()]
    return RaciMatrix(roles, raci_matrix(cat), xlsx)


def templates_index(cat: Catalog) -> TemplatesIndex:
    edition = cat.current_edition()
    assert edition is not None
    roles = [(r.meta.id, one_line(tr(r.meta.name))) for r in cat.current_roles()]
    chosen = [(c.id, one_line(tr(c.name))) for c in categories(cat)]

    def used_in(s: Standard, t: Template) -> set[str]:
        users = [i for i in s.checklist if i.template == t.id]
        return {c for c, _ in chosen if not users or any(i.level_for(c) != Level.NOT_APPLICABLE for i in users)}

    return TemplatesIndex(edition.id, list(phase_names(cat).items()), roles, chosen,
                          [TemplateUse(s, t, phases, used_by, used_in(s, t)) for s, t, phases, used_by in template_uses(cat)])


def history_page(cat: Catalog, slug: str) -> HistoryPage:
    versions = cat.shown_versions(slug)
    title = one_line(tr(versions[-1].standard.title)) if versions else slug
    names = readable_names(cat)
    diffs = []
    for old, new in itertools.pairwise(versions):
        diff = diff_standards(old, new, names)
        # The classes and reasons are the PMO's, set in the edition that published the newer version: the history
        # must tell what the release notes told (a draft shown in preview takes its draft edition's).
        edition = first_edition(cat, slug, new.standard.version) or cat.current_edition()
        diffs.append(apply_notes(diff, edition) if edition is not None else diff)
    return HistoryPage(slug, title, _version_rows(cat, slug), diffs)


def editions_index(cat: Catalog) -> EditionsIndex:
    return EditionsIndex(list(reversed(cat.published_editions())))


def edition_page(cat: Catalog, edition: Edition) -> EditionPage:
    previous = previous_edition(cat, edition)
    roles = [(r.meta.id, role_name(cat, r.meta.id)) for r in cat.current_roles()]
    if previous is None:
        published = [(sv.standard, version) for slug, version in edition.standards.items()
                     if (sv := cat.standards.get(slug, {}).get(version)) is not None]
        return EditionPage(edition, None, published, None, roles)
    return EditionPage(edition, previous.id, [], diff_editions(cat, previous.id, edition.id), roles)


def _item_refs(cat: Catalog) -> dict[str, ItemRef]:
    out = {}
    titles = {sv.standard.slug: one_line(tr(sv.standard.title)) for sv in cat.current_standards()}
    for item_id, (slug, item) in current_items(cat).items():
        out[item_id] = ItemRef(slug, titles.get(slug, slug), one_line(tr(item.text)))
    return out


def _edition_id(cat: Catalog) -> str:
    edition = cat.current_edition()
    return edition.id if edition else ""


def quiz_page(cat: Catalog, quiz: Quiz, labels: dict[str, str], src: str | None = None) -> QuizPage:
    return QuizPage(quiz, src or links.quiz_page(quiz.id), _item_refs(cat), dict(labels), _edition_id(cat),
                    [role_name(cat, r) for r in quiz.audience])


def quiz_pages(cat: Catalog, quizset: QuizSet) -> list[QuizPage]:
    return [quiz_page(cat, quiz, quizset.labels) for _, quiz in sorted(quizset.quizzes.items())]


def parcours_page(cat: Catalog, quizset: QuizSet, parcours: Parcours) -> ParcoursPage:
    templates: dict[str, TemplateRef] = {}
    for sv in cat.current_standards():
        s = sv.standard
        for t in s.templates:
            templates.setdefault(t.id, TemplateRef(s.slug, f"{s.id} — {one_line(tr(s.title))}", one_line(tr(t.title)), t.id))
    return ParcoursPage(parcours, links.PARCOURS_PAGE, dict(quizset.quizzes), dict(quizset.labels), templates, _edition_id(cat))


def stale_page(cat: Catalog, stale: list[StaleQuestion]) -> StalePage:
    current = cat.current_edition()
    previous = previous_edition(cat, current) if current else None
    scope = (f"entre l'édition {previous.id} et l'édition {current.id}" if current and previous
             else "depuis l'édition précédente")
    items = current_items(cat)
    rows = [StaleRow(e.quiz.id, one_line(tr(e.quiz.title)), e.question.id, one_line(tr(e.question.prompt)), e.item_id,
                     items[e.item_id][0] if e.item_id in items else None, e.reason) for e in stale]
    return StalePage(scope, rows)


@dataclass(frozen=True)
class DossierPage:
    """« Mon dossier de jalon »: the page shell; everything it shows comes from its data file, in the browser."""

    src: str
    data: str
    edition_id: str


def dossier_data(cat: Catalog) -> dict[str, object]:
    """What the gate file needs, as plain data: categories, gates and their criteria, the project items of the edition in
    force with their level per category and a fingerprint, the earlier wording of each item, and the old tick keys."""
    edition = cat.current_edition()
    assert edition is not None and cat.lifecycle is not None
    names = role_names(cat)
    items: list[dict[str, object]] = []
    history: dict[str, dict[str, dict[str, str]]] = {}
    legacy: dict[str, str] = {}
    for e in scoped_entries(cat, Scope.PROJECT):
        s, item = e.standard, e.item
        key = f"{s.id}#{item.id}"
        template = next((t for t in s.templates if t.id == item.template), None)
        items.append({
            "key": key, "standard": s.id, "slug": s.slug, "id": item.id, "version": s.version, "phase": item.phase,
            "text": one_line(tr(item.text)), "levels": {c.id: item.level_for(c.id).value for c in categories(cat)},
            "responsible": item.responsible, "evidence": one_line(tr(item.evidence)) if item.evidence else "",
            "template": {"title": one_line(tr(template.title)),
                         "href": links.version_file(s.slug, s.version, links.download_name(template.id, template.formats[0]))}
            if template else None,
            "href": links.standard_page(s.slug) + "#" + links.item_anchor(s.slug, item.id),
            "fingerprint": item_fingerprint(item),
        })
        for sv in cat.shown_versions(s.slug):
            old = next((i for i in sv.standard.checklist if i.id == item.id), None)
            if old is None:
                continue
            legacy[f"{s.id}@{sv.standard.version}#{item.id}"] = key
            history.setdefault(key, {})[item_fingerprint(old)] = {"version": sv.standard.version, "text": one_line(tr(old.text)),
                                                                  "level": old.level.value}
    gates = [{"id": g.id, "name": one_line(tr(g.name)), "phase": g.after, "decidedBy": names.get(g.decided_by or "", ""),
              "href": links.gate_page(g.id),
              "criteria": [{"id": c.id, "text": c.text, "evidence": c.evidence, "item": c.id if c.standard else None}
                           for c in _criteria(cat, g)]} for g in cat.lifecycle.gates]
    return {"schema": 1, "edition": edition.id, "default": default_category(cat),
            "categories": [{"id": c.id, "name": one_line(tr(c.name))} for c in categories(cat)],
            "phases": [{"id": pid, "name": name} for pid, name in phase_names(cat).items()],
            "roles": names, "gates": gates, "items": items, "history": history, "legacy": legacy,
            "standards": {sv.standard.id: {"title": one_line(tr(sv.standard.title)), "slug": sv.standard.slug}
                          for sv in cat.current_standards()}}


def item_fingerprint(item: ChecklistItem) -> str:
    """What a tick was given for: the item's text and its levels. Another fingerprint means « modifié depuis votre coche »."""
    payload = json.dumps([one_line(tr(item.text)), item.level.value, sorted((k, v.value) for k, v in item.levels.items())],
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
