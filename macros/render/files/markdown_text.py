"""Markdown copies of templates, escaped so that data never becomes markup."""
from __future__ import annotations

import re
from collections.abc import Sequence

from macros.core.text import md_table, paragraphs
from macros.core.vocabulary import COLUMN_TYPE_LABELS, TemplateKind
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
    responsibility_text,
    revision_rows,
    scale_tables,
    section_rows,
    xml_safe,
)
from macros.render.files.formulas import cell_display, column_names, computed_rows, has_totals, totalled
from macros.render.typography import french

# Backslash escapes are valid before any ASCII punctuation in CommonMark and stay readable in an editor.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|#{}~&])")  # « &amp; » in the data must stay text, not an entity


_SPACES = re.compile(r"[ \t\n\r\f\v]+")


_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))")


def _md(text: str) -> str:
    """Inline Markdown text: one line, no syntax survives, pipes escaped for tables; the no-break spaces of French
    typography stay (str.split() would take them for white space)."""
    return _MD_INLINE.sub(r"\\\1", _SPACES.sub(" ", french(xml_safe(text))).strip())


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark, digits, dot = match.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{digits}\\{dot}"


def _md_block(text: str) -> list[str]:
    """Prose, one line per paragraph (the YAML's wrapping undone), paragraphs apart; a paragraph starting like a list,
    quote or heading underline stays text."""
    lines: list[str] = []
    for paragraph in paragraphs(xml_safe(text)) or [""]:
        escaped = _MD_INLINE.sub(r"\\\1", french(paragraph))
        lines += ["", _MD_LINE_START.sub(_escape_line_start, escaped)] if lines else [_MD_LINE_START.sub(_escape_line_start, escaped)]
    return lines


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table whose every cell is escaped."""
    return md_table([_md(h) for h in headers], [[_md(c) for c in row] for row in rows])


def template_md(standard: Standard, template: Template, stamp: Stamp, example: Example | None = None,
                roles: TemplateRoles | None = None) -> bytes:
    """A template as Markdown: headings, guidance and tables, or a register's columns and allowed values; filled
    when an example is given (a register's computed columns and totals worked out, since Markdown holds no formula); who fills
    it in and who approves it, when the RACI says so."""
    lines = [f"# {_md(tr(example.title) if example else tr(template.title))}", ""]
    if example:
        lines += [f"> **{_md(example_notice(example))}**", ""]
    lines += [*_md_block(tr(template.description)), ""]
    if (who := responsibility_text(roles)):
        lines += [_md(who), ""]
    lines += _md_table(CONTROL_HEADERS, [control_values(stamp)]) + [""]
    if template.kind == TemplateKind.DOCUMENT:
        lines += _document(template, example, roles)
    else:
        lines += _register(standard, template, example)
    if standard.risk_matrix is not None:
        lines += [f"## {SCALES_HEADING}", ""]
        for caption, headers, rows in scale_tables(standard.risk_matrix, roles.role_names if roles else None):
            lines += [f"**{_md(caption)}**", "", *_md_table(headers, rows), ""]
    return "\n".join(lines).encode()


def _document(template: Template, example: Example | None, roles: TemplateRoles | None) -> list[str]:
    project = {k: cell_text(v) for k, v in (example.project.items() if example else [])}
    lines = ["## Identification du document", "", *_md_table(["Rubrique", "Valeur"], cover_rows(project, example)), "",
             "## Historique des révisions", "", *_md_table(REVISION_HEADERS, revision_rows(example)), "",
             "## Approbation", "", *_md_table(APPROVAL_HEADERS, approval_rows(example, roles)), ""]
    for section in template.sections:
        lines += [f"## {_md(tr(section.title))}", ""]
        guidance = _md_block(tr(section.guidance))
        lines += [f"> **Consigne :** {guidance[0]}", *(f"> {line}".rstrip() for line in guidance[1:]), ""]
        filled = example_section(example, tr(section.title))
        if filled is not None and filled.text:
            lines += [*_md_block(tr(filled.text)), ""]
        if section.table:
            rows = ([tuple(cell_text(c) for c in row) for row in filled.rows] if filled is not None and filled.rows
                    else section_rows(section))
            lines += _md_table([tr(h) for h in section.table], rows)
            lines.append("")
    return lines


def _register(standard: Standard, template: Template, example: Example | None) -> list[str]:
    names = [tr(c.name) for c in template.columns]
    keys = column_names(template)
    rows = computed_rows(standard, template, example.rows) if example else []
    filled = [tuple(cell_display(c, row.get(k)) for c, k in zip(template.columns, keys, strict=True)) for row in rows]
    if filled and has_totals(template):
        totals = computed_rows(standard, template, [{k: sum(_numbers(rows, k)) for c, k in zip(template.columns, keys, strict=True) if totalled(c)}])[0]
        filled.append(tuple(cell_display(c, totals.get(k)) if totalled(c) or c.compute is not None else ("Total" if i == 0 else "")
                            for i, (c, k) in enumerate(zip(template.columns, keys, strict=True))))
    lines = ["## Registre", "", *_md_table(names, filled or [("",) * len(names)]), "", "## Colonnes", ""]
    for column, name in zip(template.columns, names, strict=True):
        line = f"- **{_md(name)}** : {COLUMN_TYPE_LABELS[column.type]}"
        if column.compute is not None:
            line += f", calculée : {_md(column.compute.text)}"
        if standard.column_values(column):
            line += " ; valeurs permises : " + ", ".join(_md(v) for v in standard.column_values(column))
        if column.help:
            line += f" ; {_md(tr(column.help))}"
        lines.append(line)
    lines.append("")
    return lines


def _numbers(rows: Sequence[dict[str, object]], key: str) -> list[float]:
    return [float(v) for row in rows if isinstance(v := row.get(key), int | float) and not isinstance(v, bool)]
