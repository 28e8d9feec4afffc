"""Interactive checklists as accessible HTML: a real checkbox and label per item, ticks kept in the browser."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from macros.core import links
from macros.core.text import plural
from macros.core.vocabulary import LEVEL_LABELS, Level
from macros.model import ChecklistItem, Entry, Standard, tr
from macros.render.escape import esc


def storage_key(standard: Standard, item: ChecklistItem) -> str:
    """The localStorage key of a tick: stable item id plus the standard's version, never the URL."""
    return f"{standard.id}@{standard.version}#{item.id}"


def checklist_form(
    form_id: str,
    title: str,
    groups: Sequence[tuple[str, Sequence[Entry]]],
    role_names: dict[str, str],
    src: str,
    show_standard: bool,
) -> str:
    """An HTML form: one fieldset per group (a phase or a level), one labelled checkbox per item."""
    total = sum(len(entries) for _, entries in groups)
    out = [
        f'<form class="pmo-checklist" id="{esc(form_id)}" aria-label="{esc(title)}" data-pmo-checklist>',
        f'<p class="pmo-checklist__status" role="status" aria-live="polite" data-pmo-count>{plural(total, "élément")} à vérifier.</p>',
    ]
    for legend, entries in groups:
        if not entries:
            continue
        out.append(f'<fieldset class="pmo-checklist__group"><legend>{esc(legend)}</legend><ul>')
        for entry in entries:
            out.append(_item(form_id, entry, lambda r: role_names.get(r, r), src, show_standard))
        out.append("</ul></fieldset>")
    out.append(
        '<p class="pmo-checklist__actions">'
        '<button type="button" class="md-button" data-pmo-print>Imprimer la liste</button> '
        '<button type="button" class="md-button" data-pmo-reset>Tout décocher</button></p>'
    )
    out.append("</form>")
    return "\n".join(out)


def template_href(s: Standard, template_id: str, src: str) -> str | None:
    """The first file of a template of this version, from page src."""
    template = next((t for t in s.templates if t.id == template_id), None)
    if template is None:
        return None
    return links.href(src, links.version_file(s.slug, s.version, links.download_name(template.id, template.formats[0])))


def _item(form_id: str, entry: Entry, role_name: Callable[[str], str], src: str, show_standard: bool) -> str:
    s, item = entry.standard, entry.item
    box = f"{form_id}-{item.id}"
    role_link = links.href(src, links.role_page(item.responsible))
    details = [f'Responsable : <a href="{esc(role_link)}">{esc(role_name(item.responsible))}</a>']
    if show_standard:
        details.insert(0, f"{esc(s.id)} v{esc(s.version)}")
    if item.template:
        link = template_href(s, item.template, src)
        title = next((tr(t.title) for t in s.templates if t.id == item.template), item.template)
        details.append(f'Modèle : <a href="{esc(link)}">{esc(title)}</a>' if link else f"Modèle : {esc(title)}")
    if item.evidence:
        details.append(f"Preuve attendue : {esc(tr(item.evidence))}")
    return (
        f'<li class="pmo-item pmo-item--{"obligatoire" if item.level == Level.MANDATORY else "recommande"}">'
        f'<input type="checkbox" id="{esc(box)}" data-pmo-key="{esc(storage_key(s, item))}">'
        f'<label for="{esc(box)}"><span class="pmo-level">{esc(LEVEL_LABELS[item.level])}</span> '
        f'<span class="pmo-item__id">{esc(item.id)}</span> {esc(tr(item.text))}</label>'
        f'<span class="pmo-item__details">{" · ".join(details)}</span></li>'
    )


def checklist_script(src: str) -> str:
    """The script that keeps ticks, loaded only on pages that hold a checklist."""
    return f'<script src="{esc(links.href(src, "assets/javascripts/checklist.js"))}" defer></script>'
