"""Page data of the edition as one document (its PDF): the same facts as the site's pages, for one published edition."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from macros.catalog.catalog import Catalog
from macros.catalog.queries import role_names
from macros.core import links
from macros.core.text import sort_key
from macros.model import Edition, Terminology, tr
from macros.pages.editions import EditionPage, edition_page
from macros.pages.lifecycle import LifecyclePage, lifecycle_page
from macros.pages.roles import RaciMatrix, RolePage, raci_page, role_page
from macros.pages.standards import StandardPage, standard_page


@dataclass(frozen=True)
class SourceFile:
    """A published file the edition is made from, as the lock fingerprints it: the PDF carries it as an attachment."""

    path: str  # relative to the project, as written in standards/published.lock
    sha256: str  # the lock's


@dataclass(frozen=True)
class EditionDocument:
    """Everything the edition's PDF shows, computed from the catalogue as it stood when the edition was published."""

    edition: Edition
    organisation: str  # "" when editions.yaml names none
    date: dt.date  # the edition's publication date: the document's date, so the same edition gives the same bytes
    history: list[Edition]  # the published editions up to this one, oldest first
    role_names: dict[str, str]
    lifecycle: LifecyclePage
    standards: list[StandardPage]
    roles: list[RolePage]
    raci: RaciMatrix
    terminology: Terminology | None
    notes: EditionPage
    sources: list[SourceFile]


def edition_document(cat: Catalog, edition_id: str) -> EditionDocument:
    """The document of one published edition (`cat` may hold later editions: it is read as of this one)."""
    as_of = cat.at_edition(edition_id)
    edition = as_of.current_edition()
    assert edition is not None and edition.date is not None and as_of.lifecycle is not None
    standards = [standard_page(as_of, sv, links.standard_page(sv.standard.slug), current=True) for sv in as_of.current_standards()]
    sources = []
    for sv in as_of.current_standards():
        sources += [sv.source] + ([sv.guidance_source] if sv.guidance_source else [])
    sources += [role.source for role in as_of.current_roles()]
    return EditionDocument(
        edition=edition, organisation=tr(cat.organisation), date=edition.date, history=as_of.published_editions(),
        role_names=role_names(as_of), lifecycle=lifecycle_page(as_of), standards=standards,
        # By name, as a reader looks one up (the site lists them by id).
        roles=sorted((role_page(as_of, role) for role in as_of.current_roles()), key=lambda page: sort_key(tr(page.role.meta.name))),
        raci=raci_page(as_of, links.RACI_XLSX),
        terminology=as_of.terminology, notes=edition_page(as_of, edition),
        sources=[SourceFile(path, cat.lock.get(path, "")) for path in sorted(sources)])
