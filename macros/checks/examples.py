"""Filled-in examples follow their template: it exists, its sections and columns are named as in it, cells match their type."""
from __future__ import annotations

import datetime as dt

from macros.catalog.catalog import Catalog
from macros.catalog.citations import resolve_example, resolve_text
from macros.core.problems import Problem
from macros.core.text import did_you_mean, one_line
from macros.core.vocabulary import COLUMN_TYPE_LABELS, ColumnType, RiskScale
from macros.model import Column, Example, Standard, tr, version_key
from macros.model.example import Cell


def check_examples(cat: Catalog) -> list[Problem]:
    """A filled-in example follows its template: the template exists, sections and columns by their names,
    table rows as wide as the table, choices among the allowed values, each cell of the type of its column."""
    problems = []
    for (slug, template_id), (written, file) in sorted(cat.examples.items()):
        # Checked as shown: a cell citing a fact of the case (« ((essai:revue-2)) ») holds that fact's date or amount.
        example = resolve_example(cat, written)
        versions = cat.standards.get(slug, {})
        latest = versions[max(versions, key=version_key)].standard if versions else None
        template = next((t for t in latest.templates if t.id == template_id), None) if latest else None
        if latest is None or template is None:
            problems.append(cat.problem_at(file, ("template",), f"modèle inconnu « {template_id} » dans le standard « {slug} »"
                                f"{did_you_mean(template_id, [t.id for t in latest.templates] if latest else [])}"))
            continue
        if example.template != template_id:
            problems.append(cat.problem_at(file, ("template",), f"l'exemple porte sur « {example.template} » mais le fichier s'appelle « {template_id}.yaml »"))
        sections = {one_line(tr(s.title)): s for s in template.sections}
        for i, section in enumerate(example.sections):
            found = sections.get(one_line(tr(section.title)))
            if found is None:
                problems.append(cat.problem_at(file, ("sections", i, "title"), f"section « {tr(section.title)} » absente du modèle{did_you_mean(tr(section.title), sections)}"
                                                                               f" ; sections : "
                                    f"{', '.join(sections)}"))
            elif section.rows and len(found.table or []) not in {len(r) for r in section.rows} | {0}:
                problems.append(cat.problem_at(file, ("sections", i, "rows"), f"chaque ligne a {len(found.table or [])} cellules, comme le tableau du modèle"))
        problems += _document_control(cat, written, example, file)
        columns = {one_line(tr(c.name)): c for c in template.columns}
        for r, row in enumerate(example.rows):
            for name, value in row.items():
                column = columns.get(one_line(name))
                if column is None:
                    problems.append(cat.problem_at(file, ("rows", r, name), f"colonne « {name} » absente du modèle{did_you_mean(name, columns)}"))
                elif (message := _cell_problem(latest, column, value)) is not None:
                    problems.append(cat.problem_at(file, ("rows", r, name), message))
    return problems


def _days(example: Example) -> list[tuple[tuple[str | int, ...], dt.date | str | int | float]]:
    """Where the example dates its revisions and signatures, and each date."""
    found: list[tuple[tuple[str | int, ...], dt.date | str | int | float]] = [
        (("revisions", i, "date"), r.date) for i, r in enumerate(example.revisions)]
    if example.approval is not None:
        found += [(("approval", key, "date"), step.date) for key, step in example.approval if step is not None]
    return found


def _document_control(cat: Catalog, written: Example, example: Example, file: str) -> list[Problem]:
    """The cover's version and date are the last revision's: written once, in the revision history, when there is one; a
    revision or a signature that cites a fact cites a date (an unknown fact is reported where it is cited)."""
    problems = [cat.problem_at(file, loc, f"« {resolve_text(cat, str(cited))} » n'est pas une date : citez un fait de type date du cas")
                for (loc, cited), (_, day) in zip(_days(written), _days(example), strict=True)
                if not isinstance(day, dt.date) and "((" not in str(day)]
    if not example.revisions:
        return problems
    last = example.revisions[-1]
    shown = last.date.isoformat() if isinstance(last.date, dt.date) else last.date
    for key, expected, label in (("document_version", last.version, last.version), ("document_date", last.date, shown)):
        stated = example.project.get(key)
        if stated is not None and stated != expected:
            problems.append(cat.problem_at(file, ("project", key), f"« {stated} » diffère de la dernière révision (« {label} ») : "
                                           f"retirez {key}, la page de garde reprend la dernière révision"))
    return problems


def _cell_problem(standard: Standard, column: Column, value: Cell) -> str | None:
    """What is wrong with one cell of an example's register, or None."""
    if column.compute is not None or column.scale == RiskScale.CRITICALITY:
        return "colonne calculée : ne la remplissez pas, le modèle la calcule"
    allowed = standard.column_values(column)
    if allowed and str(value) not in allowed:
        return f"valeur « {value} » non permise ; valeurs : {', '.join(allowed)}"
    kind = column.type
    wrong = ((kind == ColumnType.DATE and not isinstance(value, dt.date))
             or (kind.numeric and (isinstance(value, bool) or not isinstance(value, int | float)))
             or (kind == ColumnType.INTEGER and not isinstance(value, int)))
    if wrong:
        example = {ColumnType.DATE: "2027-01-15", ColumnType.INTEGER: "12", ColumnType.PERCENTAGE: "45 (pour 45 %)"}.get(kind, "12000.50")
        return f"valeur « {value} » : la colonne attend une valeur de type « {COLUMN_TYPE_LABELS[kind]} », par exemple {example}"
    return None
