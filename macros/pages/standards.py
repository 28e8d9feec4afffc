"""Page data of a standard: its current page, its permanent version pages, and the standards index."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from macros.catalog.catalog import Catalog, StandardVersion
from macros.catalog.citations import cited_values
from macros.catalog.queries import (
    categories,
    default_category,
    first_edition,
    phase_names,
    role_name,
    role_names,
    successor,
    template_hashes,
)
from macros.core.text import one_line
from macros.core.vocabulary import Format, Status
from macros.model import Entry, Standard, tr
from macros.pages.checklist import ChecklistGroups, by_phase, condition_text
from macros.pages.common import VersionRow, body_links, version_rows


@dataclass(frozen=True)
class StandardPage:
    """Facts of the page of one version of a standard (its current page, or its permanent version page)."""

    src: str
    current: bool  # the standard's current page, else the permanent page of this version
    standard: Standard
    guidance: str | None
    links: dict[str, str | None]  # `standard:`/`role:` targets of the guidance -> URL from this page
    citations: dict[str, str]  # each citation of a case's fact in the guidance, as written -> the fact's text
    status: Status
    in_force: Standard | None  # the version that applies on the edition's date (another one while this one is to come)
    is_current_version: bool
    successor: Standard | None
    first_edition: str | None
    edition_id: str | None
    review_due: dt.date
    review_late: bool  # overdue at the current edition's date (not the build's: same sources, same page)
    role_names: dict[str, str]
    checklist: ChecklistGroups  # by phase, as the page shows it
    phases: list[tuple[str, str]]
    history: list[VersionRow]
    template_hashes: dict[str, str]
    categories: list[tuple[str, str]]  # id, name: lightest first
    default_category: str
    examples: dict[str, list[Format]]  # template id -> formats of its filled-in example (current version only)
    conditions: dict[str, str]  # item id -> what completes « Obligatoire si … », for the items of some projects only
    template_titles: dict[str, str]  # id -> title of every template of the edition, for « remplace … »


@dataclass(frozen=True)
class StandardsIndex:
    edition_id: str
    rows: list[tuple[Standard, Status, str]]  # standard, status, owner's name


def standard_page(cat: Catalog, sv: StandardVersion, src: str, *, current: bool) -> StandardPage:
    s = sv.standard
    edition = cat.current_edition()
    shown_current = cat.current(s.slug)
    review_due = s.review_due
    status = cat.status_of(sv)
    first = first_edition(cat, s.slug, s.version)
    return StandardPage(
        src=src, current=current, standard=s, guidance=sv.guidance, links=body_links(cat, src, sv.guidance),
        citations=cited_values(cat, sv.guidance, markdown=True) if sv.guidance else {},
        status=status,
        in_force=(now.standard if (now := cat.in_force(s.slug)) is not None else None),
        is_current_version=shown_current is not None and shown_current.standard.version == s.version,
        successor=(nxt.standard if (nxt := successor(cat, sv)) is not None else None),
        first_edition=first.id if first else None,
        edition_id=edition.id if edition else None,
        review_due=review_due,
        review_late=(edition is not None and edition.date is not None and review_due < edition.date and status == Status.ACTIVE),
        role_names=role_names(cat), phases=list(phase_names(cat).items()),
        checklist=by_phase(cat, [Entry(s, item) for item in s.checklist]),
        history=version_rows(cat, s.slug),
        template_hashes=template_hashes(cat, sv),
        categories=[(c.id, one_line(tr(c.name))) for c in categories(cat)], default_category=default_category(cat),
        examples={t.id: [f for f in t.formats if f != Format.CSV] for t in s.templates
                  if (s.slug, t.id) in cat.examples and shown_current is not None and shown_current.standard.version == s.version},
        conditions={item.id: condition_text(cat, item.only_if) for item in s.checklist if item.only_if},
        template_titles={t.id: one_line(tr(t.title)) for other in [*cat.current_standards(), sv] for t in other.standard.templates},
    )


def standards_index(cat: Catalog) -> StandardsIndex:
    edition = cat.current_edition()
    assert edition is not None
    return StandardsIndex(edition.id, [(sv.standard, cat.status_of(sv), role_name(cat, sv.standard.owner))
                                       for sv in cat.current_standards()])
