"""The edition's HTML made a PDF by WeasyPrint: tagged (PDF/UA-1), archivable (PDF/A-3a) with its sources attached, reproducible."""
from __future__ import annotations

import datetime as dt
import gc
import logging
import warnings
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from macros.pages.document import EditionDocument
from macros.render.files.pdf.document import document_html
from macros.render.files.pdf.front import document_title, running_footer
from macros.render.files.pdf.style import stylesheet

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PDFUA = "http://www.aiim.org/pdfua/ns/id/"


class PdfError(Exception):
    """WeasyPrint could not make the document exactly as written (a resource it looked for, a style it ignored): in French."""


@dataclass(frozen=True)
class PdfFonts:
    """The bytes of the fonts the document embeds: given, never looked up, so the same fonts give the same PDF."""

    regular: bytes
    bold: bytes
    italic: bytes
    bold_italic: bytes
    mono: bytes

    def by_name(self) -> dict[str, bytes]:
        return {"regular": self.regular, "bold": self.bold, "italic": self.italic, "bold-italic": self.bold_italic, "mono": self.mono}


@contextmanager
def _strict(found: list[str]) -> Iterator[None]:
    """WeasyPrint's warnings and errors, collected: a document it had to make differently from its HTML is refused."""
    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False  # reported once, by PdfError, not again by the build's log
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _xmp_with_ua(metadata: Any) -> bytes:
    """WeasyPrint's XMP packet for PDF/A-3a, with the PDF/UA-1 identification added (one packet may claim both)."""
    root = ET.fromstring(metadata.generate_rdf_metadata("a", 3, "A"))
    ET.register_namespace("pdfuaid", _PDFUA)
    description = ET.SubElement(root, f"{{{_RDF}}}Description")
    description.set(f"{{{_RDF}}}about", "")
    description.set(f"{{{_PDFUA}}}part", "1")
    header = b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return header + body + b'</x:xmpmeta>\n<?xpacket end="r"?>'


def _finish(document: Any, pdf: Any) -> None:
    """PDF/UA: the XMP packet says so, and a viewer shows the document's title rather than its file name. PDF/A-3: each
    attached file is listed once in the catalogue's associated files (WeasyPrint 70 lists each twice)."""
    import pydyf  # noqa: PLC0415 - WeasyPrint's own PDF writer, loaded with it (see edition_pdf)

    metadata = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
    metadata.stream = [_xmp_with_ua(document.metadata)]
    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
    if "AF" in pdf.catalog:
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))


def _cache_page_references() -> None:
    """pydyf rebuilds the tuple of every page's reference at each access, and WeasyPrint's tagging reads it once per tagged
    box (33,000 times for 170 pages: 2 s, growing with pages × boxes): the tuple is kept while the page count is unchanged.
    The same bytes: only when the tuple is rebuilt changes."""
    import pydyf  # noqa: PLC0415 - loaded with WeasyPrint (see edition_pdf)

    if getattr(pydyf.PDF, "_pmo_cached_references", False):
        return
    compute = pydyf.PDF.page_references.fget

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        kept = pdf.__dict__.get("_pmo_references")
        if kept is None or kept[0] != count:
            kept = pdf.__dict__["_pmo_references"] = (count, compute(pdf))
        references: tuple[bytes, ...] = kept[1]
        return references

    pydyf.PDF.page_references = property(page_references)
    pydyf.PDF._pmo_cached_references = True


class _DefaultCompression:
    """zlib as pydyf sees it: its streams compressed at zlib's default level (6) rather than its best (9), which costs a
    second of the edition's twenty for a PDF 4 % smaller. Everything else is zlib itself."""

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def compressobj(*args: Any, **options: Any) -> Any:
        options.pop("level", None)
        return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, *args[1:], **options)


def _default_compression() -> None:
    import pydyf  # noqa: PLC0415 - loaded with WeasyPrint (see edition_pdf)

    if not isinstance(pydyf.zlib, _DefaultCompression):
        pydyf.zlib = _DefaultCompression()


def edition_pdf(doc: EditionDocument, sources: list[tuple[str, bytes]], fonts: PdfFonts) -> bytes:
    """The edition's PDF: A4, tagged, its fonts embedded, its source files attached, dated by the edition (same inputs, same bytes)."""
    # Deferred: loading WeasyPrint (and Pango) takes one to two seconds that every other command (validate, diff…) would pay.
    try:
        import weasyprint  # noqa: PLC0415
        from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415
        from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError  # noqa: PLC0415
    except (ImportError, OSError) as exc:
        raise PdfError(f"WeasyPrint ne se charge pas ({exc}) : installez ses bibliothèques (paquets Debian libpango-1.0-0 et "
                       "libpangoft2-1.0-0, que « make test » et « make build » installent en root) et ses dépendances (make .venv/.installed)") from None

    served = {f"police:{name}": data for name, data in fonts.by_name().items()}

    class Offline(URLFetcher):  # type: ignore[misc]
        """The document's fonts from memory, its diagram from its data: URL; nothing else is ever fetched."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url in served:
                return URLFetcherResponse(url, body=served[url], headers={"Content-Type": "font/ttf"})
            if url.startswith("data:image/svg+xml;"):
                return super().fetch(url, headers)
            raise URLFetchingError(f"ressource refusée : {url[:60]}")

    moment = dt.datetime.combine(doc.date, dt.time())
    attachments = [weasyprint.Attachment(string=data, name=path, description=f"Fichier source publié : {path}", created=moment,
                                         modified=moment, relationship="Source") for path, data in sources]
    _cache_page_references()
    _default_compression()
    found: list[str] = []
    # What exists before the PDF is left out of the collection below (gc.freeze): only what the PDF made is scanned, not
    # the catalogue and the site's pages (1.3 s of a full collection in a build).
    gc.freeze()
    try:
        with _strict(found), warnings.catch_warnings():
            # WeasyPrint 70 opens its sRGB profile (the PDF/A output intent) and never closes it: the file is released here,
            # without the ResourceWarning that would otherwise surface later, anywhere.
            warnings.simplefilter("ignore", ResourceWarning)
            fetcher, fonts_used = Offline(), FontConfiguration()
            html = weasyprint.HTML(string=document_html(doc), url_fetcher=fetcher)
            style = weasyprint.CSS(string=stylesheet(document_title(doc), running_footer(doc)), url_fetcher=fetcher, font_config=fonts_used)
            pdf: bytes = html.write_pdf(stylesheets=[style], font_config=fonts_used, pdf_variant="pdf/a-3a", attachments=attachments,
                                        finisher=_finish)
            del html, style, fonts_used
            gc.collect()
    finally:
        gc.unfreeze()  # also when WeasyPrint fails: a long `mkdocs serve` must not keep everything frozen
    if found:
        raise PdfError(f"document PDF de l'édition {doc.edition.id} ({document_title(doc)}) : " + " ; ".join(sorted(set(found))))
    return pdf
