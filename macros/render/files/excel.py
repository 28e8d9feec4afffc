"""Excel workbooks (.xlsx): registers that compute (formats, drop-downs, formulas and totals from the column types, the
risk criticality), checklists and the RACI matrix."""
from __future__ import annotations

import math
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from macros.core.vocabulary import COLUMN_TYPE_LABELS, LEVEL_LABELS, RACI_LABELS, ColumnType, Format, Level, RaciLetter, RiskScale, TemplateKind
from macros.model import Column, Example, RiskMatrix, Standard, Template, tr
from macros.pages.checklist import ChecklistLine
from macros.pages.templates import TemplateRoles
from macros.render.files.common import (
    CHECKLIST_HEADERS,
    CHECKLIST_STATUSES,
    CHECKLIST_WIDTHS,
    Stamp,
    checklist_values,
    example_notice,
    require_kind,
    xml_safe,
)
from macros.render.files.formulas import (
    NUMBER_FORMATS,
    column_names,
    has_totals,
    row_formula,
    spreadsheet_value,
    total_formula,
)
from macros.render.files.workbook import (
    DATE_FORMAT,
    HEADER_BORDER,
    HEADER_FILL,
    HEADER_FONT,
    LEVEL_COLOURS,
    WRAP,
    about,
    header,
    list_formula,
    new_workbook,
    put,
    save,
    sheet_title,
    stamp_pairs,
    validation,
    width,
)

# Rows down to 500 of a register get the drop-downs, formats and formulas: enough for any project register,
# small enough that Excel stays quick and the file small.
XLSX_LAST_ROW = 500


TOTALS_LABEL = "Total des lignes affichées"


_TOTALS_FONT = Font(bold=True)


_TOP = Alignment(vertical="top")


_TOTALS_FILL = PatternFill(fill_type="solid", fgColor="FFF2CC")  # pale yellow, as Excel's own total rows


def _criticality(wb: Workbook, ws: Worksheet, matrix: RiskMatrix, template: Template, letter: str, first: int) -> None:
    """The criticality column: a formula that reads the matrix (sheet « Matrice ») from the probability and impact
    columns, and a fill per level, its name always written in the cell too."""
    columns = {c.scale: get_column_letter(i) for i, c in enumerate(template.columns, start=1) if c.scale}
    sheet = wb.create_sheet("Matrice")
    put(sheet, 1, 1, "Probabilité \\ impact").font = HEADER_FONT
    names = {c.id: tr(c.name) for c in matrix.criticality}
    for col, impact in enumerate(matrix.impact, start=2):
        put(sheet, 1, col, tr(impact.name)).font = HEADER_FONT
    for row, probability in enumerate(matrix.probability, start=2):
        put(sheet, row, 1, tr(probability.name)).font = HEADER_FONT
        for col, impact in enumerate(matrix.impact, start=2):
            put(sheet, row, col, names[matrix.matrix[probability.id][impact.id]])
    sheet.column_dimensions["A"].width = 24
    last_col, last_row = get_column_letter(len(matrix.impact) + 1), len(matrix.probability) + 1
    p, i = columns.get(RiskScale.PROBABILITY), columns.get(RiskScale.IMPACT)
    if p is None or i is None:
        return
    for row in range(first, XLSX_LAST_ROW + 1):
        ws[f"{letter}{row}"] = (f'=IF(OR(${p}{row}="",${i}{row}=""),"",INDEX(Matrice!$B$2:${last_col}${last_row},'
                                f"MATCH(${p}{row},Matrice!$A$2:$A${last_row},0),MATCH(${i}{row},Matrice!$B$1:${last_col}$1,0)))")
    for rank, level in enumerate(matrix.criticality, start=1):
        fill, font = LEVEL_COLOURS[min(rank, len(LEVEL_COLOURS)) - 1]
        ws.conditional_formatting.add(f"{letter}{first}:{letter}{XLSX_LAST_ROW}", CellIsRule(
            operator="equal", formula=[_excel_string(tr(level.name))], fill=PatternFill("solid", fgColor=fill), font=Font(color=font, bold=True)))


def _level_colours(ws: Worksheet, ref: str, levels: Sequence[str]) -> None:
    """A fill per level of a scale, lowest first; the level's name stays written in the cell."""
    for rank, level in enumerate(levels):
        fill, font = LEVEL_COLOURS[min(rank, len(LEVEL_COLOURS) - 1)]
        ws.conditional_formatting.add(ref, CellIsRule(operator="equal", formula=[_excel_string(level)],
                                                      fill=PatternFill("solid", fgColor=fill), font=Font(color=font)))


def _excel_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def template_xlsx(standard: Standard, template: Template, stamp: Stamp, example: Example | None = None,
                  roles: TemplateRoles | None = None) -> bytes:
    """An Excel register: frozen bold header, drop-downs, formats and formulas per column type, a totals row above the
    header when money is added up, an « À propos » sheet (with who keeps the register and who approves it, when the RACI
    says so); filled with the example's rows when one is given."""
    require_kind(template, TemplateKind.REGISTER, Format.XLSX)
    title = tr(example.title) if example else tr(template.title)
    wb = new_workbook(stamp, title, (example_notice(example) + " " if example else "") + tr(template.description))
    ws = wb.active
    # Named after the template, whatever the example's title: a sheet name holds 31 characters.
    ws.title = sheet_title(tr(template.title), ["À propos", "Listes", "Matrice"])
    names = [tr(c.name) for c in template.columns]
    letters = {name: get_column_letter(i) for i, name in enumerate(column_names(template), start=1)}
    # A totals row sits above the header: sorting or filtering the rows never moves it.
    head = 2 if has_totals(template) else 1
    first = head + 1
    header(ws, names, [c.width or width(n, standard.column_values(c)) for c, n in zip(template.columns, names, strict=True)], head)
    ws.auto_filter.ref = f"A{head}:{get_column_letter(len(names))}{XLSX_LAST_ROW}"
    for index, (column, name) in enumerate(zip(template.columns, names, strict=True), start=1):
        _format_column(wb, ws, standard, template, column, name, index, letters, first)
    if head == 2:
        _totals(ws, template, letters, first)
    if example:
        _fill(ws, template, names, example, first)
        # Printed, an example is its rows: not the empty rows below, whose formulas would print as blank pages.
        ws.print_area = f"A1:{get_column_letter(len(names))}{max(first, first + len(example.rows) - 1)}"
    _register_about(wb, ws, standard, template, names, stamp, title, roles, totals=head == 2)
    if "Listes" in wb.sheetnames:
        wb.move_sheet("Listes", offset=len(wb.sheetnames))
    return save(wb, stamp.date)


def _format_column(wb: Workbook, ws: Worksheet, standard: Standard, template: Template, column: Column, name: str, index: int,
                   letters: dict[str, str], first: int) -> None:
    """One column of a register: its drop-down, number format, validation or formula, as its type says."""
    letter = get_column_letter(index)
    ref = f"{letter}{first}:{letter}{XLSX_LAST_ROW}"
    help_text = tr(column.help)
    number_format = NUMBER_FORMATS.get(column.type)
    if number_format is not None:
        # A column style: Excel gives it to every cell typed in the column (filled cells get it too, in _fill).
        ws.column_dimensions[letter].number_format = number_format
    if column.scale == RiskScale.CRITICALITY and standard.risk_matrix is not None:
        _criticality(wb, ws, standard.risk_matrix, template, letter, first)
    elif column.compute is not None:
        for row in range(first, XLSX_LAST_ROW + 1):
            cell = ws.cell(row=row, column=index, value=row_formula(column.compute, letters, row))
            cell.number_format = number_format or "General"
        validation(ws, ref, None, prompt=f"Calculée : {column.compute.text}. " + help_text, prompt_title=name)
    elif column.type == ColumnType.CHOICE:
        values = [xml_safe(v) for v in standard.column_values(column)]
        formula = list_formula(values)
        if formula is None:
            # Values Excel cannot list inline go to a « Listes » sheet the drop-down points at.
            lists = wb["Listes"] if "Listes" in wb.sheetnames else wb.create_sheet("Listes")
            col = len(lists[1]) + 1 if lists["A1"].value is not None else 1
            target = get_column_letter(col)
            put(lists, 1, col, name).font = HEADER_FONT
            for row, value in enumerate(values, start=2):
                put(lists, row, col, value)
            formula = f"'Listes'!${target}$2:${target}${len(values) + 1}"
        validation(ws, ref, "list", formula1=formula, prompt=help_text, prompt_title=name,
                   error=f"Choisissez une valeur de la liste : {', '.join(values)}.")
        if column.scale is not None:
            _level_colours(ws, ref, values)
    elif column.type == ColumnType.DATE:
        validation(ws, ref, "date", operator="greaterThanOrEqual", formula1="1", prompt=help_text,
                   prompt_title=name, error="Saisissez une date, par exemple 15/01/2026.")
    elif column.type == ColumnType.INTEGER:
        validation(ws, ref, "whole", operator="between", formula1="-2147483648", formula2="2147483647",
                   prompt=help_text, prompt_title=name, error="Saisissez un nombre entier.")
    elif column.type == ColumnType.PERCENTAGE:
        validation(ws, ref, "decimal", operator="between", formula1="-100", formula2="100",
                   prompt=(help_text + " " if help_text else "") + "Saisissez par exemple 45 % (ou 0,45).", prompt_title=name,
                   error="Saisissez un pourcentage, par exemple 45 %.")
    elif column.type.numeric:
        validation(ws, ref, "decimal", operator="between", formula1="-9.99E+307", formula2="9.99E+307",
                   prompt=help_text, prompt_title=name, error="Saisissez un nombre.")
    elif help_text:
        validation(ws, ref, None, prompt=help_text, prompt_title=name)


def _totals(ws: Worksheet, template: Template, letters: dict[str, str], first: int) -> None:
    """Row 1: the totals of the rows a filter shows, under each money column, and the ratio of the totals."""
    label_col = next((i for i, c in enumerate(template.columns, start=1) if total_formula(c, letters, 1, first, XLSX_LAST_ROW) is None), 1)
    label = put(ws, 1, label_col, TOTALS_LABEL)
    label.font, label.fill = _TOTALS_FONT, _TOTALS_FILL
    for index, column in enumerate(template.columns, start=1):
        formula = total_formula(column, letters, 1, first, XLSX_LAST_ROW)
        if formula is None:
            continue
        cell = ws.cell(row=1, column=index, value=formula)
        cell.font, cell.fill, cell.border = _TOTALS_FONT, _TOTALS_FILL, HEADER_BORDER
        cell.number_format = NUMBER_FORMATS.get(column.type, "General")


def _fill(ws: Worksheet, template: Template, names: list[str], example: Example, first: int) -> None:
    """The example's rows under the header, each cell in its column's number format; computed columns keep their formula.
    A long text wraps, and its row is given the height it needs: LibreOffice does not measure it when it opens the file."""
    for row, record in enumerate(example.rows, start=first):
        lines = 1
        for index, column in enumerate(template.columns, start=1):
            value = record.get(names[index - 1])
            ws.cell(row=row, column=index).alignment = _TOP  # a row reads across: every cell from its top
            if value is None or column.scale == RiskScale.CRITICALITY or column.compute is not None:
                continue
            cell = put(ws, row, index, spreadsheet_value(column, value))
            if column.type in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[column.type]
            elif isinstance(value, str):
                cell.alignment = WRAP
                room = ws.column_dimensions[get_column_letter(index)].width or 10
                lines = max(lines, math.ceil(len(value) * 1.15 / room))
        if lines > 1:
            ws.row_dimensions[row].height = min(409, 15 * lines)  # points; 409 is Excel's highest row


def _register_about(wb: Workbook, ws: Worksheet, standard: Standard, template: Template, names: list[str], stamp: Stamp,
                    title: str, roles: TemplateRoles | None, *, totals: bool) -> None:
    """The « À propos » sheet of a register: origin, stamp, who keeps it and who approves it, what each column holds."""
    sheet = wb.create_sheet(sheet_title("À propos", [ws.title]))
    who = ([("Réalise (R)", ", ".join(roles.doers))] if roles and roles.doers else []) + (
        [("Approuve (A)", ", ".join(roles.approvers))] if roles and roles.approvers else [])
    pairs: list[tuple[str, object]] = [("Modèle", title), *stamp_pairs(stamp), ("Description", tr(template.description)), *who]
    if totals:
        pairs.append(("Totaux", f"La ligne 1 de la feuille « {ws.title} » additionne les montants des lignes affichées : "
                                "filtrer le registre donne le total de ce qui est affiché."))
    row = about(sheet, pairs)
    sheet.column_dimensions["C"].width = 30
    sheet.column_dimensions["D"].width = 50
    for index, text in enumerate(("Colonne", "Type", "Valeurs permises", "Aide"), start=1):
        cell = put(sheet, row, index, text)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
    for column, name in zip(template.columns, names, strict=True):
        row += 1
        allowed = ", ".join(standard.column_values(column))
        if column.scale == RiskScale.CRITICALITY:
            allowed += " (calculée à partir de la probabilité et de l'impact, selon la matrice du PMO)"
        if column.compute is not None:
            allowed = f"calculée : {column.compute.text}"
        for index, text in enumerate((name, COLUMN_TYPE_LABELS[column.type], allowed, tr(column.help)), start=1):
            put(sheet, row, index, text).alignment = WRAP


def checklist_xlsx(title: str, rows: Sequence[ChecklistLine], stamp: Stamp) -> bytes:
    """A checklist as an Excel sheet to fill in: a status per line (à faire, fait, non applicable), the justification
    of a line that does not apply, the evidence and the date; mandatory lines stand out."""
    wb = new_workbook(stamp, title)
    ws = wb.active
    ws.title = sheet_title(title, ["À propos"])
    header(ws, CHECKLIST_HEADERS, CHECKLIST_WIDTHS)
    for r, item in enumerate(rows, start=2):
        for c, value in enumerate(checklist_values(item), start=1):
            put(ws, r, c, value).alignment = WRAP
    last_row = max(2, len(rows) + 1)
    last = get_column_letter(len(CHECKLIST_HEADERS))
    ws.auto_filter.ref = f"A1:{last}{last_row}"
    status, justification, date = (get_column_letter(CHECKLIST_HEADERS.index(h) + 1)
                                   for h in ("Statut", "Justification (si non applicable)", "Date"))
    validation(ws, f"{status}2:{status}{last_row}", "list", formula1=list_formula(CHECKLIST_STATUSES),
                prompt="À faire, Fait, ou Non applicable (justifiez-le dans la colonne suivante).", prompt_title="Statut",
                error="Choisissez À faire, Fait ou Non applicable.")
    ws.column_dimensions[date].number_format = DATE_FORMAT
    validation(ws, f"{date}2:{date}{last_row}", "date", operator="greaterThanOrEqual", formula1="1",
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
    sheet = wb.create_sheet(sheet_title("À propos", [ws.title]))
    about(sheet, [("Liste de contrôle", title), *stamp_pairs(stamp)])
    return save(wb, stamp.date)


def raci_xlsx(roles: Sequence[tuple[str, str]], rows: Sequence[tuple[str, str, dict[str, str]]], stamp: Stamp) -> bytes:
    """A RACI matrix: one line per activity, one column per role, a legend sheet."""
    wb = new_workbook(stamp, "Matrice RACI")
    ws = wb.active
    ws.title = "Matrice RACI"
    headers = ["Standard", "Activité", *(name for _, name in roles)]
    widths = [14, 50, *(max(12, len(name) + 2) for _, name in roles)]
    header(ws, headers, widths)
    ws.freeze_panes = "C2"  # keep the activity visible while scrolling across roles
    centred = Alignment(horizontal="center", vertical="top")
    for r, (standard_id, activity, letters) in enumerate(rows, start=2):
        put(ws, r, 1, standard_id).alignment = WRAP
        put(ws, r, 2, activity).alignment = WRAP
        for c, (role_id, _) in enumerate(roles, start=3):
            put(ws, r, c, letters.get(role_id, "")).alignment = centred
    legend = wb.create_sheet("Légende")
    about(legend, [*((letter, RACI_LABELS[letter]) for letter in RaciLetter), *stamp_pairs(stamp)])
    return save(wb, stamp.date)
