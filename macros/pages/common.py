"""Page data shared by several page families: categories as pages name them, links of the PMO's Markdown, version rows."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from macros.catalog.catalog import Catalog
from macros.catalog.queries import (
    categories,
    default_category,
    editions_holding,
    phase_names,
)
from macros.core import links
from macros.core.text import one_line
from macros.core.vocabulary import Status
from macros.loading.markdown_source import internal_links
from macros.model import tr


@dataclass(frozen=True)
class VersionRow:
    """One version of a standard as a history table shows it."""

    version: str
    status: Status
    effective_from: dt.date
    transition_until: dt.date | None
    editions: list[str]


@dataclass(frozen=True)
class CategoryRef:
    """A category of project as pages name it, with the address of a page for it."""

    id: str
    name: str
    src: str


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


def body_links(cat: Catalog, src: str, body: str | None) -> dict[str, str | None]:
    return {target: resolve_internal(cat, src, target) for _, _, target in internal_links(body or "", 1)}


def version_rows(cat: Catalog, slug: str) -> list[VersionRow]:
    return [VersionRow(v.standard.version, cat.status_of(v), v.standard.effective_from, v.standard.transition_until,
                       editions_holding(cat, slug, v.standard.version)) for v in cat.shown_versions(slug)]


def phase_name(cat: Catalog, phase_id: str) -> str:
    return phase_names(cat).get(phase_id, phase_id)


def category_refs(cat: Catalog, page: Callable[[str | None], str]) -> list[CategoryRef]:
    """The categories, each with its page: the default category's at page(None), the others at page(id)."""
    default = default_category(cat)
    return [CategoryRef(c.id, one_line(tr(c.name)), page(None if c.id == default else c.id)) for c in categories(cat)]


def edition_id_of(cat: Catalog) -> str:
    edition = cat.current_edition()
    return edition.id if edition else ""
