"""The HTML of the edition's PDF: every part in order, French typography on all its text, links inside the document."""
from __future__ import annotations

import base64
import re

import markdown

from macros.core import links
from macros.core.text import plural
from macros.model import tr
from macros.pages.document import EditionDocument
from macros.pages.roles import RolePage
from macros.render.escape import esc
from macros.render.files.pdf.anchors import GLOSSARY, LIFECYCLE, NOTES, ROLES, SOURCES, STANDARDS, Targets, prefix_ids, role_anchor, standard_anchor
from macros.render.files.pdf.front import Entry, contents, control, cover, document_title, history, sources
from macros.render.files.pdf.standard import item_href, standard_section, standard_title
from macros.render.glossary import render_glossary
from macros.render.lifecycle import lifecycle_svg
from macros.render.pmo_markdown import to_html
from macros.render.release_notes import render_edition_page
from macros.render.typography import french_html

CONTROL, HISTORY, CONTENTS = "maitrise", "historique", "sommaire"
# The generated pages reused as they are (release notes, glossary) are Markdown: the same extensions as the site's.
_EXTENSIONS = ["tables", "attr_list", "def_list", "admonition", "md_in_html"]
# The diagram is an image inside the PDF: its look is set here, not by the site's stylesheet.
_SVG_STYLE = ("<style>.pmo-cycle__phase{fill:#ffffff;stroke:#3949ab;stroke-width:2}.pmo-cycle__gate{fill:#c5cae9;stroke:#1a237e;stroke-width:1}"
              ".pmo-cycle__flow{stroke:#555555;stroke-width:2;fill:none}text{fill:#1a1a1a;font-size:11px;font-family:'DejaVu Sans'}"
              ".pmo-cycle__phase-name{font-size:14px;font-weight:bold}.pmo-cycle__gate-name{font-weight:bold}</style>")


def _markdown_page(text: str) -> str:
    """A generated page's Markdown as HTML, without its front matter and title (the document gives its own)."""
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    lines = text.lstrip("\n").split("\n")
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    html: str = markdown.markdown("\n".join(lines), extensions=_EXTENSIONS, output_format="html")
    return html


def _lifecycle(doc: EditionDocument) -> str:
    page = doc.lifecycle
    # Typography now: the image's text is out of reach of the pass on the document's HTML.
    svg = french_html(lifecycle_svg(page, page.src, wide=True)).replace(">", ">" + _SVG_STYLE, 1)
    image = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    summary = ", ".join(f"{block.name}" + (f" puis jalon « {tr(block.gate.name)} »" if block.gate else "") for block in page.phases)
    out = [f'<h1 id="{LIFECYCLE}">Cycle de vie d\'un projet</h1>',
           "<p>Tous les standards partagent ces phases et ces jalons. À chaque jalon, l'instance indiquée décide de passer à la phase "
           "suivante, sur les critères de passage du jalon. Les documents clés de chaque phase renvoient à leur modèle.</p>",
           f'<figure><img src="{image}" alt="{esc("Cycle de vie : " + summary + ".")}">'
           "<figcaption>Phases, jalons, instance qui décide et documents clés ; le détail suit en texte.</figcaption></figure>"]
    for block in page.phases:
        documents = ", ".join(f'<a href="#{esc(standard_anchor(slug, "modele-" + tid))}">{esc(title)}</a>'
                              for title, slug, tid in block.documents) or "aucun modèle propre"
        out += [f"<h2>{esc(block.name)}</h2>", f"<p>{esc(block.description)}</p>", f"<p>Documents clés : {documents}.</p>"]
        if block.gate is not None:
            who = f", décidé par {esc(block.decided_by)}" if block.decided_by else ""
            out.append(f"<p>Elle se termine par le jalon <strong>{esc(tr(block.gate.name))}</strong>{who} : {esc(tr(block.gate.description))}</p>")
    return "".join(out)


def _standards(doc: EditionDocument, targets: Targets) -> str:
    rows = "".join(
        f'<tr><th scope="row" class="id">{esc(p.standard.id)}</th><td><a href="#{esc(standard_anchor(p.standard.slug))}">'
        f"{esc(tr(p.standard.title))}</a></td><td>{esc(p.standard.version)}</td><td>{esc(p.role_names.get(p.standard.owner, p.standard.owner))}</td>"
        f'<td>{len(p.standard.checklist)}</td><td><a class="page-ref" href="#{esc(standard_anchor(p.standard.slug))}"></a></td></tr>'
        for p in doc.standards)
    intro = (f'<h1 id="{STANDARDS}">Standards en vigueur</h1>'
             f"<p>Les {plural(len(doc.standards), 'standard')} de l'édition {esc(doc.edition.id)}, chacun dans la version qu'elle publie. "
             "Pour chacun : sa fiche, son résumé, ses objectifs et son périmètre, son texte d'accompagnement, sa liste de contrôle par "
             "phase avec le niveau de chaque élément selon la catégorie du projet, sa matrice RACI, ses modèles et leur version, ses "
             "indicateurs, ses références et l'historique de ses versions.</p>"
             '<table class="index"><caption>Standards de l\'édition</caption><thead><tr><th scope="col" class="col-id">Identifiant</th>'
             '<th scope="col">Standard</th><th scope="col" class="col-version">Version</th><th scope="col" class="col-owner">Propriétaire</th>'
             '<th scope="col" class="col-items">Éléments</th><th scope="col" class="col-page">Page</th></tr>'
             f"</thead><tbody>{rows}</tbody></table>")
    return intro + "".join(standard_section(page, targets) for page in doc.standards)


def _role(page: RolePage, targets: Targets) -> str:
    m = page.role.meta
    src = links.role_page(m.id)
    body = prefix_ids(targets.relink(to_html(page.role.body, shift=1, id_prefix="def-", resolve=page.links.get), src), role_anchor(m.id) + "--")
    facts = [("Identifiant", esc(m.id)), ("Version de la définition", esc(m.version))]
    if m.reports_to:
        facts.append(("Rend compte à", f'<a href="#{esc(role_anchor(m.reports_to))}">{esc(page.reports_to_name or m.reports_to)}</a>'))
    out = [f'<section class="role" id="{esc(role_anchor(m.id))}"><h2 class="entry">{esc(tr(m.name))}</h2>', f"<p><strong>{esc(tr(m.summary))}</strong></p>",
           '<table class="meta"><caption>Fiche du rôle</caption><tbody>'
           + "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in facts) + "</tbody></table>",
           f'<div class="role-body">{body}</div>', "<h3>Dans les standards</h3>"]
    # One line per standard, not a table: the activities are each standard's RACI, printed with it; here the reader finds
    # where to look, at a fraction of a table's layout time.
    by_raci: dict[str, list[str]] = {}
    for row in page.raci:
        by_raci.setdefault(row.standard.id, []).append(f"{esc(row.activity)} ({'/'.join(row.letters)})")
    anchors = {row.standard.id: standard_anchor(row.standard.slug, "raci") for row in page.raci}
    out.append("<ul>" + "".join(f'<li><a href="#{esc(anchors[sid])}">{esc(sid)}</a> : {" ; ".join(found)}</li>'
                                for sid, found in by_raci.items()) + "</ul>" if by_raci else "<p>Ce rôle n'apparaît dans aucun RACI.</p>")
    out.append("<h3>Éléments de contrôle dont il est responsable</h3>")
    by_standard: dict[str, list[str]] = {}
    for line in page.items:
        by_standard.setdefault(line.standard_id, []).append(f'<a href="{esc(item_href(line))}">{esc(line.item_id)}</a>')
    out.append("<ul>" + "".join(f"<li>{esc(sid)} : {', '.join(refs)}</li>" for sid, refs in by_standard.items()) + "</ul>"
               if by_standard else "<p>Aucun élément de contrôle.</p>")
    return "".join(out) + "</section>"


def _roles(doc: EditionDocument, targets: Targets) -> str:
    return (f'<h1 id="{ROLES}">Rôles</h1><p>Les rôles du référentiel dans la version que publie l\'édition : leur mission, leurs '
            "responsabilités et compétences, les activités du RACI où ils interviennent et les éléments de contrôle dont ils sont "
            "responsables.</p>" + "".join(_role(page, targets) for page in doc.roles))


def _glossary(doc: EditionDocument, targets: Targets) -> str:
    if doc.terminology is None:
        return ""
    body = targets.relink(_markdown_page(render_glossary(doc.terminology)), links.GLOSSARY_PAGE)
    return f'<h1 id="{GLOSSARY}">Glossaire</h1>' + prefix_ids(body, GLOSSARY + "--")


def _notes(doc: EditionDocument, targets: Targets) -> str:
    src = links.edition_page(doc.edition.id)
    body = targets.relink(_markdown_page(render_edition_page(doc.notes)), src)
    return f'<h1 id="{NOTES}">Nouveautés de l\'édition {esc(doc.edition.id)}</h1>' + prefix_ids(body, NOTES + "--")


def _entries(doc: EditionDocument) -> list[Entry]:
    entries = [Entry(CONTROL, "Maîtrise du document"), Entry(HISTORY, "Historique des éditions"),
               Entry(LIFECYCLE, "Cycle de vie d'un projet"),
               Entry(STANDARDS, "Standards en vigueur", [Entry(standard_anchor(p.standard.slug), standard_title(p.standard)) for p in doc.standards]),
               Entry(ROLES, "Rôles", [Entry(role_anchor(p.role.meta.id), tr(p.role.meta.name)) for p in doc.roles])]
    if doc.terminology is not None:
        entries.append(Entry(GLOSSARY, "Glossaire"))
    return entries + [Entry(NOTES, f"Nouveautés de l'édition {doc.edition.id}"), Entry(SOURCES, "Fichiers sources de l'édition")]


_SPACES = re.compile(r"\s+")


def document_html(doc: EditionDocument) -> str:
    """The whole document as one HTML page for WeasyPrint: data escaped once, typography applied once, links internal."""
    targets = Targets.of({p.standard.slug: p.standard.version for p in doc.standards}, [p.role.meta.id for p in doc.roles], doc.edition.id)
    parts = [cover(doc), control(doc, CONTROL), history(doc, HISTORY), contents(_entries(doc), CONTENTS),
             _lifecycle(doc), _standards(doc, targets), _roles(doc, targets), _glossary(doc, targets), _notes(doc, targets), sources(doc)]
    title = esc(document_title(doc))
    day = doc.date.isoformat()
    description = esc(_SPACES.sub(" ", f"Standards, rôles, modèles et nouveautés de l'édition {doc.edition.id} du référentiel PMO."))
    head = (f'<meta charset="utf-8"><title>{title}</title><meta name="author" content="{esc(doc.organisation or "PMO")}">'
            f'<meta name="description" content="{description}"><meta name="keywords" content="PMO, référentiel, standards, édition {esc(doc.edition.id)}">'
            f'<meta name="generator" content="Référentiel PMO (pmo)"><meta name="dcterms.created" content="{day}">'
            f'<meta name="dcterms.modified" content="{day}">')
    return f'<!DOCTYPE html><html lang="fr"><head>{head}</head><body>{french_html("".join(parts))}</body></html>'
