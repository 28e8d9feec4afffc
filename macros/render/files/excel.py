"""Excel workbooks (.xlsx): registers with validations and formats, the risk criticality formula, checklists and the RACI matrix."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from macros.core.text import one_line
from macros.core.vocabulary import COLUMN_TYPE_LABELS, LEVEL_LABELS, RACI_LABELS, ColumnType, Format, Level, RaciLetter, RiskScale, TemplateKind
from macros.model import Example, RiskMatrix, Standard, Template, tr
from macros.pages.checklist import ChecklistLine
from macros.pages.templates import TemplateRoles
from macros.render.files.common import (
    CHECKLIST_HEADERS,
    CHECKLIST_STATUSES,
    CHECKLIST_WIDTHS,
    EXAMPLE_NOTICE,
    FORMULA_STARTS,
    Stamp,
    checklist_values,
    fit,
    normalise_package,
    require_kind,
    xml_safe,
)

# Rows 2..500 of a register get the drop-downs and formats: enough for any project register,
# small enough that Excel stays quick and the file small.
XLSX_LAST_ROW = 500


# Column widths from the longest allowed value, within these limits (Excel's width unit: about one character).
_MIN_WIDTH, _MAX_WIDTH = 10, 50


# Fill and text colours of the criticality levels, lowest first (the same pairs as the site's matrix).
_CRITICALITY_COLOURS = (("D8F0DC", "14401D"), ("FFF2C2", "4D3A00"), ("FFD9B8", "5C2500"), ("F9C4C4", "5E0B0B"))


# Characters a Windows or Excel sheet name may not contain.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


_XLSX_DATE = "DD/MM/YYYY"  # format codes are locale-free in the file; Excel shows this as 15/01/2026


_XLSX_NUMBER = "#,##0.00"  # shown as « 1 234,56 » by a French Excel


_XLSX_AMOUNT = '#,##0.00\\ "€"'  # shown as « 1 234,56 € »


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


def _sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\, no leading or trailing quote."""
    name = one_line(_SHEET_FORBIDDEN.sub(" ", xml_safe(text))).strip("'").strip()
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


def _save(wb: Workbook, date: dt.date) -> bytes:
    buffer = io.BytesIO()
    # Workbook.save() sets « modified » to now; ExcelWriter writes the properties as they are.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return normalise_package(buffer.getvalue(), date)


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
        dv.promptTitle = fit(prompt_title, 32)
        dv.prompt = fit(prompt, 255)
    if error:
        dv.showErrorMessage = True
        dv.errorTitle = "Valeur non permise"
        dv.error = fit(error, 225)
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


def template_xlsx(standard: Standard, template: Template, stamp: Stamp, example: Example | None = None,
                  roles: TemplateRoles | None = None) -> bytes:
    """An Excel register: frozen bold header, drop-downs and formats per column, an « À propos » sheet (with who keeps
    the register and who approves it, when the RACI says so); filled with the example's rows when one is given."""
    require_kind(template, TemplateKind.REGISTER, Format.XLSX)
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
            values = [xml_safe(v) for v in standard.column_values(column)]
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
    _register_about(wb, ws, standard, template, names, stamp, title, roles)
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
                    title: str, roles: TemplateRoles | None) -> None:
    """The « À propos » sheet of a register: origin, stamp, who keeps it and who approves it, what each column holds."""
    about = wb.create_sheet(_sheet_title("À propos", [ws.title]))
    who = ([("Réalise (R)", ", ".join(roles.doers))] if roles and roles.doers else []) + (
        [("Approuve (A)", ", ".join(roles.approvers))] if roles and roles.approvers else [])
    row = _about(about, [("Modèle", title), *_stamp_pairs(stamp), ("Description", tr(template.description)), *who])
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


def checklist_xlsx(title: str, rows: Sequence[ChecklistLine], stamp: Stamp) -> bytes:
    """A checklist as an Excel sheet to fill in: a status per line (à faire, fait, non applicable), the justification
    of a line that does not apply, the evidence and the date; mandatory lines stand out."""
    wb = _workbook(stamp, title)
    ws = wb.active
    ws.title = _sheet_title(title, ["À propos"])
    _header(ws, CHECKLIST_HEADERS, CHECKLIST_WIDTHS)
    for r, item in enumerate(rows, start=2):
        for c, value in enumerate(checklist_values(item), start=1):
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
    # « Obligatoire » and « Obligatoire si … » (an item of some projects only) both stand out.
    mandatory = LEVEL_LABELS[Level.MANDATORY]
    ws.conditional_formatting.add(f"{level}2:{level}{last_row}", FormulaRule(
        formula=[f'LEFT(${level}2,{len(mandatory)})="{mandatory}"'], font=Font(bold=True, color="5E0B0B"),
        fill=PatternFill("solid", fgColor="F9E0E0")))
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
