"""The risk scales and criticality matrix as accessible HTML: colour always doubled by the level's name."""
from __future__ import annotations

from macros.model import RiskMatrix, tr
from macros.render.escape import esc


def _scale(caption: str, levels: list[tuple[str, str]], extra: tuple[str, list[str]] | None = None) -> str:
    """A scale: each level and its definition, and an extra column when one is given (its heading, one cell per level)."""
    cells = extra[1] if extra else ["" for _ in levels]
    rows = "".join(f'<tr><th scope="row">{esc(name)}</th><td>{esc(definition)}</td>' + (f"<td>{esc(cell)}</td>" if extra else "") + "</tr>"
                   for (name, definition), cell in zip(levels, cells, strict=True))
    head = f'<th scope="col">{esc(extra[0])}</th>' if extra else ""
    return (f'<table class="pmo-scale"><caption>{esc(caption)}</caption><thead><tr><th scope="col">Niveau</th>'
            f'<th scope="col">Définition</th>{head}</tr></thead><tbody>{rows}</tbody></table>')


def render_risk_matrix(matrix: RiskMatrix, role_names: dict[str, str]) -> str:
    """Probability and impact scales, the criticality matrix (highest probability on top), and what each level calls for
    and whom it reaches, when the matrix says so."""
    rank = {c.id: n for n, c in enumerate(matrix.criticality, start=1)}
    names = {c.id: tr(c.name) for c in matrix.criticality}
    head = "".join(f'<th scope="col">{esc(tr(i.name))}</th>' for i in matrix.impact)
    body = ""
    for p in reversed(matrix.probability):
        cells = "".join(f'<td class="pmo-crit pmo-crit--{rank[matrix.matrix[p.id][i.id]]}">{esc(names[matrix.matrix[p.id][i.id]])}</td>'
                        for i in matrix.impact)
        body += f'<tr><th scope="row">{esc(tr(p.name))}</th>{cells}</tr>'
    grid = ('<div class="pmo-table-scroll"><table class="pmo-risk-matrix"><caption>Criticité d\'un risque selon sa probabilité '
            '(en lignes) et son impact (en colonnes)</caption>'
            f'<thead><tr><th scope="col">Probabilité \\ impact</th>{head}</tr></thead><tbody>{body}</tbody></table></div>')
    reach = any(c.escalates_to for c in matrix.criticality)
    actions = "".join(f'<tr><th scope="row" class="pmo-crit pmo-crit--{rank[c.id]}">{esc(tr(c.name))}</th><td>{esc(tr(c.action))}</td>'
                      + (f"<td>{esc(role_names.get(c.escalates_to, c.escalates_to) if c.escalates_to else '—')}</td>" if reach else "")
                      + "</tr>" for c in matrix.criticality)
    reach_head = '<th scope="col">Remonte à</th>' if reach else ""
    decisions = (("Qui décide", [role_names.get(i.decided_by, i.decided_by) if i.decided_by else "—" for i in matrix.impact])
                 if any(i.decided_by for i in matrix.impact) else None)
    return "\n".join([
        _scale("Échelle de probabilité", [(tr(p.name), tr(p.definition)) for p in matrix.probability]),
        _scale("Échelle d'impact", [(tr(i.name), tr(i.definition)) for i in matrix.impact], decisions),
        grid,
        f'<table class="pmo-scale"><caption>Ce que demande chaque niveau de criticité</caption><thead><tr><th scope="col">Criticité</th>'
        f'<th scope="col">Réponse attendue</th>{reach_head}</tr></thead><tbody>{actions}</tbody></table>',
    ])
