"""The front and back of the edition's PDF: cover, document control (approval, distribution), history, contents, sources."""
from __future__ import annotations

from dataclasses import dataclass, field

from macros.core.dates import french_date
from macros.core.text import plural
from macros.core.vocabulary import DISTRIBUTION_PURPOSE_LABELS
from macros.model import tr
from macros.pages.document import EditionDocument
from macros.render.escape import esc
from macros.render.files.pdf.anchors import SOURCES, role_anchor

TITLE = "Référentiel PMO"
SUBTITLE = "Standards, rôles et modèles de la gestion de projet"
DEFAULT_ORGANISATION = "Bureau de gestion de projet (PMO)"


@dataclass(frozen=True)
class Entry:
    """One line of the contents (and one bookmark): a heading's id and text, and the entries beneath it."""

    anchor: str
    title: str
    children: list[Entry] = field(default_factory=list)


def document_title(doc: EditionDocument) -> str:
    return f"{TITLE} — édition {doc.edition.id}"


def running_footer(doc: EditionDocument) -> str:
    """What the foot of every page says besides its number."""
    return f"Édition publiée le {french_date(doc.date)}"


def cover(doc: EditionDocument) -> str:
    organisation = doc.organisation or DEFAULT_ORGANISATION
    return ('<section class="cover" id="couverture">'
            f'<p class="organisation">{esc(organisation)}</p>'
            f'<p class="title">{TITLE}</p>'
            f'<p class="subtitle">{SUBTITLE}</p>'
            f'<p class="edition">Édition {esc(doc.edition.id)}</p>'
            f'<p class="date">Publiée le {french_date(doc.date)}</p>'
            '<p><span class="status">Édition publiée</span></p>'
            '<div class="notice"><p>Document maîtrisé : la version qui fait foi est celle du site du référentiel. Un exemplaire '
            "imprimé n'est pas tenu à jour ; vérifiez avant usage qu'une édition plus récente n'a pas été publiée.</p>"
            f"<p>Ce fichier porte en pièces jointes les {plural(len(doc.sources), 'fichier source', 'fichiers sources')} de "
            "l'édition ; leur empreinte sha256 se vérifie dans <code>standards/published.lock</code> "
            f'(voir <a href="#{SOURCES}">Fichiers sources de l\'édition</a>).</p></div>'
            "</section>")


def _role(doc: EditionDocument, role_id: str) -> str:
    return f'<a href="#{esc(role_anchor(role_id))}">{esc(doc.role_names.get(role_id, role_id))}</a>'


def control(doc: EditionDocument, anchor: str) -> str:
    """Identification, approval and distribution of the edition, as editions.yaml records them."""
    edition = doc.edition
    previous = doc.history[-2].id if len(doc.history) > 1 else None
    facts = [("Document", esc(document_title(doc))), ("Statut", "Édition publiée"), ("Date de publication", french_date(doc.date)),
             ("Remplace", f"l'édition {esc(previous)}" if previous else "aucune : première édition du référentiel"),
             ("Contenu", f"{plural(len(doc.standards), 'standard')} en vigueur, {plural(len(doc.roles), 'définition de rôle', 'définitions de rôle')}")]
    out = [f'<h1 id="{anchor}">Maîtrise du document</h1>', _table("Identification de l'édition", facts)]
    approval = edition.approval
    out.append('<h2 id="approbation">Approbation</h2>')
    if approval is None:
        out.append("<p>L'approbation de cette édition n'est pas consignée dans <code>standards/editions.yaml</code> (champ "
                   "<code>approval</code>, ajouté au référentiel après sa publication) ; la publication elle-même est datée et "
                   "ses fichiers sont verrouillés par leur empreinte.</p>")
    else:
        rows = []
        if approval.prepared_by:
            rows.append(("Rédigée par", _role(doc, approval.prepared_by)))
        if approval.reviewed_by:
            rows.append(("Vérifiée par", ", ".join(_role(doc, r) for r in approval.reviewed_by)))
        rows += [("Approuvée par", _role(doc, approval.approved_by)), ("Date d'approbation", french_date(approval.approved_on))]
        if approval.reference:
            rows.append(("Décision", esc(tr(approval.reference))))
        out.append(_table("Circuit d'approbation", rows))
    out.append('<h2 id="diffusion">Diffusion</h2>')
    if not edition.distribution:
        out.append("<p>La liste de diffusion de cette édition n'est pas consignée dans <code>standards/editions.yaml</code> "
                   "(champ <code>distribution</code>). Le référentiel est diffusé par son site.</p>")
    else:
        rows = [(_role(doc, r.role) if r.role else esc(tr(r.audience)), esc(DISTRIBUTION_PURPOSE_LABELS[r.purpose]))
                for r in edition.distribution]
        out.append('<table><caption>Liste de diffusion</caption><thead><tr><th scope="col">Destinataire</th>'
                   '<th scope="col">Diffusion</th></tr></thead><tbody>'
                   + "".join(f'<tr><th scope="row">{who}</th><td>{why}</td></tr>' for who, why in rows) + "</tbody></table>")
    return "".join(out)


def _table(caption: str, rows: list[tuple[str, str]]) -> str:
    """A two-column table of facts, already escaped: a label per row, its value beside it."""
    body = "".join(f'<tr><th scope="row">{label}</th><td>{value}</td></tr>' for label, value in rows)
    return f'<table class="meta"><caption>{caption}</caption><tbody>{body}</tbody></table>'


def history(doc: EditionDocument, anchor: str) -> str:
    """Every published edition up to this one, newest first, with its notes."""
    out = [f'<h1 id="{anchor}">Historique des éditions</h1>',
           "<p>Chaque édition publie ensemble une version de chaque standard et de chaque définition de rôle. Les notes sont "
           "celles que le PMO a publiées avec l'édition.</p>"]
    for edition in reversed(doc.history):
        mark = ' <span class="current-mark">(la présente édition)</span>' if edition.id == doc.edition.id else ""
        day = french_date(edition.date) if edition.date else "—"
        out.append(f'<div class="history-entry"><h2>Édition {esc(edition.id)}, publiée le {day}{mark}</h2>'
                   f"<p>{esc(tr(edition.notes))}</p>"
                   f"<p class=\"note\">{plural(len(edition.standards), 'standard')}, "
                   f"{plural(len(edition.roles), 'définition de rôle', 'définitions de rôle')}.</p></div>")
    return "".join(out)


def contents(entries: list[Entry], anchor: str) -> str:
    """The table of contents: every chapter and its entries, with their page numbers (target-counter in the style)."""
    def items(found: list[Entry], top: bool) -> str:
        opening = '<li class="chapter">' if top else "<li>"
        return "<ol>" + "".join(f'{opening}<a href="#{esc(e.anchor)}">{esc(e.title)}</a>'
                                + (items(e.children, False) if e.children else "") + "</li>" for e in found) + "</ol>"
    return f'<h1 id="{anchor}">Sommaire</h1><nav class="contents" aria-label="Sommaire">{items(entries, True)}</nav>'


def sources(doc: EditionDocument) -> str:
    """The files the edition is made from, attached to this PDF, with their fingerprint as the lock records it."""
    rows = "".join(f'<tr><th scope="row"><code>{esc(f.path)}</code></th><td class="hash">{esc(f.sha256)}</td></tr>' for f in doc.sources)
    return (f'<h1 id="{SOURCES}">Fichiers sources de l\'édition</h1>'
            f"<p>Ce document est produit à partir des {plural(len(doc.sources), 'fichier', 'fichiers')} ci-dessous, publiés dans "
            "l'édition et joints à ce PDF (norme PDF/A-3). L'empreinte indiquée est celle que <code>standards/published.lock</code> "
            "enregistre : un lecteur peut extraire une pièce jointe, calculer son sha256 (par exemple <code>sha256sum</code>) et "
            "le comparer. Le cycle de vie, la catégorisation des projets et la terminologie ne sont pas versionnés par édition ; "
            "ils sont repris tels qu'ils étaient à la production du document.</p>"
            '<table class="sources"><caption>Pièces jointes et empreintes sha256</caption><thead><tr><th scope="col" class="col-file">Fichier</th>'
            f'<th scope="col">sha256</th></tr></thead><tbody>{rows}</tbody></table>')
