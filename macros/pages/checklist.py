"""One checklist line as every page, download and the gate file show it: ids resolved to names once, here."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from macros.catalog.catalog import Catalog
from macros.catalog.queries import item_roles, phase_names, role_name
from macros.catalog.tailoring import characteristics, template_for
from macros.core import links
from macros.core.text import one_line
from macros.core.vocabulary import LEVEL_LABELS, STATUS_LABELS, Level, Status, status_text
from macros.model import Entry, tr


@dataclass(frozen=True)
class RoleRef:
    """A role as a line names it: its id (for links) and the name readers know."""

    id: str
    name: str


def condition_text(cat: Catalog, only_if: Sequence[str]) -> str:
    """What completes « Obligatoire si … » for an item that applies only to some projects; "" for any project."""
    if not only_if:
        return ""
    known = {c.id: one_line(tr(c.condition)) for c in characteristics(cat)}
    return " ou si ".join(known.get(cid, cid) for cid in only_if)


def level_label(level: Level, condition: str) -> str:
    """« Obligatoire », or « Obligatoire si le projet achète ou a un fournisseur » for an item of some projects only."""
    label = LEVEL_LABELS[level]
    return f"{label} si {condition}" if condition and level != Level.NOT_APPLICABLE else label


@dataclass(frozen=True)
class ChecklistLine:
    """One item of a checklist at its level for the category shown, with everything a reader sees beside it."""

    standard_id: str
    standard_title: str
    slug: str
    version: str
    item_id: str
    phase: str  # the lifecycle phase's id
    phase_name: str
    level: Level
    only_if: tuple[str, ...]  # the project characteristics it depends on (none: every project)
    condition: str  # what completes « Obligatoire si … », "" for an item of every project
    text: str
    doers: tuple[RoleRef, ...]  # the R of the RACI row that covers the item
    approver: RoleRef | None  # its A; None only for an item of an old version that no row covers
    template_id: str | None
    template_title: str  # "" without a template
    template_file: str | None  # site path of the template's first download, None when the template is unknown
    evidence: str  # "" when none is named
    tick_key: str  # the browser's key of a tick: stable item id plus the standard's version, never the URL
    # The status of the standard's version on the edition's date: « à venir » until its effective date.
    status: Status = Status.ACTIVE
    effective_from: dt.date | None = None

    @property
    def level_label(self) -> str:
        """« Obligatoire », or « Obligatoire si le projet achète ou a un fournisseur » for an item of some projects."""
        return level_label(self.level, self.condition)

    @property
    def doer_names(self) -> str:
        return ", ".join(r.name for r in self.doers)

    @property
    def approver_name(self) -> str:
        return self.approver.name if self.approver else ""

    @property
    def status_label(self) -> str:
        """« En vigueur », or « À venir — entre en vigueur le 4 janvier 2027 » (pages and the gate file show it)."""
        return status_text(self.status, self.effective_from) if self.effective_from else STATUS_LABELS[self.status]

    @property
    def anchor(self) -> str:
        return links.item_anchor(self.slug, self.item_id)


def checklist_line(cat: Catalog, entry: Entry, category: str | None = None) -> ChecklistLine:
    """The line of one item (already at the level of the category shown, for a gate's list). For a category, the
    template is the one a project of that category uses: a light template may take the place of the item's own."""
    s, item = entry.standard, entry.item
    found = template_for(cat, cat.current_standards(), s, item.template, category) if item.template and category else None
    owner, template = found or (s, next((t for t in s.templates if t.id == item.template), None))
    doers, approver = item_roles(s, item)
    return ChecklistLine(
        standard_id=s.id, standard_title=tr(s.title), slug=s.slug, version=s.version, item_id=item.id, phase=item.phase,
        phase_name=phase_names(cat).get(item.phase, item.phase), level=item.level, only_if=tuple(item.only_if),
        condition=condition_text(cat, item.only_if), text=tr(item.text),
        doers=tuple(RoleRef(r, role_name(cat, r)) for r in doers), approver=RoleRef(approver, role_name(cat, approver)) if approver else None,
        template_id=template.id if template else item.template, template_title=tr(template.title) if template else "",
        template_file=(links.version_file(owner.slug, owner.version, links.download_name(template.id, template.formats[0]))
                       if template else None),
        evidence=tr(item.evidence) if item.evidence else "", tick_key=f"{s.id}@{s.version}#{item.id}",
        status=cat.status_of(sv) if (sv := cat.standards.get(s.slug, {}).get(s.version)) is not None else s.status,
        effective_from=s.effective_from)


def checklist_lines(cat: Catalog, entries: Sequence[Entry], category: str | None = None) -> list[ChecklistLine]:
    return [checklist_line(cat, e, category) for e in entries]


ChecklistGroups = list[tuple[str, list[ChecklistLine]]]


def by_phase(cat: Catalog, entries: Sequence[Entry]) -> ChecklistGroups:
    """A standard's checklist as its page shows it: one group per phase, mandatory items first, then by id."""
    groups = []
    for phase_id, name in phase_names(cat).items():
        found = sorted((e for e in entries if e.item.phase == phase_id), key=lambda e: (e.item.level != Level.MANDATORY, e.item.id))
        groups.append((f"Phase : {name}", checklist_lines(cat, found)))
    return groups
