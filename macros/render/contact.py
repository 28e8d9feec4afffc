"""The PMO's contact, set once in mkdocs.yml (extra.referentiel.contact) and shown wherever a page says to ask the PMO."""
from __future__ import annotations

from macros.render.escape import esc


def render_contact(contact: dict[str, str]) -> str:
    """An aside with the PMO's name, mail address and office hours; an error when the configuration lacks them."""
    missing = [key for key in ("nom", "courriel") if not contact.get(key)]
    if missing:
        raise ValueError(f"mkdocs.yml : extra.referentiel.contact doit indiquer {', '.join(missing)}")
    mail = esc(contact["courriel"])
    parts = [f'<a href="mailto:{mail}">{mail}</a>']
    if contact.get("permanence"):
        parts.append(esc(contact["permanence"]))
    return (f'<div class="admonition info pmo-contact" role="note"><p class="admonition-title">'
            f'Contacter {esc(contact["nom"])}</p><p>{" · ".join(parts)}</p></div>')
