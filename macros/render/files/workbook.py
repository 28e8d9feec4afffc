"""The pieces every generated workbook shares: safe cells, sheet names, properties, header, drop-downs, « À propos »."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from macros.core.text import one_line
from macros.core.vocabulary import ColumnType
from macros.render.files.common import FORMULA_STARTS, Stamp, fit, normalise_package, xml_safe
from macros.render.files.formulas import NUMBER_FORMATS

# Column widths from the longest allowed value, within these limits (Excel's width unit: about one character).
_MIN_WIDTH, _MAX_WIDTH = 10, 50


# Fill and text colours of the criticality levels, lowest first (the same pairs as the site's matrix).
LEVEL_COLOURS = (("D8F0DC", "14401D"), ("FFF2C2", "4D3A00"), ("FFD9B8", "5C2500"), ("F9C4C4", "5E0B0B"))


# Characters a Windows or Excel sheet name may not contain.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


DATE_FORMAT = NUMBER_FORMATS[ColumnType.DATE]


# Words a shortened sheet name does not end on (« Grille d'évaluation des » becomes « Grille d'évaluation »).
_DANGLING = {"de", "des", "du", "d'", "la", "le", "les", "l'", "et", "à", "au", "aux", "en", "pour", "par", "sur"}


_THIN = Side(style="thin", color="808080")


HEADER_FONT = Font(bold=True)


HEADER_FILL = PatternFill(fill_type="solid", fgColor="DDEBF7")  # pale blue: black text on it is well above 4.5:1


HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


WRAP = Alignment(wrap_text=True, vertical="top")


_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")


def put(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write one cell; a text that Excel could read as a formula stays text."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        value = xml_safe(value)[:32767]  # Excel's cell limit
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


def sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\, no leading or trailing quote; a longer text is
    cut after a whole word that does not leave it dangling (« Registre des problèmes et des actions » → « Registre des problèmes »)."""
    name = one_line(_SHEET_FORBIDDEN.sub(" ", xml_safe(text))).strip("'").strip()
    if not name or name.lower() == "history":  # « History » is reserved by Excel
        name = "Modèle"
    if len(name) > 31:
        words = name[:32].split(" ")[:-1] or [name[:31]]
        while len(words) > 1 and words[-1].lower() in _DANGLING:
            words.pop()
        name = " ".join(words)
    name = name[:31].rstrip().rstrip("'")
    used = {t.lower() for t in taken}
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)].rstrip() + suffix, n + 1
    return name


def new_workbook(stamp: Stamp, title: str, description: str = "") -> Workbook:
    wb = Workbook()
    props = wb.properties
    moment = dt.datetime.combine(stamp.date, dt.time())  # openpyxl writes naive datetimes as UTC
    props.title = fit(title, 255)
    props.subject = fit(stamp.standard_title, 255) if stamp.standard_title else None
    props.creator = props.lastModifiedBy = "PMO"
    props.language = "fr-FR"
    props.description = fit(description, 255) if description else None
    parts = (stamp.standard_id, stamp.version, stamp.edition, stamp.content_hash)
    props.keywords = fit("; ".join(p for p in parts if p), 255)
    props.category = "Modèle"
    props.created = props.modified = moment
    props.revision = "1"
    return wb


def save(wb: Workbook, date: dt.date) -> bytes:
    buffer = io.BytesIO()
    # Workbook.save() sets « modified » to now; ExcelWriter writes the properties as they are.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return normalise_package(buffer.getvalue(), date)


def header(ws: Worksheet, headers: Sequence[str], widths: Sequence[float], row: int = 1) -> None:
    """The bold header in `row` (below a totals row when there is one), frozen and repeated on every printed page."""
    for index, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = put(ws, row, index, text)
        cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_BORDER, _HEADER_ALIGN
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = f"A{row + 1}"
    ws.print_title_rows = f"1:{row}"  # printed pages repeat the header too
    # Printed: landscape A4, every column on the page width (as many pages down as the rows need).
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def width(header: str, values: Sequence[str]) -> int:
    """A column as wide as its header or its longest allowed value (« Juridique et réglementaire »), within limits."""
    longest = max([len(header)] + [len(v) + 2 for v in values])
    return max(_MIN_WIDTH, min(_MAX_WIDTH, longest + 2))


def list_formula(values: Sequence[str]) -> str | None:
    """The inline list of a drop-down, or None if Excel cannot hold it inline."""
    # Excel splits an inline list on commas (no escape exists) and caps it at 255 characters;
    # a double quote is written twice inside the quoted formula.
    if any("," in v for v in values):
        return None
    joined = ",".join(values)
    if len(joined) > 255:
        return None
    return '"' + joined.replace('"', '""') + '"'


def validation(ws: Worksheet, ref: str, kind: str | None, *, formula1: str | None = None, formula2: str | None = None,
                operator: str | None = None, prompt: str = "", prompt_title: str = "", error: str = "") -> None:
    dv = DataValidation(type=kind, formula1=formula1, formula2=formula2, operator=operator, allow_blank=True)
    # Excel limits: title 32 characters, prompt 255, error message 225.
    if prompt:
        dv.showInputMessage = True
        dv.promptTitle = fit(prompt_title, 32)
        dv.prompt = fit(prompt, 255)
    if error:
        dv.showErrorMessage = True
        dv.errorTitle = "Valeur non permise"
        dv.error = fit(error, 225)
    # showDropDown stays False: in the file format, True means *hide* the in-cell arrow.
    dv.add(ref)
    ws.add_data_validation(dv)


def about(ws: Worksheet, pairs: Sequence[tuple[str, object]]) -> int:
    """Label/value rows of an « À propos » sheet; returns the next free row."""
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 60
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    row = 1
    for label, value in pairs:
        put(ws, row, 1, label).font = HEADER_FONT
        cell = put(ws, row, 2, value)
        cell.alignment = WRAP
        if isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
        row += 1
    return row + 1


def stamp_pairs(stamp: Stamp) -> list[tuple[str, object]]:
    pairs: list[tuple[str, object]] = []
    if stamp.standard_id:
        pairs.append(("Standard", f"{stamp.standard_id} — {stamp.standard_title}"))
    elif stamp.standard_title:  # a file drawn from several standards names the référentiel instead
        pairs.append(("Source", stamp.standard_title))
    if stamp.version:
        pairs.append(("Version", stamp.version))
    if stamp.status:
        pairs.append(("Statut", stamp.status))
    pairs += [("Édition", stamp.edition), ("Date", stamp.date)]
    if stamp.content_hash:
        pairs.append(("Empreinte du contenu", stamp.content_hash))
    return pairs


