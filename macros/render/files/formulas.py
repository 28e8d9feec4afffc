"""What a register computes, as spreadsheet formulas written from the column types (never from the data's text), and
the number format of each type; also the same computation in Python, for the copies that hold no formula."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from macros.core.dates import french_date
from macros.core.text import one_line
from macros.core.vocabulary import ColumnType, Operation, RiskScale
from macros.model import Column, Computation, Standard, Template, tr

# Format codes are locale-free in the file: a French Excel or LibreOffice shows « 1 234,56 € », « 15/01/2026 », « 3,8 % ».
NUMBER_FORMATS = {
    ColumnType.DATE: "DD/MM/YYYY",
    ColumnType.NUMBER: "#,##0.00",
    ColumnType.INTEGER: "#,##0",
    ColumnType.AMOUNT: '#,##0.00\\ "€"',
    ColumnType.PERCENTAGE: "0.0\\ %",
}


def column_names(template: Template) -> list[str]:
    """The template's column names, on one line, as computations and examples name them."""
    return [one_line(tr(c.name)) for c in template.columns]


def row_formula(compute: Computation, letters: Mapping[str, str], row: int) -> str:
    """The formula of a computed cell: blank until the cells it reads hold numbers (and a divisor is not zero)."""
    cells = [f"{letters[name]}{row}" for name in compute.names]
    listed = ",".join(cells)
    if compute.operation == Operation.SUM:
        return f'=IF(COUNT({listed})=0,"",SUM({listed}))'
    first, second = cells
    if compute.operation == Operation.DIFFERENCE:
        return f'=IF(COUNT({listed})<2,"",{first}-{second})'
    return f'=IF(OR(COUNT({listed})<2,{second}=0),"",{first}/{second})'


def totalled(column: Column) -> bool:
    """Sums of money add up across rows; a percentage or a score does not (a ratio's total is the ratio of the totals)."""
    return column.type == ColumnType.AMOUNT


def total_formula(column: Column, letters: Mapping[str, str], totals_row: int, first: int, last: int) -> str | None:
    """The formula of a column's total, or None: SUBTOTAL(109) adds the rows a filter shows, so a filtered register gives
    the total of what is shown; a ratio of totalled columns is the ratio of their totals."""
    letter = letters[one_line(tr(column.name))]
    if totalled(column):
        return f"=SUBTOTAL(109,{letter}{first}:{letter}{last})"
    compute = column.compute
    if compute is not None and compute.operation == Operation.RATIO and all(n in letters for n in compute.names):
        return row_formula(compute, letters, totals_row)
    return None


def has_totals(template: Template) -> bool:
    return any(totalled(c) for c in template.columns)


def spreadsheet_value(column: Column, value: object) -> object:
    """A cell of an example as a spreadsheet holds it: a percentage written 45 in the data is the fraction 0.45."""
    if column.type == ColumnType.PERCENTAGE and isinstance(value, int | float) and not isinstance(value, bool):
        return value / 100
    return value


def computed_rows(standard: Standard, template: Template, rows: Sequence[Mapping[str, object]]) -> list[dict[str, object]]:
    """The example's rows with their computed columns worked out in Python (for Markdown, which holds no formula): in
    percent for a percentage, as the data writes them, and the criticality from the risk matrix; a cell stays empty
    where the spreadsheet's formula leaves it empty."""
    scales = {c.scale: one_line(tr(c.name)) for c in template.columns if c.scale is not None}
    out = []
    for row in rows:
        values = {one_line(name): value for name, value in row.items()}
        for column in template.columns:
            name = one_line(tr(column.name))
            if column.compute is not None:
                values[name] = _compute(column, values)
            elif column.scale == RiskScale.CRITICALITY and standard.risk_matrix is not None:
                values[name] = standard.risk_matrix.criticality_of(str(values.get(scales.get(RiskScale.PROBABILITY, ""), "")),
                                                                   str(values.get(scales.get(RiskScale.IMPACT, ""), "")))
        out.append(values)
    return out


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _compute(column: Column, values: Mapping[str, object]) -> float | None:
    assert column.compute is not None
    numbers = [_number(values.get(name)) for name in column.compute.names]
    known = [n for n in numbers if n is not None]
    operation = column.compute.operation
    if operation == Operation.SUM:
        return sum(known) if known else None
    if len(known) < 2:
        return None
    first, second = known
    if operation == Operation.DIFFERENCE:
        return first - second
    if second == 0:
        return None
    return first / second * (100 if column.type == ColumnType.PERCENTAGE else 1)


def cell_display(column: Column | None, value: object) -> str:
    """A cell as a French reader reads it in Markdown or Word: « 12 000,00 € », « 3,8 % », « 15 janvier 2027 »."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return french_date(value)
    kind = column.type if column is not None else ColumnType.TEXT
    number = _number(value)
    if number is None or not kind.numeric:
        return str(value)
    if kind == ColumnType.INTEGER:
        return _grouped(f"{number:,.0f}")
    if kind == ColumnType.PERCENTAGE:
        return _grouped(f"{number:,.1f}") + "\u202f%"  # as render/typography.py spaces « % »
    text = _grouped(f"{number:,.2f}")
    return text + "\u00a0€" if kind == ColumnType.AMOUNT else text


def _grouped(english: str) -> str:
    """1,234.5 → 1 234,5: French digit grouping (narrow no-break space) and decimal comma."""
    return english.replace(",", "\u202f").replace(".", ",")
