"""The PMO's notes in editions.yaml: a note that classes no change is reported, or its class would be lost."""
from __future__ import annotations

from macros.catalog.catalog import Catalog
from macros.core.constants import EDITIONS_FILE
from macros.core.problems import Problem, field_path
from macros.core.vocabulary import EditionStatus, Severity
from macros.diff.editions import diff_editions
from macros.diff.notes import unmatched_notes


def note_problems(catalog: Catalog) -> list[Problem]:
    """A warning at each note of an edition's `changes:` that classes nothing: its class would silently be lost."""
    file = catalog.rel(catalog.root / EDITIONS_FILE)
    doc = catalog.docs.get(file)
    problems = []
    for e, edition in enumerate(catalog.editions):
        previous = next((p for p in reversed(catalog.editions[:e]) if p.status == EditionStatus.PUBLISHED), None)
        if not edition.changes:
            continue
        try:
            # Only the standards and roles the notes name: the others cannot match a note (and a référentiel of a
            # thousand standards would otherwise be diffed in full at every validation).
            diff = diff_editions(catalog, previous.id if previous else None, edition.id, only={n.standard for n in edition.changes})
        except ValueError:
            continue  # an edition naming a missing version: its own error is reported
        for index in unmatched_notes(diff, edition):
            note = edition.changes[index]
            loc = ("editions", e, "changes", index)
            line, col = doc.where(loc) if doc else (1, 1)
            what = note.item or (f"section « {note.section} »" if note.section else "le standard")
            problems.append(Problem(file, line, col, field_path(loc),
                                    f"cette note ne classe aucun changement de l'édition {edition.id} : {what} de "
                                    f"« {note.standard} » n'a pas changé (faute de frappe dans l'identifiant ou le titre ?)",
                                    Severity.WARNING))
    return problems
