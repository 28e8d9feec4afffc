"""Filled-in examples follow their template: it exists, and its sections and columns are named as in it."""
from __future__ import annotations

from macros.catalog.catalog import Catalog
from macros.core.problems import Problem
from macros.core.text import one_line
from macros.model import tr, version_key


def check_examples(cat: Catalog) -> list[Problem]:
    """A filled-in example follows its template: the template exists, sections and columns by their names,
    table rows as wide as the table, choices among the allowed values."""
    problems = []
    for (slug, template_id), (example, file) in sorted(cat.examples.items()):
        versions = cat.standards.get(slug, {})
        latest = versions[max(versions, key=version_key)].standard if versions else None
        template = next((t for t in latest.templates if t.id == template_id), None) if latest else None
        if latest is None or template is None:
            problems.append(cat.problem_at(file, ("template",), f"modèle inconnu « {template_id} » dans le standard « {slug} »"))
            continue
        if example.template != template_id:
            problems.append(cat.problem_at(file, ("template",), f"l'exemple porte sur « {example.template} » mais le fichier s'appelle « {template_id}.yaml »"))
        sections = {one_line(tr(s.title)): s for s in template.sections}
        for i, section in enumerate(example.sections):
            found = sections.get(one_line(tr(section.title)))
            if found is None:
                problems.append(cat.problem_at(file, ("sections", i, "title"), f"section « {tr(section.title)} » absente du modèle ; sections : "
                                    f"{', '.join(sections)}"))
            elif section.rows and len(found.table or []) not in {len(r) for r in section.rows} | {0}:
                problems.append(cat.problem_at(file, ("sections", i, "rows"), f"chaque ligne a {len(found.table or [])} cellules, comme le tableau du modèle"))
        columns = {one_line(tr(c.name)): c for c in template.columns}
        for r, row in enumerate(example.rows):
            for name, value in row.items():
                column = columns.get(one_line(name))
                if column is None:
                    problems.append(cat.problem_at(file, ("rows", r, name), f"colonne « {name} » absente du modèle"))
                elif latest.column_values(column) and str(value) not in latest.column_values(column) and column.scale != "criticality":
                    problems.append(cat.problem_at(file, ("rows", r, name), f"valeur « {value} » non permise ; valeurs : {', '.join(latest.column_values(column))}"))
    return problems
