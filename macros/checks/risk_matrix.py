"""The risk matrix agrees with its scales: a risk reaches at least whoever its impact would need a decision from."""
from __future__ import annotations

from macros.catalog.catalog import Catalog
from macros.catalog.queries import role_name
from macros.checks.responsibility import MEANING, heading_versions
from macros.core.problems import Problem
from macros.core.text import one_line
from macros.model import RiskMatrix, tr


def authority(matrix: RiskMatrix) -> list[str]:
    """The roles the impact scale needs decisions from, from the lowest impact up, each once: the order of authority the
    escalation follows. A role no impact level names decides none of them, and ranks below them all."""
    order: list[str] = []
    for level in matrix.impact:
        if level.decided_by is not None and level.decided_by not in order:
            order.append(level.decided_by)
    return order


def check_risk_matrices(cat: Catalog) -> list[Problem]:
    """In the edition to come, each criticality says whom it reaches (escalates_to), never less far than the level
    below it; each cell reaches at least the role its impact level needs a decision from (decided_by)."""
    problems = []
    for sv in heading_versions(cat):
        m = sv.standard.risk_matrix
        if m is None:
            continue
        source = sv.source

        def add(loc: tuple[object, ...], message: str, where: str = source) -> None:
            problems.append(cat.problem_at(where, ("risk_matrix", *loc), message, MEANING))

        order = authority(m)
        rank = {role: n for n, role in enumerate(order)}
        reach: dict[str, int] = {}  # criticality id -> rank of the role it reaches (-1: below every decider)
        for c, level in enumerate(m.criticality):
            if level.escalates_to is None:
                add(("criticality", c), f"la criticité « {one_line(tr(level.name))} » ne dit pas à qui le risque remonte "
                                        "(escalates_to: le rôle qui en est saisi)")
                continue
            reach[level.id] = rank.get(level.escalates_to, -1)
            below = [reach[x.id] for x in m.criticality[:c] if x.id in reach]
            if below and reach[level.id] < max(below):
                add(("criticality", c, "escalates_to"), f"la criticité « {one_line(tr(level.name))} » remonte moins haut que la "
                                                        "précédente : une criticité plus forte va au moins aussi loin")
                reach.clear()  # the cells are judged once the escalation climbs
        if len(reach) < len(m.criticality):
            continue
        names = {x.id: one_line(tr(x.name)) for x in m.criticality}
        probability = {p.id: one_line(tr(p.name)) for p in m.probability}
        for i, impact in enumerate(m.impact):
            if impact.decided_by is None:
                continue
            needed = rank[impact.decided_by]
            lowest = next((x for x in m.criticality if reach.get(x.id, -1) >= needed), None)
            if lowest is None:
                add(("impact", i, "decided_by"), f"aucune criticité ne remonte jusqu'à {role_name(cat, impact.decided_by)} : un "
                                                 "impact qui demande sa décision ne lui parviendrait jamais")
                continue
            for p_id, row in m.matrix.items():
                level_id = row.get(impact.id)
                if level_id in reach and reach[level_id] < needed:
                    add(("matrix", p_id, impact.id),
                        f"probabilité {probability.get(p_id, p_id).lower()} × impact {one_line(tr(impact.name)).lower()} donne "
                        f"« {names[level_id]} », qui ne remonte pas jusqu'à {role_name(cat, impact.decided_by)} ; un impact "
                        f"« {one_line(tr(impact.name))} » demande sa décision : la case vaut au moins « {names[lowest.id]} »")
    return problems
