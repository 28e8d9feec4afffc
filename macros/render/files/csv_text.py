"""CSV files: registers and checklists, with cells that a spreadsheet could take for a formula kept as text."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from macros.core.vocabulary import Format, TemplateKind
from macros.model import Standard, Template, tr
from macros.pages.checklist import ChecklistLine
from macros.render.files.common import CHECKLIST_HEADERS, FORMULA_STARTS, checklist_values, require_kind, xml_safe


def csv_cell(text: str) -> str:
    # A leading quote makes Excel and LibreOffice show the text instead of evaluating it, and is
    # visible, so nobody mistakes the cell for a formula.
    text = xml_safe(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    # `;` is the list separator of a French Excel; CRLF is what RFC 4180 and Excel expect.
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    # The BOM is how Excel knows the file is UTF-8; without it accents come out garbled.
    return buffer.getvalue().encode("utf-8-sig")


def template_csv(standard: Standard, template: Template) -> bytes:
    """A register as CSV for a French Excel: UTF-8 with BOM, `;`, CRLF, the column names as header."""
    require_kind(template, TemplateKind.REGISTER, Format.CSV)
    return csv_bytes([[tr(c.name) for c in template.columns]])


def checklist_csv(rows: Sequence[ChecklistLine]) -> bytes:
    """A checklist as CSV for a French Excel: every line « À faire », with the justification, evidence and date to fill in."""
    return csv_bytes([CHECKLIST_HEADERS, *(checklist_values(item) for item in rows)])
