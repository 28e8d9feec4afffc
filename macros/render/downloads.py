"""Downloadable files built from the standards (Word, Excel, CSV, Markdown, zip), byte-for-byte reproducible."""
from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr as xml_quoteattr

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from macros.dates import french_date
from macros.model import Example, ExampleSection, RiskMatrix, Section, Standard, Template, tr
from macros.render.typography import french
from macros.text import one_line
from macros.vocabulary import COLUMN_TYPE_LABELS, RACI_LABELS, ColumnType, Format, RaciLetter, RiskScale, TemplateKind

# Rows 2..500 of a register get the drop-downs and formats: enough for any project register,
# small enough that Excel stays quick and the file small.
XLSX_LAST_ROW = 500
# Empty rows under each table header of a Word document, so the author sees where to write.
DOCX_EMPTY_ROWS = 3
# Cells starting with these are read as formulas by Excel or LibreOffice when a CSV is opened
# (OWASP "CSV injection"); tab and CR are listed there too because some parsers strip them first.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CONTROL_HEADERS = ("Standard", "Version", "Édition", "Date", "Empreinte du contenu")
CHECKLIST_STATUSES = ("À faire", "Fait", "Non applicable")
CHECKLIST_HEADERS = ("Standard", "Version", "Identifiant", "Phase", "Niveau", "Exigence", "Responsable", "Modèle",
                     "Preuve attendue", "Statut", "Justification (si non applicable)", "Preuve fournie", "Date")
CHECKLIST_WIDTHS = (14, 9, 12, 16, 15, 60, 22, 24, 40, 16, 36, 36, 13)
MANIFEST_NAME = "manifeste.csv"

# Fill and text colours of the criticality levels, lowest first (the same pairs as the site's matrix).
_CRITICALITY_COLOURS = (("D8F0DC", "14401D"), ("FFF2C2", "4D3A00"), ("FFD9B8", "5C2500"), ("F9C4C4", "5E0B0B"))
# Characters XML 1.0 cannot hold (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF): lxml and
# openpyxl refuse them. The loader already rejects them in YAML; models built in code may still carry one.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Characters a Windows or Excel sheet name may not contain.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_XLSX_DATE = "DD/MM/YYYY"  # format codes are locale-free in the file; Excel shows this as 15/01/2026
_XLSX_NUMBER = "#,##0.00"  # shown as « 1 234,56 » by a French Excel
_XLSX_AMOUNT = '#,##0.00\\ "€"'  # shown as « 1 234,56 € »
# Column widths from the longest allowed value, within these limits (Excel's width unit: about one character).
_MIN_WIDTH, _MAX_WIDTH = 10, 50


@dataclass(frozen=True)
class Stamp:
    """What every downloaded file says about its origin: standard, version, edition, date, content hash."""

    standard_id: str
    standard_title: str
    version: str
    edition: str
    date: dt.date
    content_hash: str


@dataclass(frozen=True)
class ChecklistRow:
    """One line of a downloadable checklist, already resolved to display text by the caller."""

    standard_id: str
    standard_title: str
    version: str
    item_id: str
    phase: str
    level: str
    text: str
    responsible: str
    template: str = ""
    evidence: str = ""


# --- shared helpers -------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _require_kind(template: Template, kind: str, fmt: str) -> None:
    if template.kind != kind:
        raise ValueError(f"le modèle « {template.id} » est de type « {template.kind} » : "
                         f"le format {fmt} est réservé aux modèles « {kind} »")


def _zip_date_time(date: dt.date) -> tuple[int, int, int, int, int, int]:
    # The zip format cannot store a date before 1980.
    if date.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return (date.year, date.month, date.day, 0, 0, 0)


def _zip(entries: Iterable[tuple[str, bytes]], date: dt.date) -> bytes:
    """Write entries, in the given order, with every varying header field fixed."""
    buffer = io.BytesIO()
    stamp = _zip_date_time(date)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # ZipInfo defaults to 0 on Windows, 3 elsewhere: fix it so bytes match
            info.external_attr = 0o100644 << 16  # a plain rw-r--r-- file, whatever the umask
            archive.writestr(info, data)
    return buffer.getvalue()


def _normalise_package(raw: bytes, date: dt.date) -> bytes:
    """Rewrite an Office package: python-docx and openpyxl stamp zip entries with the current time."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    # [Content_Types].xml first, as Office writes it; the rest sorted so the order never depends on the writer.
    names = sorted(entries, key=lambda name: (name != "[Content_Types].xml", name))
    return _zip(((name, entries[name]) for name in names), date)


def _csv_cell(text: str) -> str:
    # A leading quote makes Excel and LibreOffice show the text instead of evaluating it, and is
    # visible, so nobody mistakes the cell for a formula.
    text = _clean(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    # `;` is the list separator of a French Excel; CRLF is what RFC 4180 and Excel expect.
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    # The BOM is how Excel knows the file is UTF-8; without it accents come out garbled.
    return buffer.getvalue().encode("utf-8-sig")


# --- Word --------------------------------------------------------------------------------------------------

# Styles the documents use, plus those they link to; everything else of python-docx's 164 styles
# is dropped from the base, which is most of what makes parsing it slow.
_DOCX_STYLES = ("Normal", "Title", "Subtitle", "heading 1", "Table Grid", "Normal Table", "Default Paragraph Font",
                "No List", "footer")
_DROPPED_DOC_RELS = ("stylesWithEffects", "customXml", "numbering")
# Style ids the body fragment refers to directly; the base is checked to define them.
_DOCX_STYLE_IDS = ("Title", "Subtitle", "Heading1", "TableGrid")
_TEXT_WIDTH = 9072  # twips: an A4 page (210 mm) less two 25 mm margins


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
    """One run; newlines become line breaks and tabs become tabs, as python-docx's `text` setter does."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    parts = [f"<w:rPr>{props}</w:rPr>"] if props else []
    for n, line in enumerate(french(_clean(text)).replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if n:
            parts.append("<w:br/>")
        for m, chunk in enumerate(line.split("\t")):
            if m:
                parts.append("<w:tab/>")
            if chunk:
                parts.append(f'<w:t xml:space="preserve">{xml_escape(chunk)}</w:t>')
    return f"<w:r>{''.join(parts)}</w:r>"


def _w_paragraph(runs: str, style: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}{runs}</w:p>"


def _w_label(text: str) -> str:
    """A bold label above a table, set apart from the table before it (12 pt above, 3 pt below)."""
    return f'<w:p><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="60"/></w:pPr>{_w_text(text, bold=True)}</w:p>'


def _w_table(headers: Sequence[str], rows: Sequence[Sequence[str]], caption: str) -> str:
    """A full-width grid table whose first row is a repeating header row (w:tblHeader)."""
    width = _TEXT_WIDTH // len(headers)
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in headers)

    def row(values: Sequence[str], header: bool) -> str:
        # w:tblHeader makes Word repeat the row on each page and tells screen readers it holds the headers.
        # Rows to fill in are at least 0.8 cm high: room to write by hand on a printed copy.
        props = ('<w:trPr><w:tblHeader w:val="true"/></w:trPr>' if header
                 else '<w:trPr><w:trHeight w:val="454" w:hRule="atLeast"/></w:trPr>')
        cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                        f"<w:p>{_w_text(v, bold=header) if v else ''}</w:p></w:tc>" for v in values)
        return f"<w:tr>{props}{cells}</w:tr>"

    # tblCaption is the table's alternative text title, read out by screen readers.
    return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0"'
            ' w:noVBand="1"/>'
            f'<w:tblCaption w:val={xml_quoteattr(_fit(caption, 255))}/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            + row(headers, True) + "".join(row(r, False) for r in rows) + "</w:tbl>")


def _control_values(stamp: Stamp) -> tuple[str, str, str, str, str]:
    return (f"{stamp.standard_id} — {stamp.standard_title}", stamp.version, stamp.edition, french_date(stamp.date),
            stamp.content_hash)


def _fit(text: str, limit: int) -> str:
    # Core properties and Excel prompts have hard length limits; cut with an ellipsis rather than fail.
    text = _one_line(_clean(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


SCALES_HEADING = "Échelles et matrice des risques du PMO"
REVISION_HEADERS = ("Version", "Date", "Auteur", "Modifications")
APPROVAL_HEADERS = ("Rôle", "Nom", "Date", "Visa")
APPROVAL_ROLES = ("Rédigé par", "Vérifié par", "Approuvé par")
# A table of contents field: Word fills it on opening (updateFields), LibreOffice with Outils > Mettre à jour.
_TOC_FIELD = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u '
              '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Mettez à jour le sommaire '
              '(clic droit, « Mettre à jour les champs »).</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def _section_rows(section: Section) -> list[tuple[str, ...]]:
    """The rows of a section's table: its labels written in the first column, or empty rows to fill in."""
    width = len(section.table or [])
    if section.rows:
        return [(tr(label),) + ("",) * (width - 1) for label in section.rows]
    return [("",) * width] * DOCX_EMPTY_ROWS


def scale_tables(matrix: RiskMatrix) -> list[tuple[str, list[str], list[tuple[str, ...]]]]:
    """The risk scales and matrix as (caption, headers, rows): the same in the Word and Markdown downloads."""
    names = {c.id: tr(c.name) for c in matrix.criticality}
    return [
        ("Échelle de probabilité", ["Niveau", "Définition"], [(tr(p.name), tr(p.definition)) for p in matrix.probability]),
        ("Échelle d'impact", ["Niveau", "Définition"], [(tr(i.name), tr(i.definition)) for i in matrix.impact]),
        ("Matrice de criticité", ["Probabilité \\ impact", *[tr(i.name) for i in matrix.impact]],
         [(tr(p.name), *[names[matrix.matrix[p.id][i.id]] for i in matrix.impact]) for p in reversed(matrix.probability)]),
        ("Réponse attendue selon la criticité", ["Criticité", "Réponse attendue"], [(tr(c.name), tr(c.action)) for c in matrix.criticality]),
    ]


EXAMPLE_NOTICE = ("EXEMPLE — document fictif du cas d'étude Atlas (Groupe Hélio), rempli pour montrer ce qu'on attend "
                  "de ce modèle. Noms, dates et montants sont inventés. Partez du modèle vierge pour votre projet.")


def _example_section(example: Example | None, title: str) -> ExampleSection | None:
    return next((s for s in example.sections if one_line(tr(s.title)) == one_line(title)), None) if example else None


def _cell_text(value: object) -> str:
    return french_date(value) if isinstance(value, dt.date) else str(value)


def template_docx(standard: Standard, template: Template, stamp: Stamp, example: Example | None = None) -> bytes:
    """A Word document template: title page, document control block, one heading per section; filled when an
    example is given (and then marked « Exemple » at the top and in its properties)."""
    _require_kind(template, TemplateKind.DOCUMENT, Format.DOCX)
    doc = Document(io.BytesIO(_base_docx()))
    title = tr(example.title) if example else tr(template.title)

    # The body is written as one WordprocessingML fragment: python-docx's per-run and per-cell API
    # costs about a millisecond per table, which alone would break the 15 ms budget of a document.
    project = {k: _cell_text(v) for k, v in (example.project.items() if example else [])}
    xml = [
        _w_paragraph(_w_text(title), "Title"),
        _w_paragraph(_w_text(f"{stamp.standard_title} ({stamp.standard_id})"), "Subtitle"),
        _w_paragraph(_w_text(EXAMPLE_NOTICE, bold=True)) if example else "",
        _w_paragraph(_w_text(tr(template.description))),
        # The cover the project fills in: its name and code, and this document's own version.
        _w_table(["Rubrique", "Valeur"], [("Projet", project.get("name", "[Nom du projet]")),
                                          ("Code du projet", project.get("code", "[Code]")),
                                          ("Version du document", project.get("document_version", "[0.1]")),
                                          ("Date", project.get("document_date", "[JJ/MM/AAAA]"))], "Identification du document"),
        _w_label("Historique des révisions"),
        _w_table(REVISION_HEADERS, [("",) * len(REVISION_HEADERS)] * DOCX_EMPTY_ROWS, "Historique des révisions"),
        _w_label("Approbation"),
        _w_table(APPROVAL_HEADERS, [(role, "", "", "") for role in APPROVAL_ROLES], "Approbation"),
        _w_label("Modèle du référentiel"),
        _w_table(CONTROL_HEADERS, [_control_values(stamp)], "Modèle du référentiel"),
        '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
        _w_paragraph(_w_text("Sommaire"), "Heading1"),
        _TOC_FIELD,
        '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
    ]
    for section in template.sections:
        heading = tr(section.title)
        xml.append(_w_paragraph(_w_text(heading), "Heading1"))
        lead = _w_text("Consigne : ", bold=True, italic=True)
        xml.append(_w_paragraph(lead + _w_text(tr(section.guidance), italic=True)))
        filled = _example_section(example, heading)
        if filled is not None and filled.text:
            xml += [_w_paragraph(_w_text(paragraph)) for paragraph in tr(filled.text).split("\n\n") if paragraph.strip()]
        if section.table:
            rows = ([tuple(_cell_text(c) for c in row) for row in filled.rows] if filled is not None and filled.rows
                    else _section_rows(section))
            xml.append(_w_table([tr(h) for h in section.table], rows, heading))
    if standard.risk_matrix is not None:
        xml.append(_w_paragraph(_w_text(SCALES_HEADING), "Heading1"))
        for caption, headers, rows in scale_tables(standard.risk_matrix):
            xml.append(_w_label(caption))
            xml.append(_w_table(headers, rows, caption))
    fragment = parse_xml(f"<w:body {nsdecls('w')}>{''.join(xml)}</w:body>")
    end_of_body = doc.element.body.find(qn("w:sectPr"))
    for element in list(fragment):
        end_of_body.addprevious(element)

    # The footer repeats the stamp on every page, so a printed page still says which version it follows, and numbers it.
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = _clean(f"{title} — {stamp.standard_id} v{stamp.version} — Édition {stamp.edition} — "
                         f"empreinte {stamp.content_hash} — page ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> sur </w:t></w:r>'))
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="NUMPAGES"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))

    props = doc.core_properties
    moment = dt.datetime.combine(stamp.date, dt.time(), dt.UTC)
    props.title = _fit(title, 255)
    props.subject = _fit(stamp.standard_title, 255)
    props.author = props.last_modified_by = "PMO"
    props.language = "fr-FR"
    props.comments = _fit(tr(template.description), 255)
    props.keywords = _fit(f"{stamp.standard_id}; {stamp.version}; {stamp.edition}; {stamp.content_hash}", 255)
    props.identifier = _fit(f"{stamp.standard_id}/{template.id}", 255)
    props.version = stamp.version
    props.category = "Exemple" if example else "Modèle"
    props.created = props.modified = moment
    props.revision = 1

    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalise_package(buffer.getvalue(), stamp.date)


# --- Excel -------------------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="808080")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill(fill_type="solid", fgColor="DDEBF7")  # pale blue: black text on it is well above 4.5:1
_HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")


def _put(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write one cell; a text that Excel could read as a formula stays text."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        value = _clean(value)[:32767]  # Excel's cell limit
        cell.value = value
        if value.startswith(FORMULA_STARTS):
            # openpyxl turns a leading « = » into a formula; data_type "s" stores the text as a string
            # (t="s"), which Excel never evaluates. quotePrefix is Excel's own « ' » prefix: it is not part
            # of the value, yet keeps the cell text if someone edits it and presses Enter.
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def _sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\, no leading or trailing quote."""
    name = _one_line(_SHEET_FORBIDDEN.sub(" ", _clean(text))).strip("'").strip()
    if not name or name.lower() == "history":  # « History » is reserved by Excel
        name = "Modèle"
    name = name[:31].rstrip().rstrip("'")
    used = {t.lower() for t in taken}
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)].rstrip() + suffix, n + 1
    return name


def _workbook(stamp: Stamp, title: str, description: str = "") -> Workbook:
    wb = Workbook()
    props = wb.properties
    moment = dt.datetime.combine(stamp.date, dt.time())  # openpyxl writes naive datetimes as UTC
    props.title = _fit(title, 255)
    props.subject = _fit(stamp.standard_title, 255) if stamp.standard_title else None
    props.creator = props.lastModifiedBy = "PMO"
    props.language = "fr-FR"
    props.description = _fit(description, 255) if description else None
    parts = (stamp.standard_id, stamp.version, stamp.edition, stamp.content_hash)
    props.keywords = _fit("; ".join(p for p in parts if p), 255)
    props.category = "Modèle"
    props.created = props.modified = moment
    props.revision = "1"
    return wb


def _save(wb: Workbook, date: dt.date) -> bytes:
    buffer = io.BytesIO()
    # Workbook.save() sets « modified » to now; ExcelWriter writes the properties as they are.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _normalise_package(buffer.getvalue(), date)


def _header(ws: Worksheet, headers: Sequence[str], widths: Sequence[float]) -> None:
    for index, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = _put(ws, 1, index, text)
        cell.font, cell.fill, cell.border, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_BORDER, _HEADER_ALIGN
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"  # printed pages repeat the header too
    # Printed: landscape A4, every column on the page width (as many pages down as the rows need).
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _width(header: str, values: Sequence[str]) -> int:
    """A column as wide as its header or its longest allowed value (« Juridique et réglementaire »), within limits."""
    longest = max([len(header)] + [len(v) + 2 for v in values])
    return max(_MIN_WIDTH, min(_MAX_WIDTH, longest + 2))


def _list_formula(values: Sequence[str]) -> str | None:
    """The inline list of a drop-down, or None if Excel cannot hold it inline."""
    # Excel splits an inline list on commas (no escape exists) and caps it at 255 characters;
    # a double quote is written twice inside the quoted formula.
    if any("," in v for v in values):
        return None
    joined = ",".join(values)
    if len(joined) > 255:
        return None
    return '"' + joined.replace('"', '""') + '"'


def _validation(ws: Worksheet, ref: str, kind: str | None, *, formula1: str | None = None, formula2: str | None = None,
                operator: str | None = None, prompt: str = "", prompt_title: str = "", error: str = "") -> None:
    dv = DataValidation(type=kind, formula1=formula1, formula2=formula2, operator=operator, allow_blank=True)
    # Excel limits: title 32 characters, prompt 255, error message 225.
    if prompt:
        dv.showInputMessage = True
        dv.promptTitle = _fit(prompt_title, 32)
        dv.prompt = _fit(prompt, 255)
    if error:
        dv.showErrorMessage = True
        dv.errorTitle = "Valeur non permise"
        dv.error = _fit(error, 225)
    # showDropDown stays False: in the file format, True means *hide* the in-cell arrow.
    dv.add(ref)
    ws.add_data_validation(dv)


def _about(ws: Worksheet, pairs: Sequence[tuple[str, object]]) -> int:
    """Label/value rows of an « À propos » sheet; returns the next free row."""
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 60
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    row = 1
    for label, value in pairs:
        _put(ws, row, 1, label).font = _HEADER_FONT
        cell = _put(ws, row, 2, value)
        cell.alignment = _WRAP
        if isinstance(value, dt.date):
            cell.number_format = _XLSX_DATE
        row += 1
    return row + 1


def _stamp_pairs(stamp: Stamp) -> list[tuple[str, object]]:
    pairs: list[tuple[str, object]] = []
    if stamp.standard_id:
        pairs.append(("Standard", f"{stamp.standard_id} — {stamp.standard_title}"))
    elif stamp.standard_title:  # a file drawn from several standards names the référentiel instead
        pairs.append(("Source", stamp.standard_title))
    if stamp.version:
        pairs.append(("Version", stamp.version))
    pairs += [("Édition", stamp.edition), ("Date", stamp.date)]
    if stamp.content_hash:
        pairs.append(("Empreinte du contenu", stamp.content_hash))
    return pairs


def _criticality(wb: Workbook, ws: Worksheet, matrix: RiskMatrix, template: Template, letter: str) -> None:
    """The criticality column: a formula that reads the matrix (sheet « Matrice ») from the probability and impact
    columns, and a fill per level, its name always written in the cell too."""
    columns = {c.scale: get_column_letter(i) for i, c in enumerate(template.columns, start=1) if c.scale}
    sheet = wb.create_sheet("Matrice")
    _put(sheet, 1, 1, "Probabilité \\ impact").font = _HEADER_FONT
    names = {c.id: tr(c.name) for c in matrix.criticality}
    for col, impact in enumerate(matrix.impact, start=2):
        _put(sheet, 1, col, tr(impact.name)).font = _HEADER_FONT
    for row, probability in enumerate(matrix.probability, start=2):
        _put(sheet, row, 1, tr(probability.name)).font = _HEADER_FONT
        for col, impact in enumerate(matrix.impact, start=2):
            _put(sheet, row, col, names[matrix.matrix[probability.id][impact.id]])
    sheet.column_dimensions["A"].width = 24
    last_col, last_row = get_column_letter(len(matrix.impact) + 1), len(matrix.probability) + 1
    p, i = columns.get(RiskScale.PROBABILITY), columns.get(RiskScale.IMPACT)
    if p is None or i is None:
        return
    for row in range(2, XLSX_LAST_ROW + 1):
        ws[f"{letter}{row}"] = (f'=IF(OR(${p}{row}="",${i}{row}=""),"",INDEX(Matrice!$B$2:${last_col}${last_row},'
                                f"MATCH(${p}{row},Matrice!$A$2:$A${last_row},0),MATCH(${i}{row},Matrice!$B$1:${last_col}$1,0)))")
    for rank, level in enumerate(matrix.criticality, start=1):
        fill, font = _CRITICALITY_COLOURS[min(rank, len(_CRITICALITY_COLOURS)) - 1]
        ws.conditional_formatting.add(f"{letter}2:{letter}{XLSX_LAST_ROW}", CellIsRule(
            operator="equal", formula=[_excel_string(tr(level.name))], fill=PatternFill("solid", fgColor=fill), font=Font(color=font, bold=True)))


def _level_colours(ws: Worksheet, ref: str, levels: Sequence[str]) -> None:
    """A fill per level of a scale, lowest first; the level's name stays written in the cell."""
    for rank, level in enumerate(levels):
        fill, font = _CRITICALITY_COLOURS[min(rank, len(_CRITICALITY_COLOURS) - 1)]
        ws.conditional_formatting.add(ref, CellIsRule(operator="equal", formula=[_excel_string(level)],
                                                      fill=PatternFill("solid", fgColor=fill), font=Font(color=font)))


def _excel_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def template_xlsx(standard: Standard, template: Template, stamp: Stamp, example: Example | None = None) -> bytes:
    """An Excel register: frozen bold header, drop-downs and formats per column, an « À propos » sheet; filled with
    the example's rows when one is given."""
    _require_kind(template, TemplateKind.REGISTER, Format.XLSX)
    title = tr(example.title) if example else tr(template.title)
    wb = _workbook(stamp, title, (EXAMPLE_NOTICE + " ") * bool(example) + tr(template.description))
    ws = wb.active
    ws.title = _sheet_title(title, ["À propos", "Listes"])
    names = [tr(c.name) for c in template.columns]
    _header(ws, names, [c.width or _width(n, standard.column_values(c)) for c, n in zip(template.columns, names, strict=True)])
    last = get_column_letter(len(names))
    ws.auto_filter.ref = f"A1:{last}{XLSX_LAST_ROW}"

    for index, (column, name) in enumerate(zip(template.columns, names, strict=True), start=1):
        letter = get_column_letter(index)
        ref = f"{letter}2:{letter}{XLSX_LAST_ROW}"
        help_text = tr(column.help)
        if column.scale == RiskScale.CRITICALITY and standard.risk_matrix is not None:
            _criticality(wb, ws, standard.risk_matrix, template, letter)
        elif column.type == ColumnType.CHOICE:
            values = [_clean(v) for v in standard.column_values(column)]
            formula = _list_formula(values)
            if formula is None:
                # Values Excel cannot list inline go to a « Listes » sheet the drop-down points at.
                lists = wb["Listes"] if "Listes" in wb.sheetnames else wb.create_sheet("Listes")
                col = len(lists[1]) + 1 if lists["A1"].value is not None else 1
                target = get_column_letter(col)
                _put(lists, 1, col, name).font = _HEADER_FONT
                for row, value in enumerate(values, start=2):
                    _put(lists, row, col, value)
                formula = f"'Listes'!${target}$2:${target}${len(values) + 1}"
            _validation(ws, ref, "list", formula1=formula, prompt=help_text, prompt_title=name,
                        error=f"Choisissez une valeur de la liste : {', '.join(values)}.")
            if column.scale is not None:
                _level_colours(ws, ref, values)
        elif column.type == ColumnType.DATE:
            # A column style, not 500 styled cells: Excel gives it to every cell typed in the column.
            ws.column_dimensions[letter].number_format = _XLSX_DATE
            _validation(ws, ref, "date", operator="greaterThanOrEqual", formula1="1", prompt=help_text,
                        prompt_title=name, error="Saisissez une date, par exemple 15/01/2026.")
        elif column.type in (ColumnType.NUMBER, ColumnType.AMOUNT):
            ws.column_dimensions[letter].number_format = _XLSX_AMOUNT if column.type == ColumnType.AMOUNT else _XLSX_NUMBER
            _validation(ws, ref, "decimal", operator="between", formula1="-9.99E+307", formula2="9.99E+307",
                        prompt=help_text, prompt_title=name, error="Saisissez un nombre.")
        elif help_text:
            _validation(ws, ref, None, prompt=help_text, prompt_title=name)

    if example:
        _fill(ws, template, names, example)
    _register_about(wb, ws, standard, template, names, stamp, title)
    if "Listes" in wb.sheetnames:
        wb.move_sheet("Listes", offset=len(wb.sheetnames))
    return _save(wb, stamp.date)


def _fill(ws: Worksheet, template: Template, names: list[str], example: Example) -> None:
    """The example's rows under the header; the criticality keeps the matrix's formula."""
    for row, record in enumerate(example.rows, start=2):
        for index, column in enumerate(template.columns, start=1):
            value = record.get(names[index - 1])
            if value is not None and column.scale != RiskScale.CRITICALITY:
                _put(ws, row, index, value)


def _register_about(wb: Workbook, ws: Worksheet, standard: Standard, template: Template, names: list[str], stamp: Stamp,
                    title: str) -> None:
    """The « À propos » sheet of a register: origin, stamp, and what each column holds."""
    about = wb.create_sheet(_sheet_title("À propos", [ws.title]))
    row = _about(about, [("Modèle", title), *_stamp_pairs(stamp), ("Description", tr(template.description))])
    about.column_dimensions["C"].width = 30
    about.column_dimensions["D"].width = 50
    for index, text in enumerate(("Colonne", "Type", "Valeurs permises", "Aide"), start=1):
        cell = _put(about, row, index, text)
        cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, _HEADER_BORDER
    for column, name in zip(template.columns, names, strict=True):
        row += 1
        allowed = ", ".join(standard.column_values(column))
        if column.scale == RiskScale.CRITICALITY:
            allowed += " (calculée à partir de la probabilité et de l'impact, selon la matrice du PMO)"
        for index, text in enumerate((name, COLUMN_TYPE_LABELS[column.type], allowed, tr(column.help)), start=1):
            _put(about, row, index, text).alignment = _WRAP


def checklist_xlsx(title: str, rows: Sequence[ChecklistRow], stamp: Stamp) -> bytes:
    """A checklist as an Excel sheet to fill in: a status per line (à faire, fait, non applicable), the justification
    of a line that does not apply, the evidence and the date; mandatory lines stand out."""
    wb = _workbook(stamp, title)
    ws = wb.active
    ws.title = _sheet_title(title, ["À propos"])
    _header(ws, CHECKLIST_HEADERS, CHECKLIST_WIDTHS)
    for r, item in enumerate(rows, start=2):
        for c, value in enumerate(_checklist_values(item), start=1):
            _put(ws, r, c, value).alignment = _WRAP
    last_row = max(2, len(rows) + 1)
    last = get_column_letter(len(CHECKLIST_HEADERS))
    ws.auto_filter.ref = f"A1:{last}{last_row}"
    status, justification, date = (get_column_letter(CHECKLIST_HEADERS.index(h) + 1)
                                   for h in ("Statut", "Justification (si non applicable)", "Date"))
    _validation(ws, f"{status}2:{status}{last_row}", "list", formula1=_list_formula(CHECKLIST_STATUSES),
                prompt="À faire, Fait, ou Non applicable (justifiez-le dans la colonne suivante).", prompt_title="Statut",
                error="Choisissez À faire, Fait ou Non applicable.")
    ws.column_dimensions[date].number_format = _XLSX_DATE
    _validation(ws, f"{date}2:{date}{last_row}", "date", operator="greaterThanOrEqual", formula1="1",
                error="Saisissez une date, par exemple 15/01/2026.")
    level = get_column_letter(CHECKLIST_HEADERS.index("Niveau") + 1)
    ws.conditional_formatting.add(f"{level}2:{level}{last_row}", CellIsRule(
        operator="equal", formula=['"Obligatoire"'], font=Font(bold=True, color="5E0B0B"), fill=PatternFill("solid", fgColor="F9E0E0")))
    # A « non applicable » line without its justification shows in red until it is written.
    ws.conditional_formatting.add(f"{justification}2:{justification}{last_row}", FormulaRule(
        formula=[f'AND(${status}2="Non applicable",LEN(${justification}2)=0)'], fill=PatternFill("solid", fgColor="F9C4C4")))
    about = wb.create_sheet(_sheet_title("À propos", [ws.title]))
    _about(about, [("Liste de contrôle", title), *_stamp_pairs(stamp)])
    return _save(wb, stamp.date)


def raci_xlsx(roles: Sequence[tuple[str, str]], rows: Sequence[tuple[str, str, dict[str, str]]], stamp: Stamp) -> bytes:
    """A RACI matrix: one line per activity, one column per role, a legend sheet."""
    wb = _workbook(stamp, "Matrice RACI")
    ws = wb.active
    ws.title = "Matrice RACI"
    headers = ["Standard", "Activité", *(name for _, name in roles)]
    widths = [14, 50, *(max(12, len(name) + 2) for _, name in roles)]
    _header(ws, headers, widths)
    ws.freeze_panes = "C2"  # keep the activity visible while scrolling across roles
    centred = Alignment(horizontal="center", vertical="top")
    for r, (standard_id, activity, letters) in enumerate(rows, start=2):
        _put(ws, r, 1, standard_id).alignment = _WRAP
        _put(ws, r, 2, activity).alignment = _WRAP
        for c, (role_id, _) in enumerate(roles, start=3):
            _put(ws, r, c, letters.get(role_id, "")).alignment = centred
    legend = wb.create_sheet("Légende")
    _about(legend, [*((letter, RACI_LABELS[letter]) for letter in RaciLetter), *_stamp_pairs(stamp)])
    return _save(wb, stamp.date)


# --- CSV ---------------------------------------------------------------------------------------------------


def template_csv(standard: Standard, template: Template) -> bytes:
    """A register as CSV for a French Excel: UTF-8 with BOM, `;`, CRLF, the column names as header."""
    _require_kind(template, TemplateKind.REGISTER, Format.CSV)
    return _csv([[tr(c.name) for c in template.columns]])


def _checklist_values(item: ChecklistRow) -> tuple[str, ...]:
    return (item.standard_id, item.version, item.item_id, item.phase, item.level,
            item.text, item.responsible, item.template, item.evidence, "À faire", "", "", "")


def checklist_csv(rows: Sequence[ChecklistRow]) -> bytes:
    """A checklist as CSV for a French Excel: every line « À faire », with the justification, evidence and date to fill in."""
    return _csv([CHECKLIST_HEADERS, *(_checklist_values(item) for item in rows)])


# --- Markdown ----------------------------------------------------------------------------------------------

# Backslash escapes are valid before any ASCII punctuation in CommonMark and stay readable in an editor.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|#{}~&])")  # « &amp; » in the data must stay text, not an entity
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))")


def _md(text: str) -> str:
    """Inline Markdown text: one line, no syntax survives, pipes escaped for tables."""
    return _MD_INLINE.sub(r"\\\1", _one_line(french(_clean(text))))


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark, digits, dot = match.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{digits}\\{dot}"


def _md_block(text: str) -> list[str]:
    """Paragraph text, line by line; a line starting like a list, quote or heading underline stays text."""
    lines = []
    for line in _clean(text).splitlines() or [""]:
        escaped = _MD_INLINE.sub(r"\\\1", line.rstrip())
        lines.append(_MD_LINE_START.sub(_escape_line_start, escaped))
    return lines


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(_md(h) for h in headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return lines


def template_md(standard: Standard, template: Template, stamp: Stamp, example: Example | None = None) -> bytes:
    """A template as Markdown: headings, guidance and tables, or a register's columns and allowed values; filled
    when an example is given."""
    lines = [f"# {_md(tr(example.title) if example else tr(template.title))}", ""]
    if example:
        lines += [f"> **{_md(EXAMPLE_NOTICE)}**", ""]
    lines += [*_md_block(tr(template.description)), ""]
    lines += _md_table(CONTROL_HEADERS, [_control_values(stamp)]) + [""]
    if template.kind == TemplateKind.DOCUMENT:
        for section in template.sections:
            lines += [f"## {_md(tr(section.title))}", ""]
            guidance = _md_block(tr(section.guidance))
            lines += [f"> **Consigne :** {guidance[0]}", *(f"> {line}" for line in guidance[1:]), ""]
            filled = _example_section(example, tr(section.title))
            if filled is not None and filled.text:
                lines += [*_md_block(tr(filled.text)), ""]
            if section.table:
                rows = ([tuple(_cell_text(c) for c in row) for row in filled.rows] if filled is not None and filled.rows
                        else _section_rows(section))
                lines += _md_table([tr(h) for h in section.table], rows)
                lines.append("")
    else:
        names = [tr(c.name) for c in template.columns]
        filled_rows = [tuple(_cell_text(row.get(n, "")) for n in names) for row in example.rows] if example else []
        lines += ["## Registre", ""] + _md_table(names, filled_rows or [("",) * len(names)]) + [""]
        lines += ["## Colonnes", ""]
        for column, name in zip(template.columns, names, strict=True):
            line = f"- **{_md(name)}** : {COLUMN_TYPE_LABELS[column.type]}"
            if standard.column_values(column):
                line += " ; valeurs permises : " + ", ".join(_md(v) for v in standard.column_values(column))
            if column.help:
                line += f" ; {_md(tr(column.help))}"
            lines.append(line)
        lines.append("")
    if standard.risk_matrix is not None:
        lines += [f"## {SCALES_HEADING}", ""]
        for caption, headers, rows in scale_tables(standard.risk_matrix):
            lines += [f"**{_md(caption)}**", "", *_md_table(headers, rows), ""]
    return "\n".join(lines).encode()


# --- Kit -------------------------------------------------------------------------------------------------


def kit_zip(files: Sequence[tuple[str, bytes, str, str]], stamp: Stamp) -> bytes:
    """A zip of files (path, content, standard id, version) with a `manifeste.csv` of their sha256."""
    paths = [path for path, *_ in files]
    for path in paths:
        parts = path.split("/")
        if not path or path.startswith("/") or "\\" in path or any(p in ("", ".", "..") for p in parts):
            raise ValueError(f"chemin d'archive invalide : « {path} »")
    if MANIFEST_NAME in paths:
        raise ValueError(f"« {MANIFEST_NAME} » est réservé au manifeste du kit")
    if len(set(paths)) != len(paths):
        twice = sorted({p for p in paths if paths.count(p) > 1})
        raise ValueError(f"fichier présent deux fois dans le kit : « {twice[0]} »")
    ordered = sorted(files, key=lambda f: f[0])
    manifest = _csv([("fichier", "standard", "version", "sha256"),
                     *((path, std, version, hashlib.sha256(data).hexdigest()) for path, data, std, version in ordered)])
    entries = sorted([(path, data) for path, data, _, _ in ordered] + [(MANIFEST_NAME, manifest)])
    return _zip(entries, stamp.date)
