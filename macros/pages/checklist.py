"""One checklist line as every page, download and the gate file show it: ids resolved to names once, here."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from macros.catalog.catalog import Catalog
from macros.catalog.queries import phase_names, role_name
from macros.core import links
from macros.core.vocabulary import LEVEL_LABELS, STATUS_LABELS, Level, Status, status_text
from macros.model import Entry, tr


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
    text: str
    responsible: str  # a role id
    responsible_name: str
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
        return LEVEL_LABELS[self.level]

    @property
    def status_label(self) -> str:
        """« En vigueur », or « À venir — entre en vigueur le 4 janvier 2027 » (pages and the gate file show it)."""
        return status_text(self.status, self.effective_from) if self.effective_from else STATUS_LABELS[self.status]

    @property
    def anchor(self) -> str:
        return links.item_anchor(self.slug, self.item_id)


def checklist_line(cat: Catalog, entry: Entry) -> ChecklistLine:
    """The line of one item (already at the level of the category shown, for a gate's list)."""
    s, item = entry.standard, entry.item
    template = next((t for t in s.templates if t.id == item.template), None)
    return ChecklistLine(
        standard_id=s.id, standard_title=tr(s.title), slug=s.slug, version=s.version, item_id=item.id, phase=item.phase,
        phase_name=phase_names(cat).get(item.phase, item.phase), level=item.level, text=tr(item.text),
        responsible=item.responsible, responsible_name=role_name(cat, item.responsible), template_id=item.template,
        template_title=tr(template.title) if template else "",
        template_file=links.version_file(s.slug, s.version, links.download_name(template.id, template.formats[0])) if template else None,
        evidence=tr(item.evidence) if item.evidence else "", tick_key=f"{s.id}@{s.version}#{item.id}",
        status=cat.status_of(sv) if (sv := cat.standards.get(s.slug, {}).get(s.version)) is not None else s.status,
        effective_from=s.effective_from)


def checklist_lines(cat: Catalog, entries: Sequence[Entry]) -> list[ChecklistLine]:
    return [checklist_line(cat, e) for e in entries]


ChecklistGroups = list[tuple[str, list[ChecklistLine]]]


def by_phase(cat: Catalog, entries: Sequence[Entry]) -> ChecklistGroups:
    """A standard's checklist as its page shows it: one group per phase, mandatory items first, then by id."""
    groups = []
    for phase_id, name in phase_names(cat).items():
        found = sorted((e for e in entries if e.item.phase == phase_id), key=lambda e: (e.item.level != Level.MANDATORY, e.item.id))
        groups.append((f"Phase : {name}", checklist_lines(cat, found)))
    return groups
