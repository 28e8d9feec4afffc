"""Identifiers said twice: each list of the lifecycle, of tailoring and of a risk matrix names each thing once (a second
gate « go » would overwrite the first, or break an unrelated page)."""
from __future__ import annotations

from typing import Any

from macros.catalog.catalog import Catalog
from macros.core.constants import LIFECYCLE_FILE, ROLES_DIR, TAILORING_FILE
from macros.core.problems import Problem, field_path

# What the entries of each list are, with their article, for the message (any other list: « l'entrée »).
_NOUNS = {
    "phases": "la phase", "gates": "le jalon", "categories": "la catégorie", "criteria": "le critère",
    "characteristics": "la caractéristique", "probability": "le niveau de probabilité", "impact": "le niveau d'impact",
    "criticality": "le niveau de criticité",
}


def _lists_of(cat: Catalog, file: str, data: Any, at: tuple[object, ...]) -> list[Problem]:
    """Every list of mappings with an `id` directly under the mapping at `at`: each id once."""
    problems: list[Problem] = []
    node = data
    for key in at:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, dict):
        return problems
    for key, entries in node.items():
        if not isinstance(entries, list):
            continue
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            identifier = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(identifier, str):
                continue
            if identifier in seen:
                first = (*at, key, seen[identifier])
                line = cat.problem_at(file, (*first, "id"), "").line
                noun = _NOUNS.get(key, "l'entrée")
                problems.append(cat.problem_at(file, (*at, key, index, "id"),
                                               f"identifiant « {identifier} » en double (déjà {noun} {field_path(first)}, ligne {line}) : "
                                               "chaque identifiant ne désigne qu'une chose"))
            else:
                seen[identifier] = index
    return problems


def check_unique_ids(cat: Catalog) -> list[Problem]:
    """Ids of phases, gates, categories, criteria, characteristics (any list of lifecycle.yaml and tailoring.yaml) and of
    the levels of each risk matrix are unique in their list; read from the parsed files, whatever their model says."""
    problems = []
    for name in (LIFECYCLE_FILE, TAILORING_FILE):
        file = cat.rel(cat.root / name)
        if (doc := cat.docs.get(file)) is not None:
            problems += _lists_of(cat, file, doc.data, ())
    for file, doc in sorted(cat.docs.items()):
        parts = file.split("/")
        if len(parts) == 3 and parts[1] != ROLES_DIR and file.endswith(".yaml") and isinstance(doc.data, dict):
            problems += _lists_of(cat, file, doc.data, ("risk_matrix",))
    return problems
