"""Who does what comes from the RACI: each item in one row (its R does it, its A approves it), each gate decision in one
row that names its deciders, and no separate « responsible » in a new version."""
from __future__ import annotations

from macros.catalog.catalog import Catalog, StandardVersion
from macros.catalog.queries import categories, role_name
from macros.catalog.tailoring import category_label, gate_deciders
from macros.core.constants import LIFECYCLE_FILE
from macros.core.problems import Problem
from macros.core.text import one_line
from macros.core.vocabulary import Severity
from macros.model import RaciRow, tr


def is_published(cat: Catalog, sv: StandardVersion) -> bool:
    """Whether a published edition holds this version: its file never changes again."""
    return any(e.standards.get(sv.standard.slug) == sv.standard.version for e in cat.published_editions())


# The rules on meaning warn: a published version cannot change any more, and a draft is work in progress, which the
# PMO must be able to save, preview and version further. `pmo publish` refuses an edition that still breaks one of them
# (macros/checks/meaning.py, macros/checks/publication.py).
MEANING = Severity.WARNING


def heading_versions(cat: Catalog) -> list[StandardVersion]:
    """The versions the rules on meaning check: those of the edition to come (see Catalog.latest_edition), and every
    version not yet published."""
    found = cat.edition_versions(cat.latest_edition())
    drafts = [sv for versions in cat.standards.values() for sv in versions.values() if not is_published(cat, sv)]
    return found + [sv for sv in drafts if sv not in found]


def _activity(row: RaciRow) -> str:
    return f"« {one_line(tr(row.activity))} »"


def check_covers(cat: Catalog) -> list[Problem]:
    """Every item a RACI activity covers is an item of that standard's checklist."""
    problems = []
    for versions in cat.standards.values():
        for sv in versions.values():
            ids = {i.id for i in sv.standard.checklist}
            for r, row in enumerate(sv.standard.raci):
                for c, item_id in enumerate(row.covers):
                    if item_id not in ids:
                        problems.append(cat.problem_at(sv.source, ("raci", r, "covers", c),
                                                       f"élément « {item_id} » absent de la liste de contrôle de ce standard"))
    return problems


def check_item_coverage(cat: Catalog) -> list[Problem]:
    """In the edition to come, each item is covered by exactly one RACI row: its doer and its approver come from there."""
    problems = []
    for sv in heading_versions(cat):
        rows_of: dict[str, list[tuple[int, int]]] = {}
        for r, row in enumerate(sv.standard.raci):
            for c, item_id in enumerate(row.covers):
                rows_of.setdefault(item_id, []).append((r, c))
        for i, item in enumerate(sv.standard.checklist):
            found = rows_of.get(item.id, [])
            if not found:
                problems.append(cat.problem_at(sv.source, ("checklist", i, "id"),
                                    f"{item.id} n'est couvert par aucune activité du RACI : ajoutez-le à covers de l'activité qui le "
                                    "réalise (son R fait l'élément, son A l'approuve)", MEANING))
            for r, c in found[1:]:
                first = sv.standard.raci[found[0][0]]
                problems.append(cat.problem_at(sv.source, ("raci", r, "covers", c),
                                    f"{item.id} est déjà couvert par l'activité {_activity(first)} : un élément n'a qu'une ligne du "
                                    "RACI, qui dit qui le réalise (R) et qui l'approuve (A)", MEANING))
    return problems


def check_no_responsible(cat: Catalog) -> list[Problem]:
    """A version not yet published names no « responsible »: the RACI row that covers the item says who does it."""
    return [cat.problem_at(sv.source, ("checklist", i, "responsible"),
                           "champ retiré : qui réalise (R) et qui approuve (A) un élément viennent de l'activité du RACI qui le "
                           "couvre ; supprimez « responsible » et vérifiez cette activité", MEANING)
            for versions in cat.standards.values() for sv in versions.values() if not is_published(cat, sv)
            for i, item in enumerate(sv.standard.checklist) if item.responsible is not None]


def check_gate_decisions(cat: Catalog) -> list[Problem]:
    """Each gate that names who decides it has one RACI activity in the edition to come, where every decider is R or A;
    an activity names only gates of the lifecycle."""
    if cat.lifecycle is None:
        return []
    problems = []
    gate_ids = [g.id for g in cat.lifecycle.gates]
    edition = cat.latest_edition()
    rows: dict[str, list[tuple[StandardVersion, int, int]]] = {}
    for sv in heading_versions(cat):
        for r, row in enumerate(sv.standard.raci):
            for c, gate_id in enumerate(row.gates):
                if gate_id not in gate_ids:
                    problems.append(cat.problem_at(sv.source, ("raci", r, "gates", c),
                                                   f"jalon inconnu « {gate_id} » ; jalons : {', '.join(gate_ids)}"))
                elif edition is not None and edition.standards.get(sv.standard.slug) == sv.standard.version:
                    rows.setdefault(gate_id, []).append((sv, r, c))
    file = cat.rel(cat.root / LIFECYCLE_FILE)
    category_ids = [c.id for c in categories(cat)]
    for g, gate in enumerate(cat.lifecycle.gates):
        deciders = gate_deciders(gate, category_ids)
        if not deciders or edition is None:
            continue
        found = rows.get(gate.id, [])
        if not found:
            problems.append(cat.problem_at(file, ("gates", g, "decided_by"),
                                "aucune activité du RACI ne couvre la décision de ce jalon dans l'édition à venir : ajoutez "
                                f"« gates: [{gate.id}] » à l'activité qui la porte, avec son décideur en R ou en A", MEANING))
            continue
        for sv, r, c in found[1:]:
            problems.append(cat.problem_at(sv.source, ("raci", r, "gates", c),
                                f"la décision du jalon « {gate.id} » est déjà couverte par l'activité "
                                f"{_activity(found[0][0].standard.raci[found[0][1]])} de {found[0][0].standard.slug} : une seule "
                                "activité par décision", MEANING))
        if len(found) > 1:
            continue  # which activity says who decides is the question to settle first
        sv, r, _ = found[0]
        row = sv.standard.raci[r]
        for category, role in deciders.items():
            if role != row.A and role not in row.R:
                where = ("gates", g, "decided_by", category) if isinstance(gate.decided_by, dict) else ("gates", g, "decided_by")
                problems.append(cat.problem_at(file, where,
                                    f"{role_name(cat, role)} décide ce jalon pour un projet {category_label(cat, category)}, mais n'est ni R ni A de "
                                    f"l'activité {_activity(row)} ({sv.standard.slug} {sv.standard.version}) qui couvre sa décision",
                                    MEANING))
    return problems
