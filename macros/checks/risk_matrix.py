"""The risk matrix agrees with its scales: a risk reaches at least whoever its impact would need a decision from."""
from __future__ import annotations

from macros.catalog.catalog import Catalog
from macros.catalog.queries import role_name
from macros.checks.responsibility import MEANING, heading_versions
from macros.core.problems import Problem
from macros.core.text import one_line
from macros.model import RiskMatrix, tr


def escalation_ladder(matrix: RiskMatrix) -> list[str]:
    """The roles risks are brought to, from the lowest criticality up, each once."""
    ladder: list[str] = []
    for level in matrix.criticality:
        if level.escalates_to is not None and level.escalates_to not in ladder:
            ladder.append(level.escalates_to)
    return ladder


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

        reach: dict[str, int] = {}  # criticality id -> rank of the role it reaches on the ladder
        ladder = escalation_ladder(m)
        for c, level in enumerate(m.criticality):
            if level.escalates_to is None:
                add(("criticality", c), f"la criticité « {one_line(tr(level.name))} » ne dit pas à qui le risque remonte "
                                        "(escalates_to: le rôle qui en est saisi)")
                continue
            reach[level.id] = ladder.index(level.escalates_to)
            below = [reach[x.id] for x in m.criticality[:c] if x.id in reach]
            if below and reach[level.id] < max(below):
                add(("criticality", c, "escalates_to"), f"la criticité « {one_line(tr(level.name))} » remonte moins haut que la "
                                                        "précédente : une criticité plus forte va au moins aussi loin")
        names = {x.id: one_line(tr(x.name)) for x in m.criticality}
        probability = {p.id: one_line(tr(p.name)) for p in m.probability}
        for i, impact in enumerate(m.impact):
            if impact.decided_by is None:
                continue
            if impact.decided_by not in ladder:
                add(("impact", i, "decided_by"), f"aucune criticité ne remonte à « {impact.decided_by} » : un impact qui demande "
                                                 "sa décision ne lui parviendrait jamais")
                continue
            needed = ladder.index(impact.decided_by)
            lowest = next(x for x in m.criticality if reach.get(x.id) == needed)
            for p_id, row in m.matrix.items():
                level_id = row.get(impact.id)
                if level_id in reach and reach[level_id] < needed:
                    add(("matrix", p_id, impact.id),
                        f"probabilité {probability.get(p_id, p_id).lower()} × impact {one_line(tr(impact.name)).lower()} donne "
                        f"« {names[level_id]} », qui ne remonte pas jusqu'à {role_name(cat, impact.decided_by)} ; un impact "
                        f"« {one_line(tr(impact.name))} » demande sa décision : la case vaut au moins « {names[lowest.id]} »")
    return problems
