"""The real edition in force as one PDF, as the real site's build writes it, read back with poppler and pypdf: substantial,
titled, tagged, its fonts embedded, a bookmark per standard, every standard in its text, its sources attached with the
lock's sha256, at most 10 MB, and the same bytes when made again in another process."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from macros.catalog.catalog import Catalog
from macros.core import links
from macros.core.text import one_line
from macros.model import tr
from macros.render.typography import french
from macros.site.documents import edition_file, read_fonts
from macros.site.download_cache import DownloadCache
from tests.support import PROJECT, load_project, page_text, pdf_info, pdf_outline, poppler

MAX_BYTES = 10 * 1024 * 1024


@pytest.fixture(scope="module")
def real() -> Catalog:
    loaded = load_project(PROJECT)
    assert [p.format() for p in loaded.errors] == []
    return loaded.catalog


@pytest.fixture(scope="module")
def edition_id(real: Catalog) -> str:
    edition = real.current_edition()
    assert edition is not None
    return edition.id


@pytest.fixture(scope="module")
def pdf(real_site: Path, edition_id: str) -> Path:
    return real_site / links.edition_pdf(edition_id)


def _plain(text: str) -> str:
    """Text as pdftotext gives it: white space (no-break spaces too) collapsed to single spaces."""
    return " ".join(text.split())


def test_every_published_edition_has_its_pdf_linked_from_its_page(real: Catalog, real_site: Path) -> None:
    for edition in real.published_editions():
        data = (real_site / links.edition_pdf(edition.id)).read_bytes()
        assert data.startswith(b"%PDF-1.7") and len(data) <= MAX_BYTES
        assert hashlib.sha256(data).hexdigest() in page_text(real_site, f"editions/{edition.id}/index.html")


def test_current_pdf_is_substantial_titled_and_tagged(pdf: Path, edition_id: str) -> None:
    info = pdf_info(pdf)
    assert int(info["Pages"]) >= 40
    assert info["Title"] == f"Référentiel PMO — édition {edition_id}"
    assert info["Tagged"] == "yes" and info["Page size"] == "595.276 x 841.89 pts (A4)"
    assert pdf.stat().st_size <= MAX_BYTES


def test_every_font_is_embedded(pdf: Path) -> None:
    rows = poppler("pdffonts", str(pdf)).splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), rows


def test_contents_bookmarks_and_text_hold_every_standard_in_force(real: Catalog, pdf: Path) -> None:
    titles = {title for _, title, _ in pdf_outline(pdf)}
    text = _plain(poppler("pdftotext", str(pdf), "-"))
    assert "Sommaire" in titles and "Sommaire" in text
    for sv in real.current_standards():
        s = sv.standard
        heading = f"{s.id} — {french(one_line(tr(s.title)))}"
        assert heading in titles, heading
        assert _plain(heading) in text, heading
    for role in real.current_roles():
        assert french(one_line(tr(role.meta.name))) in titles


def test_sources_are_attached_with_the_lock_hash(real: Catalog, pdf: Path, edition_id: str) -> None:
    attached = {name: data[0] for name, data in PdfReader(pdf).attachments.items()}
    edition = real.current_edition()
    assert edition is not None
    # Every version of a standard the edition publishes, its guidance, and every role definition.
    assert {f"standards/{slug}/{version}.yaml" for slug, version in edition.standards.items()} <= set(attached)
    assert {f"standards/roles/{rid}/{version}.md" for rid, version in edition.roles.items()} <= set(attached)
    assert {name: hashlib.sha256(data).hexdigest() for name, data in attached.items()} == {name: real.lock[name] for name in attached}


def test_made_again_the_pdf_has_the_same_bytes(real: Catalog, pdf: Path, edition_id: str) -> None:
    """The site's build made it in a MkDocs process; made again here without any cache, it is the same file."""
    assert edition_file(real, edition_id, DownloadCache(None), read_fonts()) == pdf.read_bytes()
