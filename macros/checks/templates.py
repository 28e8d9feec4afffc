"""Computed columns of a register read columns of the same template, of a type they can compute with, without a cycle."""
from __future__ import annotations

from macros.catalog.catalog import Catalog, StandardVersion
from macros.core.problems import Problem
from macros.core.text import one_line
from macros.core.vocabulary import COLUMN_TYPE_LABELS, ColumnType, Operation
from macros.model import Column, Template, tr


def check_computed_columns(cat: Catalog) -> list[Problem]:
    """Each computed column names other numeric columns of its template; a sum or a difference adds like to like (its own
    type), a ratio gives a percentage or a number; no column depends on itself, even through another one."""
    problems = []
    for versions in cat.standards.values():
        for sv in versions.values():
            for t, template in enumerate(sv.standard.templates):
                problems += _template_problems(cat, sv, t, template)
    return problems


def _template_problems(cat: Catalog, sv: StandardVersion, t: int, template: Template) -> list[Problem]:
    problems = []
    columns = {one_line(tr(c.name)): c for c in template.columns}
    for c, column in enumerate(template.columns):
        if column.compute is None:
            continue
        name = one_line(tr(column.name))
        where = ("templates", t, "columns", c, "compute")
        for k, operand in enumerate(column.compute.names):
            found = columns.get(operand)
            if found is None:
                problems.append(cat.problem_at(sv.source, (*where, "columns", k),
                                               f"colonne « {operand} » absente du modèle ; colonnes : {', '.join(columns)}"))
            elif operand == name:
                problems.append(cat.problem_at(sv.source, (*where, "columns", k), f"la colonne « {name} » ne peut pas se calculer à partir d'elle-même"))
            elif not found.type.numeric:
                problems.append(cat.problem_at(sv.source, (*where, "columns", k),
                                               f"colonne « {operand} » de type « {COLUMN_TYPE_LABELS[found.type]} » : une colonne calculée "
                                               "ne lit que des colonnes numériques"))
            elif column.compute.operation != Operation.RATIO and found.type != column.type:
                problems.append(cat.problem_at(sv.source, (*where, "columns", k),
                                               f"« {operand} » est de type « {COLUMN_TYPE_LABELS[found.type]} » et « {name} » de type "
                                               f"« {COLUMN_TYPE_LABELS[column.type]} » : une somme ou une différence garde le type de ses colonnes"))
        if column.compute.operation == Operation.RATIO and column.type not in (ColumnType.PERCENTAGE, ColumnType.NUMBER):
            problems.append(cat.problem_at(sv.source, (*where, "operation"),
                                           f"un rapport (ratio) est de type « percentage » ou « number », pas « {column.type} »"))
        if _cycle(name, columns):
            problems.append(cat.problem_at(sv.source, where, f"la colonne « {name} » dépend d'elle-même par ses colonnes calculées"))
    return problems


def _cycle(start: str, columns: dict[str, Column]) -> bool:
    """Whether computing `start` needs `start` again through another computed column (naming itself is reported apart)."""
    seen: set[str] = set()
    todo = [operand for operand in _operands(columns, start) if operand != start]
    while todo:
        current = todo.pop()
        if current == start:
            return True
        if current not in seen:
            seen.add(current)
            todo += _operands(columns, current)
    return False


def _operands(columns: dict[str, Column], name: str) -> list[str]:
    column = columns.get(name)
    return column.compute.names if column is not None and column.compute is not None else []
