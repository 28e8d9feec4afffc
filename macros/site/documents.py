"""The PDF of every published edition: its page data, its source files and its fonts read here, made through the download cache."""
from __future__ import annotations

import hashlib
from pathlib import Path

from macros.catalog.catalog import Catalog
from macros.core import links
from macros.loading.yaml_reader import read_data_file
from macros.pages.document import edition_document
from macros.pages.editions import DocumentFile
from macros.render.files.pdf.writer import PdfError, PdfFonts, edition_pdf
from macros.site.download_cache import DownloadCache

# Debian's DejaVu fonts (Bitstream Vera licence, which allows embedding): `make test` and `make build` install them.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "italic": "DejaVuSans-Oblique.ttf",
              "bold_italic": "DejaVuSans-BoldOblique.ttf", "mono": "DejaVuSansMono.ttf"}
FONT_PACKAGES = "fonts-dejavu-core fonts-dejavu-extra"


class DocumentError(Exception):
    """An edition's PDF cannot be made (a font or a source file unreadable, WeasyPrint refusing): the message is in French."""


def read_fonts(folder: Path = FONT_DIR) -> PdfFonts:
    """The fonts the PDF embeds, read once per build; a missing one says which package brings it."""
    found: dict[str, bytes] = {}
    for key, name in FONT_FILES.items():
        try:
            found[key] = (folder / name).read_bytes()
        except OSError:
            raise DocumentError(f"police introuvable : {folder / name} ; le document PDF des éditions l'intègre. Installez les paquets "
                                f"Debian {FONT_PACKAGES} (« make test » et « make build » le font en root), puis relancez") from None
    return PdfFonts(**found)


def _sources(cat: Catalog, paths: list[str]) -> list[tuple[str, bytes]]:
    """The published files an edition is made from, as they are on disk (the lock's rule has already compared them)."""
    out = []
    for path in paths:
        raw, problems = read_data_file(cat.root.parent / path, path)
        if raw is None:
            raise DocumentError("; ".join(p.format() for p in problems) or f"{path} : fichier illisible")
        out.append((path, raw))
    return out


def edition_file(cat: Catalog, edition_id: str, cache: DownloadCache, fonts: PdfFonts) -> bytes:
    """One published edition's PDF, from the cache when nothing it shows, carries or is made with has changed."""
    doc = edition_document(cat, edition_id)
    try:
        return cache.make(edition_pdf, doc, _sources(cat, [f.path for f in doc.sources]), fonts)
    except PdfError as exc:
        raise DocumentError(str(exc)) from None


def edition_documents(cat: Catalog, cache: DownloadCache, fonts: PdfFonts | None = None) -> dict[str, tuple[bytes, DocumentFile]]:
    """Every published edition's PDF, with what pages say of it."""
    made: dict[str, tuple[bytes, DocumentFile]] = {}
    if not cat.published_editions():
        return made
    fonts = fonts if fonts is not None else read_fonts()
    for edition in cat.published_editions():
        data = edition_file(cat, edition.id, cache, fonts)
        made[edition.id] = (data, DocumentFile(links.edition_pdf(edition.id), len(data), hashlib.sha256(data).hexdigest()))
    return made
