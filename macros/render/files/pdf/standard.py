"""One standard in the edition's PDF: the same sections as its page, printed (checklist by phase with its level per category)."""
from __future__ import annotations

from macros.core.constants import STANDARD_SECTIONS
from macros.core.dates import french_date
from macros.core.links import is_web_address
from macros.core.vocabulary import (
    FORMAT_LABELS,
    LEVEL_LABELS,
    SCOPE_DESCRIPTIONS,
    STATUS_LABELS,
    TEMPLATE_KIND_LABELS,
    Level,
    TemplateKind,
)
from macros.model import Standard, Template, tr
from macros.pages.checklist import ChecklistLine, RoleRef
from macros.pages.standards import StandardPage
from macros.render.escape import esc
from macros.render.files.pdf.anchors import Targets, prefix_ids, role_anchor, standard_anchor
from macros.render.pmo_markdown import to_html
from macros.render.risk_matrix import render_risk_matrix
from macros.render.standard_page import raci_table


def _heading(slug: str, anchor: str) -> str:
    """A fixed section of a standard, with the anchor its page gives it (prefixed: every standard has one)."""
    return f'<h3 id="{esc(standard_anchor(slug, anchor))}">{STANDARD_SECTIONS[anchor]}</h3>'


def standard_title(s: Standard) -> str:
    return f"{s.id} — {tr(s.title)}"


def standard_section(page: StandardPage, targets: Targets) -> str:
    """A standard in force, from the same page data as its page on the site."""
    s = page.standard
    slug = s.slug
    out = [f'<section class="standard" id="{esc(standard_anchor(slug))}">', f'<h2 class="entry">{esc(standard_title(s))}</h2>',
           _meta(page), _heading(slug, "resume"), f"<p>{esc(tr(s.summary))}</p>",
           _heading(slug, "objectifs"), "<ul>" + "".join(f"<li>{esc(tr(o))}</li>" for o in s.objectives) + "</ul>",
           _heading(slug, "perimetre"), f"<p>{esc(tr(s.scope))}</p>"]
    if page.guidance:
        # The site's own rendering of the guidance (sanitised, its links resolved as on the page), pointed inside the document.
        guidance = to_html(page.guidance, shift=2, id_prefix="guide-", resolve=page.links.get)
        out += [_heading(slug, "mise-en-oeuvre"),
                f'<div class="guidance">{prefix_ids(targets.relink(guidance, page.src), standard_anchor(slug) + "--")}</div>']
    out += [_heading(slug, "liste-de-controle"), _checklist(page)]
    if s.risk_matrix is not None:
        out += [_heading(slug, "matrice-des-risques"), render_risk_matrix(s.risk_matrix, page.role_names)]
    out += [_heading(slug, "raci"), targets.relink(raci_table(page), page.src)]
    out += [_heading(slug, "modeles"), _templates(page)]
    out += [_heading(slug, "indicateurs"), _kpis(s)]
    out += [_heading(slug, "references"), _references(s)]
    out += [_heading(slug, "historique"), _history(page), "</section>"]
    return "".join(out)


def _meta(page: StandardPage) -> str:
    s = page.standard
    rows = [("Identifiant", esc(s.id)), ("Version", esc(s.version)), ("Statut", esc(STATUS_LABELS[page.status])),
            ("En vigueur depuis le", french_date(s.effective_from)), ("Concerne", esc(SCOPE_DESCRIPTIONS[s.applies_to]))]
    if s.transition_until:
        rows.append(("Version précédente tolérée jusqu'au", french_date(s.transition_until)))
    elif s.without_transition:
        rows.append(("Transition", f"aucune : {esc(tr(s.without_transition))}"))
    owner = f'<a href="#{esc(role_anchor(s.owner))}">{esc(page.role_names.get(s.owner, s.owner))}</a>'
    late = f" (en retard à la date de l'édition {esc(page.edition_id or '')})" if page.review_late else ""
    rows += [("Propriétaire", owner), ("Dernière revue", french_date(s.last_reviewed)), ("Prochaine revue", french_date(page.review_due) + late)]
    if page.first_edition:
        rows.append(("Publiée dans l'édition", esc(page.first_edition)))
    body = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows)
    return f'<table class="meta"><caption>Fiche du standard {esc(s.id)}</caption><tbody>{body}</tbody></table>'


def _who(line: ChecklistLine) -> str:
    """Who does the item (R) and who approves it (A), each a link to the role's definition in the document."""
    def link(ref: RoleRef) -> str:
        return f'<a href="#{esc(role_anchor(ref.id))}">{esc(ref.name)}</a>'
    out = "R : " + ", ".join(link(r) for r in line.doers)
    return out + (f"<br>A : {link(line.approver)}" if line.approver is not None else "")


def _checklist(page: StandardPage) -> str:
    """One table per phase: each item with its level in every category of project, who does it, its template and evidence."""
    s = page.standard
    items = {item.id: item for item in s.checklist}
    several = len(page.categories) > 1
    level_heads = ("".join(f'<th scope="col" class="col-level">{esc(name)}</th>' for _, name in page.categories) if several
                   else '<th scope="col" class="col-level">Niveau</th>')
    out = []
    if several:
        out.append(f'<p class="note">Niveau de chaque élément selon la catégorie du projet ({esc(", ".join(n for _, n in page.categories))}). '
                   "R : le rôle qui réalise l'élément ; A : celui qui l'approuve (la ligne du RACI qui le couvre).</p>")
    for legend, lines in page.checklist:
        if not lines:
            continue
        rows = []
        for line in lines:
            item = items[line.item_id]
            levels = [item.level_for(c) for c, _ in page.categories] if several else [line.level]
            cells = "".join(f'<td class="level{" level-mandatory" if lv == Level.MANDATORY else ""}">{esc(LEVEL_LABELS[lv])}</td>' for lv in levels)
            rows.append(f'<tr id="{esc(standard_anchor(s.slug, line.anchor))}"><th scope="row" class="id">{esc(line.item_id)}</th>'
                        f"<td>{esc(line.text)}{_line_details(line)}</td>{cells}"
                        f"<td>{_who(line)}</td></tr>")
        out.append(f'<table class="checklist"><caption>{esc(legend)}</caption><thead><tr><th scope="col" class="col-id">Élément</th>'
                   f'<th scope="col">Exigence</th>{level_heads}<th scope="col" class="col-role">R / A</th></tr></thead>'
                   f'<tbody>{"".join(rows)}</tbody></table>')
    return "".join(out)


def _line_details(line: ChecklistLine) -> str:
    details = []
    if line.template_id:
        title = esc(line.template_title or line.template_id)
        details.append(f'Modèle : <a href="#{esc(standard_anchor(line.slug, "modele-" + line.template_id))}">{title}</a>'
                       if line.template_title else f"Modèle : {title}")
    if line.evidence:
        details.append(f"Preuve attendue : {esc(line.evidence)}")
    return f'<span class="detail">{" · ".join(details)}</span>' if details else ""


def _template_shape(t: Template) -> str:
    if t.kind == TemplateKind.DOCUMENT:
        return "Sections : " + " ; ".join(esc(tr(section.title)) for section in t.sections)
    return "Colonnes : " + " ; ".join(esc(tr(column.name)) for column in t.columns)


def _templates(page: StandardPage) -> str:
    s = page.standard
    if not s.templates:
        return "<p>Ce standard ne définit pas de modèle.</p>"
    rows = "".join(
        f'<tr id="{esc(standard_anchor(s.slug, "modele-" + t.id))}"><th scope="row"><strong>{esc(tr(t.title))}</strong>'
        f'<span class="detail">{esc(tr(t.description))}</span><span class="detail">{_template_shape(t)}</span></th>'
        f"<td>{TEMPLATE_KIND_LABELS[t.kind]}<span class=\"detail\">{esc(', '.join(FORMAT_LABELS[f] for f in t.formats))}</span></td>"
        f'<td class="id">{esc(s.version)}</td><td class="hash">{esc(page.template_hashes[t.id])}</td></tr>'
        for t in s.templates)
    return (f"<p>Chaque modèle suit la version {esc(s.version)} du standard ; chacun de ses fichiers porte dans ses propriétés et son "
            "pied de page l'empreinte indiquée ici.</p>"
            f'<table class="templates"><caption>Modèles de {esc(s.id)}</caption><thead><tr><th scope="col" class="col-template">Modèle</th>'
            '<th scope="col" class="col-kind">Type et formats</th><th scope="col" class="col-version">Version</th><th scope="col">Empreinte</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def _kpis(s: Standard) -> str:
    if not s.kpis:
        return "<p>Ce standard ne définit pas d'indicateur.</p>"
    rows = "".join(f'<tr><th scope="row">{esc(tr(k.name))}</th><td>{esc(tr(k.definition))}</td>'
                   f"<td>{esc(tr(k.target)) if k.target else '—'}</td><td>{esc(tr(k.frequency)) if k.frequency else '—'}</td></tr>"
                   for k in s.kpis)
    return (f'<table class="kpis"><caption>Indicateurs de {esc(s.id)}</caption><thead><tr><th scope="col" class="col-name">Indicateur</th>'
            '<th scope="col">Définition</th><th scope="col" class="col-target">Cible</th><th scope="col" class="col-frequency">Fréquence</th></tr></thead>'
            f'<tbody>{rows}</tbody></table>')


def _references(s: Standard) -> str:
    if not s.references:
        return "<p>Aucune référence.</p>"
    items = []
    for ref in s.references:
        # As on the site, only http(s) addresses become links; the address is printed too, for a paper reader.
        if is_web_address(ref.url):
            items.append(f'<li>{esc(tr(ref.title))} : <a href="{esc(ref.url)}">{esc(ref.url)}</a></li>')
        else:
            items.append(f"<li>{esc(tr(ref.title))}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _history(page: StandardPage) -> str:
    rows = "".join(f'<tr><th scope="row">{esc(v.version)}</th><td>{esc(STATUS_LABELS[v.status])}</td><td>{french_date(v.effective_from)}</td>'
                   f"<td>{esc(', '.join(v.editions)) or '—'}</td></tr>" for v in reversed(page.history))
    return (f'<table class="history"><caption>Versions publiées de {esc(page.standard.id)}</caption><thead><tr><th scope="col" class="col-version">Version</th>'
            f'<th scope="col">Statut</th><th scope="col">En vigueur depuis le</th><th scope="col">Éditions</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def item_href(line: ChecklistLine) -> str:
    """The document link of one checklist item (its row in its standard's checklist)."""
    return "#" + standard_anchor(line.slug, line.anchor)
