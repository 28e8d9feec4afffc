"""The PMO's contact, set once in mkdocs.yml (extra.referentiel.contact) and shown wherever a page says to ask the PMO."""
from __future__ import annotations

from macros.core.site_config import Contact
from macros.render.escape import esc


def render_contact(contact: Contact) -> str:
    """An aside with the PMO's name, mail address and office hours."""
    mail = esc(contact.email)
    parts = [f'<a href="mailto:{mail}">{mail}</a>']
    if contact.office_hours:
        parts.append(esc(contact.office_hours))
    return (f'<div class="admonition info pmo-contact" role="note"><p class="admonition-title">'
            f'Contacter {esc(contact.name)}</p><p>{" · ".join(parts)}</p></div>')
