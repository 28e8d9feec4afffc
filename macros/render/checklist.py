"""Interactive checklists as accessible HTML: a real checkbox and label per item, ticks kept in the browser."""
from __future__ import annotations

import posixpath
from collections.abc import Sequence

from macros.core import links
from macros.core.storage_keys import TICK_PREFIX
from macros.core.text import plural
from macros.core.vocabulary import LEVEL_LABELS, Level, Status
from macros.pages.checklist import ChecklistLine, RoleRef
from macros.render.escape import SEARCH_EXCLUDED, esc
from macros.render.scripts import script_tags


def checklist_form(
    form_id: str,
    title: str,
    groups: Sequence[tuple[str, Sequence[ChecklistLine]]],
    src: str,
    show_standard: bool,
    searchable: bool = True,
) -> str:
    """An HTML form: one fieldset per group (a phase or a level), one labelled checkbox per item.

    `searchable=False` where the items repeat those of the standards' pages (gate lists, the PMO's lists).
    """
    total = sum(len(entries) for _, entries in groups)
    out = [
        f'<form class="pmo-checklist" id="{esc(form_id)}" aria-label="{esc(title)}" data-pmo-checklist '
        f'data-pmo-storage-prefix="{esc(TICK_PREFIX)}"{"" if searchable else " " + SEARCH_EXCLUDED}>',
        # The count and the buttons are the form's controls, not its content: left out of the search.
        f'<p class="pmo-checklist__status" role="status" aria-live="polite" data-pmo-count {SEARCH_EXCLUDED}>'
        f'{plural(total, "élément")} à vérifier.</p>',
    ]
    for legend, entries in groups:
        if not entries:
            continue
        out.append(f'<fieldset class="pmo-checklist__group"><legend>{esc(legend)}</legend><ul>')
        for line in entries:
            out.append(_item(form_id, line, src, show_standard))
        out.append("</ul></fieldset>")
    out.append(
        f'<p class="pmo-checklist__actions" {SEARCH_EXCLUDED}>'
        '<button type="button" class="md-button" data-pmo-print>Imprimer la liste</button> '
        '<button type="button" class="md-button" data-pmo-reset>Tout décocher</button></p>'
    )
    out.append("</form>")
    return "\n".join(out)


def _item(form_id: str, line: ChecklistLine, src: str, show_standard: bool) -> str:
    box = f"{form_id}-{line.item_id}"
    details = [f"Réalise (R) : {roles(line.doers, src)}"]
    if line.approver is not None:
        details.append(f"Approuve (A) : {roles([line.approver], src)}")
    if show_standard:
        details.insert(0, f"{esc(line.standard_id)} v{esc(line.version)}")
        if line.status == Status.UPCOMING:  # on its own standard's page, the page says it once
            details.insert(1, f'<span class="pmo-badge pmo-badge--upcoming">{esc(line.status_label)}</span>')
    if line.template_id:
        title = line.template_title or line.template_id
        if line.template_file:
            # Saved under its versioned name, as every other download link (links.saved_name).
            saved = links.saved_name(posixpath.basename(line.template_file), line.version)
            details.append(f'Modèle : <a href="{esc(links.file_href(src, line.template_file))}" download="{esc(saved)}">{esc(title)}</a>')
        else:
            details.append(f"Modèle : {esc(title)}")
    if line.evidence:
        details.append(f"Preuve attendue : {esc(line.evidence)}")
    # The badge says the level; « si … » follows in plain text, readable (a whole condition in capitals is not).
    condition = f' <span class="pmo-condition">si {esc(line.condition)}</span>' if line.condition else ""
    return (
        f'<li class="pmo-item pmo-item--{"obligatoire" if line.level == Level.MANDATORY else "recommande"}">'
        f'<input type="checkbox" id="{esc(box)}" data-pmo-key="{esc(line.tick_key)}">'
        f'<label for="{esc(box)}"><span class="pmo-level">{esc(LEVEL_LABELS[line.level])}</span>{condition} '
        f'<span class="pmo-item__id">{esc(line.item_id)}</span> {esc(line.text)}</label>'
        f'<span class="pmo-item__details">{" · ".join(details)}</span></li>'
    )


def roles(found: Sequence[RoleRef], src: str) -> str:
    """Role names as links to their pages, separated by commas."""
    return ", ".join(f'<a href="{esc(links.href(src, links.role_page(r.id)))}">{esc(r.name)}</a>' for r in found) or "—"


def checklist_script(src: str) -> str:
    """The script that keeps ticks, loaded only on pages that hold a checklist."""
    return script_tags(src, "checklist.js")
