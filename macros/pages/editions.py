"""Page data of editions: the editions index, release notes, and each standard's history."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from macros.catalog.catalog import Catalog
from macros.catalog.queries import (
    first_edition,
    previous_edition,
    role_name,
)
from macros.core.text import one_line
from macros.diff.changes import Change, EditionDiff, StandardDiff
from macros.diff.editions import changes_by_role, diff_editions, standard_diff
from macros.diff.notes import apply_notes
from macros.model import Edition, Standard, tr
from macros.pages.common import VersionRow, version_rows


@dataclass(frozen=True)
class HistoryPage:
    slug: str
    title: str
    rows: list[VersionRow]
    diffs: list[StandardDiff]


@dataclass(frozen=True)
class DocumentFile:
    """An edition's PDF as pages link to it: where it is, its size and its sha256 (to check a copy received by mail)."""

    src: str
    size: int
    sha256: str


@dataclass(frozen=True)
class EditionsIndex:
    editions: list[Edition]
    documents: dict[str, DocumentFile] = field(default_factory=dict)  # edition id -> its PDF (none in the PMO's preview)


@dataclass(frozen=True)
class EditionPage:
    edition: Edition
    previous_id: str | None
    published: list[tuple[Standard, str]]  # for a first edition: every standard and version it publishes
    diff: EditionDiff | None
    roles: list[tuple[str, str]]  # current roles in order: id, name
    by_role: dict[str, list[tuple[StandardDiff, Change]]]  # « Ce qui change pour vous »: each role's standard changes
    document: DocumentFile | None = None  # the edition's PDF (a draft and the preview have none)


def history_page(cat: Catalog, slug: str) -> HistoryPage:
    versions = cat.shown_versions(slug)
    title = one_line(tr(versions[-1].standard.title)) if versions else slug
    diffs = []
    for old, new in itertools.pairwise(versions):
        diff = standard_diff(cat, slug, old.standard.version, new.standard.version)
        # The classes and reasons are the PMO's, set in the edition that published the newer version: the history
        # must tell what the release notes told (a draft shown in preview takes its draft edition's).
        edition = first_edition(cat, slug, new.standard.version) or cat.current_edition()
        diffs.append(apply_notes(diff, edition) if edition is not None else diff)
    return HistoryPage(slug, title, version_rows(cat, slug), diffs)


def editions_index(cat: Catalog, documents: dict[str, DocumentFile] | None = None) -> EditionsIndex:
    return EditionsIndex(list(reversed(cat.published_editions())), dict(documents or {}))


def edition_page(cat: Catalog, edition: Edition, document: DocumentFile | None = None) -> EditionPage:
    previous = previous_edition(cat, edition)
    roles = [(r.meta.id, role_name(cat, r.meta.id)) for r in cat.current_roles()]
    if previous is None:
        published = [(sv.standard, version) for slug, version in edition.standards.items()
                     if (sv := cat.standards.get(slug, {}).get(version)) is not None]
        return EditionPage(edition, None, published, None, roles, {}, document)
    diff = diff_editions(cat, previous.id, edition.id)
    return EditionPage(edition, previous.id, [], diff, roles, changes_by_role(diff), document)
