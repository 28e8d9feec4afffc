"""Interactive checklists as accessible HTML: a real checkbox and label per item, ticks kept in the browser."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from macros.constants import LEVEL_LABELS
from macros.model import ChecklistItem, Standard, tr
from macros.render import links
from macros.render.text import esc, plural


@dataclass(frozen=True)
class Entry:
    """One checklist item with the standard version it comes from."""

    standard: Standard
    item: ChecklistItem


def storage_key(standard: Standard, item: ChecklistItem) -> str:
    """The localStorage key of a tick: stable item id plus the standard's version, never the URL."""
    return f"{standard.id}@{standard.version}#{item.id}"


def standard_form_id(slug: str) -> str:
    """The id of a standard page's checklist form."""
    return f"liste-{slug}"


def item_anchor(slug: str, item_id: str) -> str:
    """The anchor of one item on its standard's page (its checkbox), for links to the exact clause."""
    return f"{standard_form_id(slug)}-{item_id}"


def sort_mandatory_first(entries: Sequence[Entry]) -> list[Entry]:
    """Mandatory items first, then by standard id and item id."""
    return sorted(entries, key=lambda e: (e.item.level != "obligatoire", e.standard.id, e.item.id))


def checklist_form(
    form_id: str,
    title: str,
    groups: Sequence[tuple[str, Sequence[Entry]]],
    role_name: Callable[[str], str],
    role_href: Callable[[str], str],
    template_href: Callable[[Standard, str], str | None],
    show_standard: bool,
) -> str:
    """An HTML form: one fieldset per group (a phase or a level), one labelled checkbox per item."""
    total = sum(len(entries) for _, entries in groups)
    out = [
        f'<form class="pmo-checklist" id="{esc(form_id)}" aria-label="{esc(title)}" data-pmo-checklist>',
        f'<p class="pmo-checklist__status" role="status" aria-live="polite" data-pmo-count>{plural(total, "élément", "éléments")} à vérifier.</p>',
    ]
    for legend, entries in groups:
        if not entries:
            continue
        out.append(f'<fieldset class="pmo-checklist__group"><legend>{esc(legend)}</legend><ul>')
        for entry in entries:
            out.append(_item(form_id, entry, role_name, role_href, template_href, show_standard))
        out.append("</ul></fieldset>")
    out.append(
        '<p class="pmo-checklist__actions">'
        '<button type="button" class="md-button" data-pmo-print>Imprimer la liste</button> '
        '<button type="button" class="md-button" data-pmo-reset>Tout décocher</button></p>'
    )
    out.append("</form>")
    return "\n".join(out)


def _item(form_id: str, entry: Entry, role_name: Callable[[str], str], role_href: Callable[[str], str],
          template_href: Callable[[Standard, str], str | None], show_standard: bool) -> str:
    s, item = entry.standard, entry.item
    box = f"{form_id}-{item.id}"
    level = LEVEL_LABELS[item.level]
    details = [f'Responsable : <a href="{esc(role_href(item.responsible))}">{esc(role_name(item.responsible))}</a>']
    if show_standard:
        details.insert(0, f"{esc(s.id)} v{esc(s.version)}")
    if item.template:
        link = template_href(s, item.template)
        title = next((tr(t.title) for t in s.templates if t.id == item.template), item.template)
        details.append(f'Modèle : <a href="{esc(link)}">{esc(title)}</a>' if link else f"Modèle : {esc(title)}")
    if item.evidence:
        details.append(f"Preuve attendue : {esc(tr(item.evidence))}")
    return (
        f'<li class="pmo-item pmo-item--{"obligatoire" if item.level == "obligatoire" else "recommande"}">'
        f'<input type="checkbox" id="{esc(box)}" data-pmo-key="{esc(storage_key(s, item))}">'
        f'<label for="{esc(box)}"><span class="pmo-level">{esc(level)}</span> '
        f'<span class="pmo-item__id">{esc(item.id)}</span> {esc(tr(item.text))}</label>'
        f'<span class="pmo-item__details">{" · ".join(details)}</span></li>'
    )


def checklist_script(src: str) -> str:
    """The script that keeps ticks, loaded only on pages that hold a checklist."""
    return f'<script src="{esc(links.href(src, "assets/javascripts/checklist.js"))}" defer></script>'
