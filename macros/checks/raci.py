"""The RACI: every item's responsible holds R or A in the row that covers it."""
from __future__ import annotations

from macros.catalog.catalog import Catalog
from macros.core.problems import Problem


def check_raci_coverage(cat: Catalog) -> list[Problem]:
    """A RACI activity names the items it covers; each covered item's responsible role holds R or A on it."""
    problems = []
    for versions in cat.standards.values():
        for sv in versions.values():
            items = {i.id: i for i in sv.standard.checklist}
            for r, row in enumerate(sv.standard.raci):
                for c, item_id in enumerate(row.covers):
                    item = items.get(item_id)
                    if item is None:
                        problems.append(cat.problem_at(sv.source, ("raci", r, "covers", c), f"élément « {item_id} » absent de la liste de contrôle de ce standard"))
                    elif item.responsible not in row.R and item.responsible != row.A:
                        problems.append(cat.problem_at(sv.source, ("raci", r, "covers", c),
                                            f"{item_id} a pour responsable « {item.responsible} », qui n'est ni R ni A sur cette activité : "
                                            "ajoutez-le en R, ou changez le responsable de l'élément"))
    return problems
