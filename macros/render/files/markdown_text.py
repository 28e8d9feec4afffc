"""Markdown copies of templates, escaped so that data never becomes markup."""
from __future__ import annotations

import re
from collections.abc import Sequence

from macros.core.text import md_table, one_line
from macros.core.vocabulary import COLUMN_TYPE_LABELS, TemplateKind
from macros.model import Example, Standard, Template, tr
from macros.pages.templates import TemplateRoles
from macros.render.files.common import (
    CONTROL_HEADERS,
    EXAMPLE_NOTICE,
    SCALES_HEADING,
    Stamp,
    cell_text,
    control_values,
    derived_criticality,
    example_section,
    responsibility_text,
    scale_tables,
    section_rows,
    xml_safe,
)
from macros.render.typography import french

# Backslash escapes are valid before any ASCII punctuation in CommonMark and stay readable in an editor.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|#{}~&])")  # « &amp; » in the data must stay text, not an entity


_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))")


def _md(text: str) -> str:
    """Inline Markdown text: one line, no syntax survives, pipes escaped for tables."""
    return _MD_INLINE.sub(r"\\\1", one_line(french(xml_safe(text))))


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark, digits, dot = match.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{digits}\\{dot}"


def _md_block(text: str) -> list[str]:
    """Paragraph text, line by line; a line starting like a list, quote or heading underline stays text."""
    lines = []
    for line in xml_safe(text).splitlines() or [""]:
        escaped = _MD_INLINE.sub(r"\\\1", line.rstrip())
        lines.append(_MD_LINE_START.sub(_escape_line_start, escaped))
    return lines


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table whose every cell is escaped."""
    return md_table([_md(h) for h in headers], [[_md(c) for c in row] for row in rows])


def template_md(standard: Standard, template: Template, stamp: Stamp, example: Example | None = None,
                roles: TemplateRoles | None = None) -> bytes:
    """A template as Markdown: headings, guidance and tables, or a register's columns and allowed values; filled
    when an example is given; who fills it in and who approves it, when the RACI says so."""
    lines = [f"# {_md(tr(example.title) if example else tr(template.title))}", ""]
    if example:
        lines += [f"> **{_md(EXAMPLE_NOTICE)}**", ""]
    lines += [*_md_block(tr(template.description)), ""]
    if (who := responsibility_text(roles)):
        lines += [_md(who), ""]
    lines += _md_table(CONTROL_HEADERS, [control_values(stamp)]) + [""]
    if template.kind == TemplateKind.DOCUMENT:
        for section in template.sections:
            lines += [f"## {_md(tr(section.title))}", ""]
            guidance = _md_block(tr(section.guidance))
            lines += [f"> **Consigne :** {guidance[0]}", *(f"> {line}" for line in guidance[1:]), ""]
            filled = example_section(example, tr(section.title))
            if filled is not None and filled.text:
                lines += [*_md_block(tr(filled.text)), ""]
            if section.table:
                rows = ([tuple(cell_text(c) for c in row) for row in filled.rows] if filled is not None and filled.rows
                        else section_rows(section))
                lines += _md_table([tr(h) for h in section.table], rows)
                lines.append("")
    else:
        names = [tr(c.name) for c in template.columns]
        filled_rows = ([tuple(cell_text(derived_criticality(standard, template, row).get(n, "")) for n in names) for row in example.rows]
                       if example else [])
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
        for caption, headers, rows in scale_tables(standard.risk_matrix, roles.role_names if roles else None):
            lines += [f"**{_md(caption)}**", "", *_md_table(headers, rows), ""]
    return "\n".join(lines).encode()
