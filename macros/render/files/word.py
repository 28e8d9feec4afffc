"""Word templates (.docx): the cover to fill in, revision history, approvals, sections, tables, and the filled-in example."""
from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr as xml_quoteattr

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from macros.core.text import paragraphs
from macros.core.vocabulary import Format, TemplateKind
from macros.model import Example, Standard, Template, tr
from macros.pages.templates import TemplateRoles
from macros.render.files.common import (
    APPROVAL_HEADERS,
    CONTROL_HEADERS,
    REVISION_HEADERS,
    SCALES_HEADING,
    Stamp,
    approval_rows,
    cell_text,
    control_values,
    cover_rows,
    example_notice,
    example_section,
    fit,
    normalise_package,
    require_kind,
    responsibility_text,
    revision_rows,
    scale_tables,
    section_rows,
    xml_safe,
)
from macros.render.typography import french

# Styles the documents use, plus those they link to; everything else of python-docx's 164 styles
# is dropped from the base, which is most of what makes parsing it slow.
_DOCX_STYLES = ("Normal", "Title", "Subtitle", "heading 1", "Table Grid", "Normal Table", "Default Paragraph Font",
                "No List", "footer")


_DROPPED_DOC_RELS = ("stylesWithEffects", "customXml", "numbering")


# Style ids the body fragment refers to directly; the base is checked to define them.
_DOCX_STYLE_IDS = ("Title", "Subtitle", "Heading1", "TableGrid")


_SPACES = re.compile(r"[\t\n\r\f\v ]+")  # runs of white space, but no-break spaces


_TEXT_WIDTH = 9072  # twips: an A4 page (210 mm) less two 25 mm margins


# About one character of the body font (10 to 11 pt, bold headers included) and a cell's two margins, in twips.
_CHAR_WIDTH, _CELL_MARGINS = 150, 300


def _trim_styles(doc: DocxDocument) -> None:
    styles = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    keep: set[str] = set()
    todo = [sid for sid, s in by_id.items() if s.find(qn("w:name")).get(qn("w:val")) in _DOCX_STYLES]
    while todo:
        sid = todo.pop()
        if sid in keep or sid not in by_id:
            continue
        keep.add(sid)
        for link in ("w:basedOn", "w:next", "w:link"):
            ref = by_id[sid].find(qn(link))
            if ref is not None:
                todo.append(ref.get(qn("w:val")))
    for sid, style in by_id.items():
        if sid not in keep:
            styles.remove(style)
    # French is the language Word checks spelling and hyphenates in.
    lang = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    lang.set(qn("w:val"), "fr-FR")
    lang.set(qn("w:eastAsia"), "fr-FR")


def _french_settings(doc: DocxDocument) -> None:
    settings = doc.settings.element
    for tag, value in (("w:themeFontLang", "fr-FR"), ("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        element = settings.find(qn(tag))
        if element is not None:
            element.set(qn("w:val"), value)
    # Word fills the table of contents and the page numbers when the document opens.
    # The schema orders the settings: updateFields comes before these, so it goes right before the first of them.
    update = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
    later = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr",
             "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:shapeDefaults", "w:decimalSymbol", "w:listSeparator")
    anchor = next((el for el in settings if any(el.tag == qn(t) for t in later)), None)
    if anchor is not None:
        anchor.addprevious(update)
    else:
        settings.append(update)
    # The thumbnail is dropped from the base; Word must not expect one.
    preview = settings.find(qn("w:savePreviewPicture"))
    if preview is not None:
        settings.remove(preview)


@functools.cache
def _base_docx() -> bytes:
    """python-docx's default document cut to what we use, A4 and French, saved once per process."""
    doc = Document()
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in _DROPPED_DOC_RELS:
            del doc.part.rels[rid]
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):  # a picture of python-docx's own sample, not ours
            del package_rels[rid]
    _trim_styles(doc)
    missing = [sid for sid in _DOCX_STYLE_IDS if doc.styles.element.get_by_id(sid) is None]
    if missing:  # a python-docx upgrade changed its default template
        raise RuntimeError(f"styles absents du modèle Word de base : {', '.join(missing)}")
    _french_settings(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(25)
    doc.core_properties.comments = ""  # the default says « generated by python-docx »
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _w_text(text: str, *, bold: bool = False, italic: bool = False) -> str:
    """One run of text on one line: a run never breaks a line (prose is split into paragraphs first, see _w_prose)."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    parts = [f"<w:rPr>{props}</w:rPr>"] if props else []
    line = _SPACES.sub(" ", french(xml_safe(text)))  # never a line break; the spaces around a run are kept
    if line:
        parts.append(f'<w:t xml:space="preserve">{xml_escape(line)}</w:t>')
    return f"<w:r>{''.join(parts)}</w:r>"


def _w_paragraph(runs: str, style: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}{runs}</w:p>"


def _w_prose(text: str, *, lead: str = "", italic: bool = False) -> list[str]:
    """Prose as Word paragraphs: the YAML's wrapping undone, one paragraph per paragraph of the data (paragraphs()),
    the first one opened by `lead` in bold when given."""
    out = []
    for n, paragraph in enumerate(paragraphs(text)):
        runs = (_w_text(lead, bold=True, italic=italic) if lead and not n else "") + _w_text(paragraph, italic=italic)
        out.append(_w_paragraph(runs))
    return out


def _w_label(text: str) -> str:
    """A bold label above a table, set apart from the table before it (12 pt above, 3 pt below)."""
    return f'<w:p><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="60"/></w:pPr>{_w_text(text, bold=True)}</w:p>'


def _column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """Widths (twips) filling the text width. Each column first gets room for its longest word (a header never breaks
    inside a word), a short column (a date, a version, « Signé ») room for its text on one line when the page allows it;
    the rest goes to the columns whose text wraps, in proportion to what they lack."""
    def word(text: str) -> int:
        return max(map(len, text.split() or [""]))

    cells = [[r[i] for r in rows if i < len(r)] for i in range(len(headers))]
    words = [_CELL_MARGINS + _CHAR_WIDTH * max([word(h), 3] + [word(c) for c in column]) for h, column in zip(headers, cells, strict=True)]
    natural = [max(w, _CELL_MARGINS + _CHAR_WIDTH * min(60, max([0] + [len(c) for c in column]))) for w, column in zip(words, cells, strict=True)]
    if sum(natural) <= _TEXT_WIDTH:
        return [_TEXT_WIDTH * n // sum(natural) for n in natural]
    if sum(words) >= _TEXT_WIDTH:
        return [_TEXT_WIDTH * w // sum(words) for w in words]
    short = [n if n <= _CELL_MARGINS + _CHAR_WIDTH * 24 else w for n, w in zip(natural, words, strict=True)]
    floor = short if sum(short) < _TEXT_WIDTH else words
    lack = [n - f for n, f in zip(natural, floor, strict=True)]
    extra = _TEXT_WIDTH - sum(floor)
    return [f + extra * d // sum(lack) if sum(lack) else f for f, d in zip(floor, lack, strict=True)]


def _w_table(headers: Sequence[str], rows: Sequence[Sequence[str]], caption: str) -> str:
    """A full-width grid table whose first row is a repeating header row (w:tblHeader); each column as wide as its
    longest text asks, within limits, so a short « Version » does not take the room a sentence needs."""
    widths = _column_widths(headers, rows)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)

    def row(values: Sequence[str], header: bool) -> str:
        # w:tblHeader makes Word repeat the row on each page and tells screen readers it holds the headers.
        # Rows to fill in are at least 0.8 cm high: room to write by hand on a printed copy.
        props = ('<w:trPr><w:tblHeader w:val="true"/></w:trPr>' if header
                 else '<w:trPr><w:trHeight w:val="454" w:hRule="atLeast"/></w:trPr>')
        cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                        + ("".join(f"<w:p>{_w_text(p, bold=header)}</w:p>" for p in paragraphs(v)) or "<w:p/>") + "</w:tc>"
                        for v, width in zip(values, widths, strict=False))
        return f"<w:tr>{props}{cells}</w:tr>"

    # tblCaption is the table's alternative text title, read out by screen readers.
    return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0"'
            ' w:noVBand="1"/>'
            f'<w:tblCaption w:val={xml_quoteattr(fit(caption, 255))}/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            + row(headers, True) + "".join(row(r, False) for r in rows) + "</w:tbl>")


# A table of contents field: Word fills it on opening (updateFields), LibreOffice with Outils > Mettre à jour.
_TOC_FIELD = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u '
              '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Mettez à jour le sommaire '
              '(clic droit, « Mettre à jour les champs »).</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def template_docx(standard: Standard, template: Template, stamp: Stamp, example: Example | None = None,
                  roles: TemplateRoles | None = None) -> bytes:
    """A Word document template: title page, document control block, one heading per section; filled when an
    example is given (and then marked « Exemple » at the top and in its properties); who writes it (R) and who
    approves it (A) named on the title page and in the approval table, when the RACI says so."""
    require_kind(template, TemplateKind.DOCUMENT, Format.DOCX)
    doc = Document(io.BytesIO(_base_docx()))
    title = tr(example.title) if example else tr(template.title)

    # The body is written as one WordprocessingML fragment: python-docx's per-run and per-cell API
    # costs about a millisecond per table, which alone would break the 15 ms budget of a document.
    project = {k: cell_text(v) for k, v in (example.project.items() if example else [])}
    xml = [
        _w_paragraph(_w_text(title), "Title"),
        _w_paragraph(_w_text(f"{stamp.standard_title} ({stamp.standard_id})"), "Subtitle"),
        _w_paragraph(_w_text(example_notice(example), bold=True)) if example else "",
        *_w_prose(tr(template.description)),
        _w_paragraph(_w_text(who, italic=True)) if (who := responsibility_text(roles)) else "",
        # The cover the project fills in: its name and code, and this document's own version (its last revision's).
        _w_table(["Rubrique", "Valeur"], cover_rows(project, example), "Identification du document"),
        _w_label("Historique des révisions"),
        _w_table(REVISION_HEADERS, revision_rows(example), "Historique des révisions"),
        _w_label("Approbation"),
        _w_table(APPROVAL_HEADERS, approval_rows(example, roles), "Approbation"),
        _w_label("Modèle du référentiel"),
        _w_table(CONTROL_HEADERS, [control_values(stamp)], "Modèle du référentiel"),
        '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
        _w_paragraph(_w_text("Sommaire"), "Heading1"),
        _TOC_FIELD,
        '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
    ]
    for section in template.sections:
        heading = tr(section.title)
        xml.append(_w_paragraph(_w_text(heading), "Heading1"))
        xml += _w_prose(tr(section.guidance), lead="Consigne : ", italic=True)
        filled = example_section(example, heading)
        if filled is not None and filled.text:
            xml += _w_prose(tr(filled.text))
        if section.table:
            rows = ([tuple(cell_text(c) for c in row) for row in filled.rows] if filled is not None and filled.rows
                    else section_rows(section))
            xml.append(_w_table([tr(h) for h in section.table], rows, heading))
    if standard.risk_matrix is not None:
        xml.append(_w_paragraph(_w_text(SCALES_HEADING), "Heading1"))
        for caption, headers, rows in scale_tables(standard.risk_matrix, roles.role_names if roles else None):
            xml.append(_w_label(caption))
            xml.append(_w_table(headers, rows, caption))
    fragment = parse_xml(f"<w:body {nsdecls('w')}>{''.join(xml)}</w:body>")
    end_of_body = doc.element.body.find(qn("w:sectPr"))
    for element in list(fragment):
        end_of_body.addprevious(element)

    # The footer repeats the stamp on every page, so a printed page still says which version it follows, and numbers it.
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = xml_safe(f"{title} — {stamp.standard_id} v{stamp.version} — Édition {stamp.edition} — "
                         f"empreinte {stamp.content_hash} — page ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> sur </w:t></w:r>'))
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="NUMPAGES"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))

    props = doc.core_properties
    moment = dt.datetime.combine(stamp.date, dt.time(), dt.UTC)
    props.title = fit(title, 255)
    props.subject = fit(stamp.standard_title, 255)
    props.author = props.last_modified_by = "PMO"
    props.language = "fr-FR"
    props.comments = fit(tr(template.description), 255)
    props.keywords = fit(f"{stamp.standard_id}; {stamp.version}; {stamp.edition}; {stamp.content_hash}", 255)
    props.identifier = fit(f"{stamp.standard_id}/{template.id}", 255)
    props.version = stamp.version
    props.category = "Exemple" if example else "Modèle"
    props.created = props.modified = moment
    props.revision = 1

    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_package(buffer.getvalue(), stamp.date)
