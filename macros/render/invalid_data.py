"""The page the PMO's preview shows while the référentiel is invalid: every error, where it is, what to do."""
from __future__ import annotations

from collections.abc import Sequence

from macros.core.problems import Problem
from macros.render.escape import esc


def render_invalid_data(problems: Sequence[Problem]) -> str:
    """HTML for the preview's error page (overrides/404.html): the errors by file, each with its line and column."""
    count = len(problems)
    items = "".join(
        f"<li><code>{esc(p.file)}:{p.line}:{p.column}</code> : " + (f"<code>{esc(p.field)}</code> : " if p.field else "")
        + f"{esc(p.message)}</li>" for p in problems)
    return ("<p>Le site ne peut pas être reconstruit : les données du référentiel contiennent "
            + (f"{count} erreurs" if count > 1 else "une erreur") + ". Corrigez-les puis enregistrez : cette page se "
            "recharge seule dès que les données sont valides. <code>make validate</code> donne la même liste.</p>"
            f'<ul class="pmo-erreurs">{items}</ul>')
